import { stringify } from "csv-stringify/sync";
import { auditEventBatches, listAuditEvents, ListAuditQuery, type AuditEventView } from "../../domain/audit/audit.query.ts";
import type { Route } from "./route.ts";

const COLUMNS = ["seq", "at", "actor_id", "actor_name", "source", "action", "entity_type", "entity_id", "subject", "lab_id", "reason", "before", "after"];

function csvRows(events: AuditEventView[]): string {
  return stringify(
    events.map((e) => [e.seq, e.at.toISOString(), e.actor.id ?? "", e.actor.name, e.source, e.action, e.entityType, e.entityId, e.subject ?? "", e.labId ?? "", e.reason ?? "", e.before == null ? "" : JSON.stringify(e.before), e.after == null ? "" : JSON.stringify(e.after)]),
  );
}

export const auditRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/audit",
    summary: "The audit trail, filtered and paged, newest first",
    access: { kind: "permission", entity: "audit", action: "view", lab: "query" },
    query: ListAuditQuery,
    handler: async ({ ctx, query }) => ({ json: await listAuditEvents(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/audit/export.csv",
    summary: "The filtered audit trail as CSV, oldest first (streamed)",
    access: { kind: "permission", entity: "audit", action: "export", lab: "query" },
    query: ListAuditQuery,
    produces: ["text/csv"],
    handler: async ({ ctx, query }) => {
      const batches = auditEventBatches(ctx, query as never);
      // The first batch is read before answering, so a refused or invalid query is still a JSON error.
      const first = await batches.next();
      async function* body() {
        yield `\ufeff${stringify([COLUMNS])}`;
        if (first.done) return;
        yield csvRows(first.value);
        for await (const batch of batches) yield csvRows(batch);
      }
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      return { file: { body: body(), contentType: "text/csv; charset=utf-8", filename: `labkeep-audit-${stamp}.csv` } };
    },
  },
];
