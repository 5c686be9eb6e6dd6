import { z } from "zod";
import { queryId, dbId } from "../input.ts";

const localDate = z.iso.date("A date, YYYY-MM-DD.");

/** Query of `GET /api/audit/review` and its exports: one lab, a period of lab-local days, both ends included. */
export const TrailReviewQuery = z
  .object({ labId: queryId(), from: localDate, to: localDate })
  .refine((q) => q.from <= q.to, { message: "The period must not end before it starts.", path: ["from"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { message: "A review covers at most 400 days.", path: ["to"] });
export type TrailReviewQuery = z.input<typeof TrailReviewQuery>;

/** Body of `POST /api/audit/review/sign-off`: the report as the reviewer saw it (its content hash), signed with a meaning. */
export const TrailSignOffInput = z.object({
  labId: dbId(),
  from: localDate,
  to: localDate,
  meaning: z.enum(["REVIEWED", "APPROVED"]),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, "The report's SHA-256, as shown on the report."),
  comment: z.string().trim().max(2000).optional().nullable().transform((v) => v || null),
});
export type TrailSignOffInput = z.input<typeof TrailSignOffInput>;
