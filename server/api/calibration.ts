import { calibrationLabels, LabelsQuery } from "../../domain/calibration/labels.ts";
import { listCalibrations } from "../../domain/calibration/calibration.list.ts";
import { CalibrationListQuery, CalibrationPlanInput, RecordCalibrationInput } from "../../domain/calibration/calibration.schemas.ts";
import { getCalibration, recordCalibration, setCalibrationPlan } from "../../domain/calibration/calibration.service.ts";
import { traceability } from "../../domain/calibration/traceability.ts";
import { deepLink } from "../../bot/cards/links.ts";
import type { Config } from "../config.ts";
import { idParam, type Route } from "./route.ts";

/** The calibration register (R-CAL) and its status labels. */
export function calibrationRoutes(config: Pick<Config, "TEAMS_APP_ID" | "BOT_TAB_ENTITY_ID">): Route[] {
  // The same deep link the bot's cards use: the tab opens `equipment:<id>` (tab/src/deepLinks.ts).
  const link = (equipmentId: number) => deepLink(config.TEAMS_APP_ID ?? "00000000-0000-0000-0000-000000000000", config.BOT_TAB_ENTITY_ID, `equipment:${equipmentId}`);
  return [
    {
      method: "GET",
      path: "/api/calibrations",
      summary: "The calibration register: instruments with an active plan, their status and due dates, most urgent first",
      access: { kind: "permission", entity: "calibration", action: "view" },
      query: CalibrationListQuery,
      handler: async ({ ctx, query }) => ({ json: await listCalibrations(ctx, query as never) }),
    },
    {
      method: "GET",
      path: "/api/calibrations/labels.pdf",
      summary: "Printable status labels (10 per A4 or Letter page) with a QR code opening each instrument in the tab",
      access: { kind: "permission", entity: "calibration", action: "view" },
      query: LabelsQuery,
      produces: ["application/pdf"],
      handler: async ({ ctx, query }) => {
        const file = await calibrationLabels(ctx, query as never, link);
        return { file: { body: file.body, contentType: "application/pdf", filename: file.fileName } };
      },
    },
    {
      method: "GET",
      path: "/api/equipment/:id/calibration",
      summary: "An instrument's calibration register entry: identity, plan, status and history",
      access: { kind: "permission", entity: "calibration", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await getCalibration(ctx, idParam(params, "id")) }),
    },
    {
      method: "PUT",
      path: "/api/equipment/:id/calibration",
      summary: "Set up or change an instrument's calibration plan",
      access: { kind: "permission", entity: "calibration", action: "edit" },
      body: CalibrationPlanInput,
      handler: async ({ ctx, params, body }) => ({ json: await setCalibrationPlan(ctx, idParam(params, "id"), body) }),
    },
    {
      method: "POST",
      path: "/api/equipment/:id/calibrations",
      summary: "Record a calibration (points as found / as left, certificate, reference standards)",
      access: { kind: "permission", entity: "calibration", action: "complete" },
      body: RecordCalibrationInput,
      handler: async ({ ctx, params, body }) => ({ status: 201, json: await recordCalibration(ctx, idParam(params, "id"), body) }),
    },
    {
      method: "GET",
      path: "/api/equipment/:id/traceability",
      summary: "The traceability chain below an instrument's latest calibration (reference standards, level by level)",
      access: { kind: "permission", entity: "calibration", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await traceability(ctx, idParam(params, "id")) }),
    },
  ];
}
