import { amendRecord, completeRecord, getRecord, listRecords, markNotRequired, signRecordPerformed } from "../../domain/record/record.service.ts";
import { recordPrintView } from "../../domain/record/record.print.ts";
import { AmendRecordInput, CompleteRecordInput, ListRecordsQuery, MarkNotRequiredInput, SignRecordInput } from "../../domain/record/record.schemas.ts";
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
    method: "POST",
    path: "/api/records/:id/signatures",
    summary: "Sign a completed record as performed (R-SIGN): the performer, with a fresh sign-in in the X-Labkeep-Signature header",
    access: { kind: "permission", entity: "record", action: "complete" },
    body: SignRecordInput,
    handler: async ({ ctx, params, body }) => ({ json: await signRecordPerformed(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "GET",
    path: "/api/records/:id/print",
    summary: "Auditor print view of a record: answers, electronic signatures, amendments and audit trail (HTML)",
    access: { kind: "permission", entity: "audit", action: "view" },
    produces: ["text/html"],
    handler: async ({ ctx, params }) => {
      const id = idParam(params, "id");
      return { file: { body: await recordPrintView(ctx, id), contentType: "text/html; charset=utf-8", filename: `record-${id}.html`, disposition: "inline", headers: { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com" } } };
    },
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
