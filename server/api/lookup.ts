import { instrumentWork, lookup } from "../../domain/lookup/lookup.service.ts";
import { LookupQuery } from "../../domain/lookup/lookup.schemas.ts";
import { idParam, type Route } from "./route.ts";

/**
 * Finding instruments and records from typed, pasted or scanned text (the tab's Scan screen, the
 * Copilot agent): the same domain reading as the bot's message extension. `teamsAppId` decides
 * which Teams deep links are Labkeep's.
 */
export function lookupRoutes(teamsAppId: string): Route[] {
  return [
    {
      method: "GET",
      path: "/api/lookup",
      summary:
        "Instruments and records matching an asset tag, model, location, record number or Labkeep link (q), paged by skip and count; `match` is what an exact tag, number or link names",
      access: { kind: "permission", entity: "record", action: "view" },
      query: LookupQuery,
      handler: async ({ ctx, query }) => ({ json: await lookup(ctx, query as never, teamsAppId) }),
    },
    {
      method: "GET",
      path: "/api/lookup/equipment/:id",
      summary: "An instrument's status and open work (overdue first, the next due record); its register status only for those who may view equipment",
      access: { kind: "permission", entity: "record", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await instrumentWork(ctx, idParam(params, "id")) }),
    },
  ];
}
