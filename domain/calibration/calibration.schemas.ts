import { z } from "zod";
import { dbId, queryId } from "../input.ts";
import { INTERVAL_UNITS } from "./interval.ts";

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
/** A calendar date, YYYY-MM-DD (lab-local). */
const isoDate = z.iso.date();
const finite = (what: string) => z.number({ error: `${what} must be a number.` }).finite(`${what} must be a finite number.`);

export const ProviderSchema = z.enum(["INTERNAL", "EXTERNAL"]);

/** The register settings of one instrument (`PUT /api/equipment/:id/calibration`). */
export const CalibrationPlanInput = z
  .object({
    intervalCount: z.number({ error: "Must be a whole number of units." }).int("Must be a whole number of units.").min(1, "At least 1.").max(3660, "At most 3660."),
    intervalUnit: z.enum(INTERVAL_UNITS, { error: "One of DAY, WEEK, MONTH, YEAR." }),
    noticeDays: z.number().int("Whole days.").min(0, "At least 0 days.").max(366, "At most 366 days.").default(30),
    provider: ProviderSchema,
    providerName: optionalText(200),
    acceptanceCriteria: optionalText(2000),
    firmwareVersion: optionalText(100),
    referenceMaterial: optionalText(2000),
    maintenancePlan: optionalText(2000),
    referenceStandard: z.boolean().default(false),
    active: z.boolean().default(true),
    /** The first due date, for an instrument never calibrated in Labkeep; later ones follow from calibrations. */
    nextDueOn: isoDate.optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.provider === "EXTERNAL" && !plan.providerName) ctx.addIssue({ code: "custom", path: ["providerName"], message: "Name the external provider." });
  });
export type CalibrationPlanInput = z.input<typeof CalibrationPlanInput>;

export const CalibrationPointInput = z
  .object({
    name: text(100).min(1, "Name the point."),
    unit: text(20).min(1, "A unit is required."),
    nominal: finite("Nominal"),
    tolerance: finite("Tolerance").nonnegative("Tolerance is a ± amount, not negative."),
    asFound: finite("As found").nullable().optional(),
    asLeft: finite("As left").nullable().optional(),
  })
  .strict()
  .superRefine((point, ctx) => {
    if (point.asFound == null && point.asLeft == null) ctx.addIssue({ code: "custom", path: ["asFound"], message: "Give the value found, the value left, or both." });
  });
export type CalibrationPointInput = z.input<typeof CalibrationPointInput>;

/** One calibration (`POST /api/equipment/:id/calibrations`). */
export const RecordCalibrationInput = z
  .object({
    calibratedOn: isoDate,
    provider: ProviderSchema.optional(),
    providerName: optionalText(200),
    certificateNumber: optionalText(100),
    firmwareVersion: optionalText(100),
    comment: optionalText(4000),
    points: z.array(CalibrationPointInput).min(1, "Record at least one measured point.").max(100, "At most 100 points."),
    /** Equipment ids of the reference standards used. */
    standardIds: z.array(dbId()).max(20, "At most 20 reference standards.").default([]),
  })
  .strict();
export type RecordCalibrationInput = z.input<typeof RecordCalibrationInput>;

export const CalibrationListQuery = z.object({
  labId: queryId().optional(),
  status: z.enum(["IN_CALIBRATION", "DUE_SOON", "OVERDUE", "OUT_OF_TOLERANCE"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CalibrationListQuery = z.input<typeof CalibrationListQuery>;
