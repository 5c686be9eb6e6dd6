import { z } from "zod";
import { queryId } from "../input.ts";
import { TaskResultInput } from "../record/record.schemas.ts";

/** Body of `POST /api/records/:id/review`: the reviewer's comment is optional. */
export const ReviewRecordInput = z.object({ comment: z.string().trim().max(2000).optional() }).strict();
export type ReviewRecordInput = z.infer<typeof ReviewRecordInput>;

/** Body of `POST /api/records/:id/return`: the performer is told why. */
export const ReturnRecordInput = z.object({ reason: z.string().trim().min(1, "A reason is required.").max(2000) }).strict();
export type ReturnRecordInput = z.infer<typeof ReturnRecordInput>;

/**
 * Body of `POST /api/records/:id/resubmit`: what the performer did about the reviewer's reason,
 * with corrected answers or comment when something needed correcting (written as an amendment).
 */
export const ResubmitRecordInput = z
  .object({
    note: z.string().trim().min(1, "Say what was corrected.").max(2000),
    results: z.array(TaskResultInput).max(500).optional(),
    comment: z.string().trim().max(4000).optional(),
  })
  .strict();
export type ResubmitRecordInput = z.infer<typeof ResubmitRecordInput>;

/** Query of `GET /api/reviews`: records awaiting my review, or mine returned to me. */
export const ReviewQueueQuery = z.object({
  view: z.enum(["awaiting", "returned"]).default("awaiting"),
  labId: queryId().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ReviewQueueQuery = z.input<typeof ReviewQueueQuery>;
