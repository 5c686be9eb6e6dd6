import { z } from "zod";
import { dbId, queryId } from "../input.ts";

const Text = (max: number, required: string) => z.string().trim().min(1, required).max(max);
/** A lab-local calendar day, YYYY-MM-DD. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date as YYYY-MM-DD.").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a real date.");

/** Body of `POST /api/records/:id/quarantine`: take the instrument of a failed check out of service and open a CA. */
export const QuarantineInput = z
  .object({
    /** Who will do the corrective action; the person quarantining when not given. */
    assigneeId: dbId().optional(),
    /** Lab-local due day; 7 days from today when not given. */
    dueOn: Day.optional(),
    /** What is wrong, if it says more than the failed readings. */
    problem: Text(1000, "Say what is wrong.").optional(),
  })
  .strict();
export type QuarantineInput = z.input<typeof QuarantineInput>;

export const LogActionInput = z.object({ text: Text(2000, "Say what was done.") }).strict();
export type LogActionInput = z.input<typeof LogActionInput>;

export const UpdateCorrectiveActionInput = z.object({ assigneeId: dbId().optional(), dueOn: Day.optional() }).strict();
export type UpdateCorrectiveActionInput = z.input<typeof UpdateCorrectiveActionInput>;

/**
 * Body of `POST /api/corrective-actions/:id/close`: the verification (a passing re-check PM record
 * of the instrument, or a passing calibration, newer than the failure) and what was found and done.
 */
export const CloseCorrectiveActionInput = z
  .object({
    verificationRecordId: dbId().optional(),
    /** Or, for an instrument with a calibration plan, a passing calibration newer than the failure. */
    verificationCalibrationId: dbId().optional(),
    note: Text(2000, "Say how the problem was resolved."),
  })
  .strict()
  .refine((b) => (b.verificationRecordId === undefined) !== (b.verificationCalibrationId === undefined), {
    path: ["verificationRecordId"],
    message: "Choose one passing check or one passing calibration.",
  });
export type CloseCorrectiveActionInput = z.input<typeof CloseCorrectiveActionInput>;

export const IMPACT_DECISIONS = ["NO_IMPACT", "RETEST", "INVESTIGATE"] as const;
export const ImpactDecisionInput = z
  .object({
    kind: z.enum(["RECORD", "CALIBRATION"], { error: "RECORD or CALIBRATION." }),
    itemId: dbId(),
    decision: z.enum(IMPACT_DECISIONS, { error: "NO_IMPACT, RETEST or INVESTIGATE." }),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  // A decision other than "no impact" is an instruction to someone: it says what to do.
  .refine((d) => d.decision === "NO_IMPACT" || (d.comment ?? "") !== "", { path: ["comment"], message: "Say what to re-test or investigate." });
export type ImpactDecisionInput = z.input<typeof ImpactDecisionInput>;

const booleanish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
export const ListCorrectiveActionsQuery = z.object({
  labId: queryId().optional(),
  status: z.enum(["open", "closed", "all"]).default("open"),
  assignedToMe: booleanish.default(false),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCorrectiveActionsQuery = z.input<typeof ListCorrectiveActionsQuery>;
