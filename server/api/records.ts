import { amendRecord, completeRecord, getRecord, listRecords, markNotRequired } from "../../domain/record/record.service.ts";
import { AmendRecordInput, CompleteRecordInput, ListRecordsQuery, MarkNotRequiredInput } from "../../domain/record/record.schemas.ts";
import { assignRecord } from "../../domain/assignment/assignment.service.ts";
import { AssignRecordInput } from "../../domain/assignment/assignment.schemas.ts";
import { idParam, type Route } from "./route.ts";

export const recordRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/records",
    summary: "Maintenance records of a lab, with counts per frequency and status",
    access: { kind: "permission", entity: "record", action: "view" },
    query: ListRecordsQuery,
    handler: async ({ ctx, query }) => ({ json: await listRecords(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/records/:id",
    summary: "One record with its checklist, results and amendments",
    access: { kind: "permission", entity: "record", action: "view" },
    handler: async ({ ctx, params }) => ({ json: await getRecord(ctx, idParam(params, "id")) }),
  },
  {
    method: "POST",
    path: "/api/records/:id/complete",
    summary: "Complete a record's checklist",
    access: { kind: "permission", entity: "record", action: "complete" },
    body: CompleteRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await completeRecord(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/records/:id/amend",
    summary: "Amend a completed record (a correction with a reason)",
    access: { kind: "permission", entity: "record", action: "amend" },
    body: AmendRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await amendRecord(ctx, idParam(params, "id"), body) }),
  },

  {
    method: "POST",
    path: "/api/records/:id/not-required",
    summary: "Close an open record's period as not required (a manager's decision, with a reason)",
    access: { kind: "permission", entity: "record", action: "amend" },
    body: MarkNotRequiredInput,
    handler: async ({ ctx, params, body }) => ({ json: await markNotRequired(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "PUT",
    path: "/api/records/:id/assignee",
    summary: "Assign an open record to someone who may complete it at its lab (null clears)",
    access: { kind: "permission", entity: "record", action: "amend" },
    body: AssignRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await assignRecord(ctx, idParam(params, "id"), body) }),
  },
];
