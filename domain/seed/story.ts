import { DateTime } from "luxon";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { EquipmentStatus } from "../db/generated/enums.ts";
import { changeEquipmentStatus, transferEquipment } from "../equipment/equipment.service.ts";
import { amendRecord } from "../record/record.service.ts";
import { logCorrectiveAction, quarantineRecord } from "../corrective/corrective.service.ts";
import { changeUserStatus } from "../user/user.service.ts";
import type { DemoLabCode } from "./identities.ts";
import type { Cast } from "./people.ts";
import type { DemoReview } from "./reviews.ts";

/** What the scripted events of the demo need to act. */
export interface StoryWorld {
  db: Db;
  cast: Cast;
  labs: Record<DemoLabCode, number>;
  equipment: Record<string, number>;
  clock: Clock & { set(at: Date): void };
  /** Adds a step to the history's timeline (dropped when after "now"). */
  schedule(at: Date, label: string, run: () => Promise<unknown>): void;
  /** R-REVIEW: the review settings so far and the story's decisions (reviews.ts). */
  review: DemoReview;
}

export interface StoryEvent {
  day: number;
  /** Lab-local time "HH:mm" in `lab`. */
  time: string;
  lab: DemoLabCode;
  label: string;
  run(world: StoryWorld): Promise<void>;
}

const MANAGER: Record<DemoLabCode, string> = { BOS: "marie.manager", SFO: "marie.manager", LON: "lena.manager" };

function status(lab: DemoLabCode, assetTag: string, to: EquipmentStatus, reason: string, day: number, time: string): StoryEvent {
  return {
    day, time, lab, label: `${assetTag} → ${to}`,
    run: async (w) => void (await changeEquipmentStatus(w.cast[MANAGER[lab]]!.as("TAB", lab), w.equipment[assetTag], { status: to, reason })),
  };
}

/**
 * Amends the latest completed record of a lab with a reading, preferring a failed one: the
 * classic correction of a value typed from the wrong display.
 */
async function amendReading(w: StoryWorld, lab: DemoLabCode, who: string, reason: string): Promise<void> {
  const [target] = await w.db.$queryRaw<{ recordId: number; taskId: number; min: number | null; max: number | null; reading: number }[]>`
    SELECT t.record_id AS "recordId", t.task_id AS "taskId", t.min, t.max, t.reading
      FROM pm_task_result t JOIN pm_record r ON r.id = t.record_id
     WHERE r.lab_id = ${w.labs[lab]} AND r.status = 'COMPLETED' AND t.kind = 'READING' AND t.reading IS NOT NULL AND t.task_id IS NOT NULL
     ORDER BY t.passed, r.completed_at DESC LIMIT 1`;
  if (!target) return;
  const fixed = target.min !== null && target.max !== null ? Number(((target.min + target.max) / 2).toFixed(2)) : target.max ?? target.min ?? target.reading;
  await amendRecord(w.cast[who]!.as("TAB", lab), target.recordId, {
    reason,
    results: [{ taskId: target.taskId, reading: fixed, note: "Corrected from the instrument log." }],
    comment: "Reading corrected by amendment: the instrument was within its limits.",
  });
}

/** In a lab that requires review the amendment is signed too (R-SIGN), with the manager's PIN. */
async function amendComment(w: StoryWorld, lab: DemoLabCode, who: string, comment: string, reason: string): Promise<void> {
  const target = await w.db.pmRecord.findFirst({ where: { labId: w.labs[lab], status: "COMPLETED", frequency: { in: ["MONTHLY", "QUARTERLY"] } }, orderBy: { completedAt: "desc" }, select: { id: true, reviewState: true } });
  if (target) await amendRecord(target.reviewState ? w.cast[who]!.signing("TAB", lab) : w.cast[who]!.as("TAB", lab), target.id, { reason, comment });
}

/**
 * The demo's open corrective action (R-QUAR): the latest failed check of an Active BOS instrument
 * is taken out of service by the technician, assigned to the manager, with one action logged.
 */
async function quarantineLatestFailure(w: StoryWorld): Promise<void> {
  const failed = await w.db.pmRecord.findFirst({
    where: { labId: w.labs.BOS, status: "COMPLETED", result: "FAIL", equipment: { status: "ACTIVE", labId: w.labs.BOS } },
    orderBy: { completedAt: "desc" },
    select: { id: true },
  });
  if (!failed) return;
  const opened = await quarantineRecord(w.cast["tom.tech"]!.as("TAB", "BOS"), failed.id, { assigneeId: w.cast["marie.manager"]!.id });
  await logCorrectiveAction(w.cast["tom.tech"]!.as("TAB", "BOS"), opened.id, { text: "Instrument tagged out; service engineer called" });
}

/** The scripted part of the 60 days: status changes with reasons, a transfer, amendments, a user leaving. */
export const DEMO_STORY: StoryEvent[] = [
  status("SFO", "SFO-SPC-002", "OBSOLETE", "End of life: superseded by a NanoDrop One; kept for the records", 3, "09:15"),
  status("BOS", "BOS-PIP-003", "OBSOLETE", "Failed calibration twice; replaced by a new pipette", 6, "10:00"),
  status("LON", "LON-HPLC-003", "IN_REPAIR", "Pump seal leak; waiting for parts from Agilent", 10, "08:40"),
  status("SFO", "SFO-HPLC-001", "OUT_OF_SERVICE", "Mothballed until the new analytics bay opens", 12, "14:00"),
  {
    day: 18, time: "10:30", lab: "BOS", label: "amendment (reading)",
    run: (w) => amendReading(w, "BOS", "marie.manager", "Reading typed from the wrong display; corrected from the instrument's own log"),
  },
  status("LON", "LON-HPLC-003", "ACTIVE", "Pump seals replaced by the Agilent engineer; qualification passed", 24, "11:00"),
  {
    day: 25, time: "17:00", lab: "BOS", label: "Dan Gone disabled",
    run: async (w) => {
      await changeUserStatus(w.cast["marie.manager"]!.as("TAB", "BOS"), w.cast["dan.disabled"]!.id, "DISABLED");
      await w.cast["dan.disabled"]!.refresh();
    },
  },
  status("LON", "LON-HOOD-003", "OUT_OF_SERVICE", "Extract fan failure reported by estates; hood tagged out", 30, "09:00"),
  {
    day: 35, time: "15:30", lab: "BOS", label: "transfer SFO-PHM-002 → BOS",
    run: async (w) =>
      void (await transferEquipment(w.cast["marie.manager"]!.as("TAB", "SFO"), w.equipment["SFO-PHM-002"], {
        toLabId: w.labs.BOS, location: "3.05 Instrument room, position 3", reason: "Loan for the BOS assay validation study",
      })),
  },
  {
    day: 41, time: "10:00", lab: "LON", label: "amendment (comment)",
    run: (w) => amendComment(w, "LON", "lena.manager", "Alarm test witnessed by estates, work order WO-4471", "Added the estates work order reference"),
  },
  status("BOS", "BOS-CFG-002", "IN_REPAIR", "Imbalance error E-12 at 3,000 rpm; Eppendorf service call opened", 45, "16:20"),
  { day: 55, time: "11:00", lab: "BOS", label: "corrective action opened", run: quarantineLatestFailure },
];

/** When a story event happens: `day` days after the lab-local date of `start`, at its local time. */
export function storyTime(event: StoryEvent, start: Date, zone: string): Date {
  const [hour, minute] = event.time.split(":").map(Number) as [number, number];
  return DateTime.fromJSDate(start, { zone }).startOf("day").plus({ days: event.day }).set({ hour, minute }).toJSDate();
}
