import { ageingQuerySchema, calibrationReport, openCorrectiveActionsReport, complianceQuerySchema, complianceReport, equipmentHistory, exportReport, overdueAgeing } from "../../domain/report/report.service.ts";
import { idParam, type Route } from "./route.ts";

const FILE_TYPES = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];

export const reportRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/reports/compliance",
    summary: "PM compliance (% completed on time) by lab, frequency and month",
    access: { kind: "permission", entity: "audit", action: "view" },
    query: complianceQuerySchema,
    handler: async ({ ctx, query }) => ({ json: await complianceReport(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/reports/overdue-ageing",
    summary: "Open overdue records by age band",
    access: { kind: "permission", entity: "audit", action: "view" },
    query: ageingQuerySchema,
    handler: async ({ ctx, query }) => ({ json: await overdueAgeing(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/reports/calibration",
    summary: "Calibration status by lab, and the overdue and out-of-tolerance instruments (R-CAL)",
    access: { kind: "permission", entity: "audit", action: "view" },
    query: ageingQuerySchema,
    handler: async ({ ctx, query }) => ({ json: await calibrationReport(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/reports/open-corrective-actions",
    summary: "Open corrective actions with ageing: per lab, age bands, not yet due and overdue, and each action (R-QUAR)",
    access: { kind: "permission", entity: "audit", action: "view" },
    query: ageingQuerySchema,
    handler: async ({ ctx, query }) => ({ json: await openCorrectiveActionsReport(ctx, query as never) }),
  },
  {
    method: "GET",
    path: "/api/reports/equipment-history/:equipmentId",
    summary: "Status changes, transfers and records of one piece of equipment",
    access: { kind: "permission", entity: "audit", action: "view" },
    handler: async ({ ctx, params }) => ({ json: await equipmentHistory(ctx, idParam(params, "equipmentId")) }),
  },
  ...(["csv", "xlsx"] as const).map(
    (format): Route => ({
      method: "GET",
      path: `/api/reports/:name.${format}`,
      summary: `A report (compliance, overdue-ageing, equipment-history, calibration-status, overdue-calibrations, open-corrective-actions) as ${format.toUpperCase()}; same filters as its JSON route`,
      access: { kind: "permission", entity: "audit", action: "export" },
      produces: FILE_TYPES,
      handler: async ({ ctx, params, query }) => {
        const file = await exportReport(ctx, params.name ?? "", format, query);
        return { file: { body: file.body, contentType: file.contentType, filename: file.fileName } };
      },
    }),
  ),
];
