import { closeCorrectiveAction, getCorrectiveAction, listCorrectiveActions, logCorrectiveAction, quarantineRecord, startRecheck, updateCorrectiveAction } from "../../domain/corrective/corrective.service.ts";
import { CloseCorrectiveActionInput, ImpactDecisionInput, ListCorrectiveActionsQuery, LogActionInput, QuarantineInput, UpdateCorrectiveActionInput } from "../../domain/corrective/corrective.schemas.ts";
import { openCorrectiveActionsCsv } from "../../domain/corrective/report.ts";
import { decideImpact, impactCsv } from "../../domain/corrective/impact.ts";
import { quarantineCalibration } from "../../domain/corrective/calibration-failure.ts";
import { idParam, type Route } from "./route.ts";

/** R-QUAR: quarantine after a failed check, corrective actions, their impact assessment. */
export const correctiveActionRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/records/:id/quarantine",
    summary: "Take the instrument of a failed check out of service and open a corrective action",
    access: { kind: "permission", entity: "correctiveAction", action: "create" },
    body: QuarantineInput,
    handler: async ({ ctx, params, body }) => {
      const opened = await quarantineRecord(ctx, idParam(params, "id"), body);
      return { status: 201, json: await getCorrectiveAction(ctx, opened.id) };
    },
  },
  {
    method: "POST",
    path: "/api/calibrations/:id/quarantine",
    summary: "Take the instrument of an out-of-tolerance calibration out of service and open a corrective action",
    access: { kind: "permission", entity: "correctiveAction", action: "create" },
    body: QuarantineInput,
    handler: async ({ ctx, params, body }) => {
      const opened = await quarantineCalibration(ctx, idParam(params, "id"), body);
      return { status: 201, json: await getCorrectiveAction(ctx, opened.id) };
    },
  },
  {
    method: "GET",
    path: "/api/corrective-actions",
    summary: "Corrective actions (open by default) with ageing, oldest first",
    access: { kind: "permission", entity: "correctiveAction", action: "view" },
    query: ListCorrectiveActionsQuery,
    handler: async ({ ctx, query }) => ({ json: await listCorrectiveActions(ctx, query) }),
  },
  {
    method: "GET",
    path: "/api/corrective-actions/export.csv",
    summary: "Corrective actions with ageing as CSV (same filters as the list)",
    access: { kind: "permission", entity: "correctiveAction", action: "export" },
    produces: ["text/csv"],
    query: ListCorrectiveActionsQuery,
    handler: async ({ ctx, query }) => {
      const file = await openCorrectiveActionsCsv(ctx, query);
      return { file: { body: file.body, contentType: "text/csv; charset=utf-8", filename: file.filename } };
    },
  },
  {
    method: "GET",
    path: "/api/corrective-actions/:id",
    summary: "One corrective action with its actions log and impact assessment",
    access: { kind: "permission", entity: "correctiveAction", action: "view" },
    handler: async ({ ctx, params }) => ({ json: await getCorrectiveAction(ctx, idParam(params, "id")) }),
  },
  {
    method: "PATCH",
    path: "/api/corrective-actions/:id",
    summary: "Reassign a corrective action or move its due day",
    access: { kind: "permission", entity: "correctiveAction", action: "edit" },
    body: UpdateCorrectiveActionInput,
    handler: async ({ ctx, params, body }) => ({ json: await updateCorrectiveAction(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/corrective-actions/:id/actions",
    summary: "Log an action taken (the log is append-only)",
    access: { kind: "permission", entity: "correctiveAction", action: "edit" },
    body: LogActionInput,
    handler: async ({ ctx, params, body }) => ({ status: 201, json: await logCorrectiveAction(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/corrective-actions/:id/recheck",
    summary: "Start the verification re-check (a PM record of the failed checklist)",
    access: { kind: "permission", entity: "correctiveAction", action: "edit" },
    handler: async ({ ctx, params }) => ({ status: 201, json: await startRecheck(ctx, idParam(params, "id")) }),
  },
  {
    method: "POST",
    path: "/api/corrective-actions/:id/close",
    summary: "Close with a passing verification newer than the failure; the instrument returns to Active",
    access: { kind: "permission", entity: "correctiveAction", action: "close" },
    body: CloseCorrectiveActionInput,
    handler: async ({ ctx, params, body }) => ({ json: await closeCorrectiveAction(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "PUT",
    path: "/api/corrective-actions/:id/impact",
    summary: "Record QA's decision on one impact-assessment item",
    access: { kind: "permission", entity: "correctiveAction", action: "assess" },
    body: ImpactDecisionInput,
    handler: async ({ ctx, params, body }) => ({ json: { items: await decideImpact(ctx, idParam(params, "id"), body) } }),
  },
  {
    method: "GET",
    path: "/api/corrective-actions/:id/impact.csv",
    summary: "The impact assessment with its decisions as CSV, for the auditor",
    access: { kind: "permission", entity: "correctiveAction", action: "export" },
    produces: ["text/csv"],
    handler: async ({ ctx, params }) => {
      const file = await impactCsv(ctx, idParam(params, "id"));
      return { file: { body: file.body, contentType: "text/csv; charset=utf-8", filename: file.filename } };
    },
  },
];
