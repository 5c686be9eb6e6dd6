import { z } from "zod";
import { dbId, queryId } from "../input.ts";

export const FrequencySchema = z.enum(["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"]);
export const RecordStatusFilterSchema = z.enum(["open", "overdue", "due", "completed"]);
/** Columns a record list sorts on (the tab's sortable headers); `number` is the record number within its lab. */
export const RecordSortSchema = z.enum(["due", "completed", "number", "assetTag", "model", "location", "lab", "status", "assignee"]);
export type RecordSort = z.infer<typeof RecordSortSchema>;
export const SortDirSchema = z.enum(["asc", "desc"]);

/**
 * Whose records (the record's own assignment, issue 14 §3): `me` (the signed-in user), `none`
 * (not assigned) or a user id (by the one id rule, so 2^31 and above are refused).
 */
export const AssigneeFilterSchema = z
  .union([z.enum(["me", "none"]), queryId()], { error: "Must be me, none or a user id." })
  .describe("Records assigned to: me (the signed-in user), none (unassigned) or a user id");
export type AssigneeFilter = z.output<typeof AssigneeFilterSchema>;

/** Query of `GET /api/records` and `listRecords`. Strings are coerced so a query string parses as is. */
export const ListRecordsQuery = z.object({
  labId: queryId().optional(),
  frequency: FrequencySchema.optional(),
  status: RecordStatusFilterSchema.optional(),
  search: z.string().trim().max(100).optional(),
  assignee: AssigneeFilterSchema.optional(),
  /** Without it: open records overdue first by due time; completed ones newest period first. */
  sort: RecordSortSchema.optional(),
  dir: SortDirSchema.default("asc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListRecordsQuery = z.input<typeof ListRecordsQuery>;

/** One answer of a checklist. Which field counts depends on the task's kind. */
export const TaskResultInput = z.object({
  taskId: dbId(),
  outcome: z.enum(["DONE", "NOT_DONE", "NOT_APPLICABLE"]).optional(),
  reading: z.number().optional(),
  text: z.string().max(2000).optional(),
  note: z.string().max(2000).optional(),
});
export type TaskResultInput = z.infer<typeof TaskResultInput>;

/** Body of `POST /api/records/:id/complete`. */
export const CompleteRecordInput = z.object({
  results: z.array(TaskResultInput).max(500),
  comment: z.string().trim().max(4000).optional(),
});
export type CompleteRecordInput = z.infer<typeof CompleteRecordInput>;

/** Body of `POST /api/records/:id/amend`: a correction needs a reason and something to change. */
export const AmendRecordInput = z
  .object({
    reason: z.string().trim().min(1, "A reason is required.").max(2000),
    results: z.array(TaskResultInput).max(500).optional(),
    comment: z.string().trim().max(4000).optional(),
  })
  .refine((v) => (v.results?.length ?? 0) > 0 || v.comment !== undefined, {
    message: "Give corrected results or a corrected comment.",
    path: ["results"],
  });
export type AmendRecordInput = z.infer<typeof AmendRecordInput>;

/** Body of `POST /api/records/:id/not-required`: closing a period without work needs a reason. */
export const MarkNotRequiredInput = z.object({
  reason: z.string().trim().min(1, "A reason is required.").max(2000),
});
export type MarkNotRequiredInput = z.infer<typeof MarkNotRequiredInput>;

/** R-SIGN: POST /api/records/:id/signatures. Reviews and approvals are signed where they are made. */
export const SignRecordInput = z.object({ meaning: z.literal("PERFORMED") }).strict();
