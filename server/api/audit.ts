import { auditEventBatches, listAuditEvents, ListAuditQuery, type AuditEventView } from "../../domain/audit/audit.query.ts";
import { csvFile, csvHeader, csvRows } from "../../domain/report/csv.ts";
import { getTrailReview, signOffTrailReview, trailReviewExport } from "../../domain/trail/trail.service.ts";
import { TrailReviewQuery, TrailSignOffInput } from "../../domain/trail/trail.schemas.ts";
import type { Route } from "./route.ts";

const COLUMNS = ["seq", "at", "actor_id", "actor_name", "source", "action", "entity_type", "entity_id", "subject", "lab_id", "reason", "before", "after"];

/** Every text cell goes through the shared CSV writer: reasons and names are user input (formula injection). */
function auditCsvRows(events: AuditEventView[]): string {
  return csvRows(
    events.map((e) => [e.seq, e.at.toISOString(), e.actor.id ?? "", e.actor.name, e.source, e.action, e.entityType, e.entityId, e.subject ?? "", e.labId ?? "", e.reason ?? "", e.before == null ? "" : JSON.stringify(e.before), e.after == null ? "" : JSON.stringify(e.after)]),
  );
}

export const auditRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/audit/review",
    summary: "Audit-trail review of a lab and period (Annex 11 §9): exceptions by kind, content hash, QA sign-offs",
    access: { kind: "permission", entity: "audit", action: "view" },
    query: TrailReviewQuery,
    handler: async ({ ctx, query }) => ({ json: await getTrailReview(ctx, query) }),
  },
  {
    method: "GET",
    path: "/api/audit/review/export.csv",
    summary: "The audit-trail review as CSV: exceptions, counts, report hash and sign-offs",
    access: { kind: "permission", entity: "audit", action: "export" },
    query: TrailReviewQuery,
    produces: ["text/csv"],
    handler: async ({ ctx, query }) => {
      const file = await trailReviewExport(ctx, query);
      return { file: { body: csvFile(file.headers, file.rows), contentType: "text/csv; charset=utf-8", filename: file.filename } };
    },
  },
  {
    method: "POST",
    path: "/api/audit/review/sign-off",
    summary: "QA signs off an audit-trail review (meaning REVIEWED or APPROVED) bound to the report's SHA-256",
    access: { kind: "permission", entity: "audit", action: "signOff" },
    body: TrailSignOffInput,
    handler: async ({ ctx, body }) => ({ status: 201, json: await signOffTrailReview(ctx, body) }),
  },
  {
    method: "GET",
    path: "/api/audit",
    summary: "The audit trail, filtered and paged, newest first",
    access: { kind: "permission", entity: "audit", action: "view" },
    query: ListAuditQuery,
    handler: async ({ ctx, query }) => ({ json: await listAuditEvents(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/audit/export.csv",
    summary: "The filtered audit trail as CSV, oldest first (streamed)",
    access: { kind: "permission", entity: "audit", action: "export" },
    query: ListAuditQuery,
    produces: ["text/csv"],
    handler: async ({ ctx, query }) => {
      const batches = auditEventBatches(ctx, query as never);
      // The first batch is read before answering, so a refused or invalid query is still a JSON error.
      const first = await batches.next();
      async function* body() {
        yield csvHeader(COLUMNS);
        if (first.done) return;
        yield auditCsvRows(first.value);
        for await (const batch of batches) yield auditCsvRows(batch);
      }
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      return { file: { body: body(), contentType: "text/csv; charset=utf-8", filename: `labkeep-audit-${stamp}.csv` } };
    },
  },
];
