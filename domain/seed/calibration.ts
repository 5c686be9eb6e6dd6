/**
 * The demo's calibration register (R-CAL, R-FILE): plans for balances (the reference standards),
 * pipettes and pH meters, calibrations with as-found/as-left points, certificate numbers and the
 * external providers' certificates attached as PDFs, all recorded through the domain services at
 * their moment of the story. At the end of the history the register shows every status:
 *
 * | instrument  | plan                          | last calibration (story day)        | status at day 60 |
 * | BOS-BAL-001 | 1 year, external, standard    | day 3, certificate attached         | in calibration   |
 * | LON-BAL-001 | 1 year, external, standard    | day 4, certificate attached         | in calibration   |
 * | BOS-PIP-001 | 6 months, against BOS-BAL-001 | day 8                               | in calibration   |
 * | LON-PIP-001 | 3 months, against LON-BAL-001 | day 20, found out, adjusted back in | in calibration   |
 * | BOS-PIP-002 | 2 months, notice 14 days      | day 8 (due day ~69)                 | due soon         |
 * | SFO-PHM-001 | 6 months, first due day 75    | never                               | due soon         |
 * | BOS-PHM-001 | 1 month, notice 7 days        | day 10 (due day ~40)                | overdue          |
 * | SFO-BAL-001 | 1 year, first due day 45      | never                               | overdue          |
 * | BOS-PIP-004 | 6 months, against BOS-BAL-001 | day 50, out of tolerance as left    | out of tolerance |
 *
 * BOS quarantines on OFFER: the out-of-tolerance pipette stays in service with the offer showing
 * (the demo's one open corrective action is the failed check of story.ts).
 */
import { recordCalibration, setCalibrationPlan } from "../calibration/calibration.service.ts";
import type { CalibrationPlanInput, CalibrationPointInput } from "../calibration/calibration.schemas.ts";
import { addInterval, labToday } from "../calibration/interval.ts";
import { attachFile } from "../file/file.service.ts";
import { certificatePdf } from "./certificate.ts";
import { DEMO_LABS, type DemoLabCode } from "./identities.ts";
import type { StoryEvent, StoryWorld } from "./story.ts";

const MANAGER: Record<DemoLabCode, string> = { BOS: "marie.manager", SFO: "marie.manager", LON: "lena.manager" };
const TECHNICIAN: Record<DemoLabCode, string> = { BOS: "tom.tech", SFO: "tara.tech", LON: "theo.tech" };
const zoneOf = (lab: DemoLabCode) => DEMO_LABS.find((l) => l.code === lab)!.timeZone;
/** Certificates are small PDFs; the demo's limit is the server's default. */
const CERTIFICATE_MAX_BYTES = 20 * 1024 * 1024;

const balance = (asFound: [number, number, number], asLeft: [number, number, number] = asFound): CalibrationPointInput[] => [
  { name: "1 g (E2)", unit: "mg", nominal: 1000, tolerance: 0.05, asFound: asFound[0], asLeft: asLeft[0] },
  { name: "100 g (E2)", unit: "g", nominal: 100, tolerance: 0.0002, asFound: asFound[1], asLeft: asLeft[1] },
  { name: "200 g (E2)", unit: "g", nominal: 200, tolerance: 0.0003, asFound: asFound[2], asLeft: asLeft[2] },
];
const pipette = (asFound: [number, number, number], asLeft: [number, number, number] = asFound): CalibrationPointInput[] => [
  { name: "100 µL", unit: "µL", nominal: 100, tolerance: 3, asFound: asFound[0], asLeft: asLeft[0] },
  { name: "500 µL", unit: "µL", nominal: 500, tolerance: 5, asFound: asFound[1], asLeft: asLeft[1] },
  { name: "1000 µL", unit: "µL", nominal: 1000, tolerance: 8, asFound: asFound[2], asLeft: asLeft[2] },
];
const phMeter = (asFound: [number, number, number]): CalibrationPointInput[] => [
  { name: "pH 4.01 buffer", unit: "pH", nominal: 4.01, tolerance: 0.02, asFound: asFound[0], asLeft: asFound[0] },
  { name: "pH 7.00 buffer", unit: "pH", nominal: 7, tolerance: 0.02, asFound: asFound[1], asLeft: asFound[1] },
  { name: "pH 10.01 buffer", unit: "pH", nominal: 10.01, tolerance: 0.03, asFound: asFound[2], asLeft: asFound[2] },
];

/** A plan set by the lab's manager; `firstDueInDays` for an instrument never calibrated in Labkeep. */
function plan(lab: DemoLabCode, assetTag: string, day: number, input: Omit<CalibrationPlanInput, "nextDueOn">, firstDueInDays?: number): StoryEvent {
  return {
    day, time: "09:00", lab, label: `calibration plan ${assetTag}`,
    run: async (w) => {
      const ctx = w.cast[MANAGER[lab]]!.as("TAB", lab);
      const nextDueOn = firstDueInDays === undefined ? undefined : addInterval(labToday(ctx.clock.now(), zoneOf(lab)), { count: firstDueInDays, unit: "DAY" }, zoneOf(lab));
      await setCalibrationPlan(ctx, w.equipment[assetTag], { ...input, ...(nextDueOn ? { nextDueOn } : {}) });
    },
  };
}

interface Calibration {
  points: CalibrationPointInput[];
  standards?: string[];
  certificateNumber?: string;
  /** The external provider's certificate, attached as a PDF. */
  certificate?: { provider: string; instrument: string };
  comment?: string;
}

/** A calibration recorded on the day by the lab's technician, its certificate attached after saving (as the tab does). */
function calibrate(lab: DemoLabCode, assetTag: string, day: number, c: Calibration): StoryEvent {
  return {
    day, time: "14:00", lab, label: `calibration ${assetTag}`,
    run: async (w: StoryWorld) => {
      const ctx = w.cast[TECHNICIAN[lab]]!.as("TAB", lab);
      const calibratedOn = labToday(ctx.clock.now(), zoneOf(lab));
      const recorded = await recordCalibration(ctx, w.equipment[assetTag], {
        calibratedOn,
        points: c.points,
        certificateNumber: c.certificateNumber ?? null,
        standardIds: (c.standards ?? []).map((tag) => w.equipment[tag]!),
        comment: c.comment ?? null,
      });
      if (!c.certificate || !c.certificateNumber) return;
      const bytes = await certificatePdf({ certificateNumber: c.certificateNumber, provider: c.certificate.provider, assetTag, instrument: c.certificate.instrument, calibratedOn, points: c.points.map((p) => ({ ...p, asFound: p.asFound ?? null, asLeft: p.asLeft ?? null })) });
      await attachFile(ctx, { kind: "calibration", id: recorded.calibration.id }, { name: `${c.certificateNumber}.pdf` }, () => bytes, { maxBytes: CERTIFICATE_MAX_BYTES });
    },
  };
}

const BALANCE_PLAN = (providerName: string) => ({ intervalCount: 1, intervalUnit: "YEAR", noticeDays: 30, provider: "EXTERNAL", providerName, referenceStandard: true, acceptanceCriteria: "OIML R 76 class I; E2 weights" }) as const;
const PIPETTE_PLAN = (months: number, noticeDays: number) => ({ intervalCount: months, intervalUnit: "MONTH", noticeDays, provider: "INTERNAL", acceptanceCriteria: "ISO 8655-2 systematic error limits (gravimetric)" }) as const;

export const CALIBRATION_STORY: StoryEvent[] = [
  plan("BOS", "BOS-BAL-001", 2, BALANCE_PLAN("Sartorius Service US")),
  plan("LON", "LON-BAL-001", 2, BALANCE_PLAN("Sartorius UK Service")),
  plan("BOS", "BOS-PIP-001", 2, PIPETTE_PLAN(6, 30)),
  plan("BOS", "BOS-PIP-002", 2, PIPETTE_PLAN(2, 14)),
  plan("BOS", "BOS-PIP-004", 2, PIPETTE_PLAN(6, 30)),
  plan("LON", "LON-PIP-001", 2, PIPETTE_PLAN(3, 14)),
  plan("BOS", "BOS-PHM-001", 2, { intervalCount: 1, intervalUnit: "MONTH", noticeDays: 7, provider: "INTERNAL", referenceMaterial: "Certified buffers pH 4.01, 7.00, 10.01" }),
  plan("SFO", "SFO-PHM-001", 2, { intervalCount: 6, intervalUnit: "MONTH", noticeDays: 30, provider: "INTERNAL", referenceMaterial: "Certified buffers pH 4.01, 7.00, 10.01" }, 73),
  plan("SFO", "SFO-BAL-001", 2, { intervalCount: 1, intervalUnit: "YEAR", noticeDays: 30, provider: "EXTERNAL", providerName: "Sartorius Service US" }, 43),
  calibrate("BOS", "BOS-BAL-001", 3, {
    points: balance([1000.02, 100.0001, 200.0002]), certificateNumber: "SART-US-2026-48213",
    certificate: { provider: "Sartorius Service US", instrument: "Sartorius Cubis II MCA225S" },
  }),
  calibrate("LON", "LON-BAL-001", 4, {
    points: balance([999.98, 99.9999, 200.0001]), certificateNumber: "SART-UK-77120",
    certificate: { provider: "Sartorius UK Service", instrument: "Sartorius Cubis II MCA225S" },
  }),
  calibrate("BOS", "BOS-PIP-001", 8, { points: pipette([100.8, 501.2, 1002.9]), standards: ["BOS-BAL-001"], certificateNumber: "BOS-CAL-0001" }),
  calibrate("BOS", "BOS-PIP-002", 8, { points: pipette([99.1, 498.7, 997.4]), standards: ["BOS-BAL-001"], certificateNumber: "BOS-CAL-0002" }),
  calibrate("BOS", "BOS-PHM-001", 10, { points: phMeter([4.01, 7.01, 10.02]), certificateNumber: "BOS-CAL-0003" }),
  calibrate("LON", "LON-PIP-001", 20, {
    points: pipette([103.6, 502.0, 1004.1], [100.4, 500.6, 1001.2]), standards: ["LON-BAL-001"], certificateNumber: "LON-CAL-0001",
    comment: "100 µL found high; piston seal replaced and the pipette adjusted.",
  }),
  calibrate("BOS", "BOS-PIP-004", 50, {
    points: pipette([104.2, 507.9, 1011.5], [103.9, 506.8, 1010.2]), standards: ["BOS-BAL-001"], certificateNumber: "BOS-CAL-0004",
    comment: "Delivers high at every volume; adjustment did not bring it back. Sent for service.",
  }),
];
