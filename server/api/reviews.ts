import { listReviewQueue, resubmitRecord, returnRecord, reviewRecord } from "../../domain/review/review.service.ts";
import { ResubmitRecordInput, ReturnRecordInput, ReviewQueueQuery, ReviewRecordInput } from "../../domain/review/review.schemas.ts";
import { idParam, type Route } from "./route.ts";

/** Second-person review (R-REVIEW): the queue, the two decisions, and the performer's resubmission. */
export const reviewRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/reviews",
    summary: "Records awaiting my review (someone else performed them), oldest completion first",
    access: { kind: "permission", entity: "record", action: "review" },
    query: ReviewQueueQuery,
    handler: async ({ ctx, query }) => ({ json: await listReviewQueue(ctx, { ...query, view: "awaiting" }) }),
  },
  {
    method: "GET",
    path: "/api/reviews/returned",
    summary: "My completed records a reviewer returned to me for correction",
    access: { kind: "permission", entity: "record", action: "complete" },
    query: ReviewQueueQuery,
    handler: async ({ ctx, query }) => ({ json: await listReviewQueue(ctx, { ...query, view: "returned" }) }),
  },
  {
    method: "POST",
    path: "/api/records/:id/review",
    summary: "Review a completed record (a second person; never its performer), with an optional comment",
    access: { kind: "permission", entity: "record", action: "review" },
    body: ReviewRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await reviewRecord(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/records/:id/return",
    summary: "Return a record awaiting review to its performer, with a reason",
    access: { kind: "permission", entity: "record", action: "review" },
    body: ReturnRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await returnRecord(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/records/:id/resubmit",
    summary: "The performer resubmits a returned record, with a note and optional corrections (an amendment)",
    access: { kind: "permission", entity: "record", action: "complete" },
    body: ResubmitRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await resubmitRecord(ctx, idParam(params, "id"), body) }),
  },
];
