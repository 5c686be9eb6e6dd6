import type { AppDeps } from "../app.ts";
import { attachmentRoutes } from "./attachments.ts";
import { DEFAULT_TEAMS_APP_ID } from "../config.ts";
import { auditRoutes } from "./audit.ts";
import { correctiveActionRoutes } from "./corrective-actions.ts";
import { calibrationRoutes } from "./calibration.ts";
import { devRoutes } from "./dev.ts";
import { equipmentRoutes } from "./equipment.ts";
import { importRoutes } from "./import.ts";
import { labRoutes } from "./labs.ts";
import { lookupRoutes } from "./lookup.ts";
import { meRoutes } from "./me.ts";
import { modelRoutes } from "./models.ts";
import { openApiDocument } from "./openapi.ts";
import { recordRoutes } from "./records.ts";
import { reportRoutes } from "./reports.ts";
import { reviewRoutes } from "./reviews.ts";
import type { Route } from "./route.ts";
import { userRoutes } from "./users.ts";

/** The route table: every API route with the permission it requires (see route.ts). */
export function buildRoutes(deps: AppDeps): Route[] {
  const routes: Route[] = [
    ...(deps.devIssuer ? devRoutes(deps.devIssuer) : []),
    ...meRoutes(deps.identity),
    ...labRoutes,
    ...recordRoutes,
    ...reviewRoutes,
    ...correctiveActionRoutes,
    ...equipmentRoutes,
    ...attachmentRoutes(deps.config.FILE_MAX_BYTES),
    ...lookupRoutes(deps.config.TEAMS_APP_ID ?? DEFAULT_TEAMS_APP_ID),
    ...calibrationRoutes(deps.config),
    ...modelRoutes,
    ...userRoutes(deps.graph, deps.graphTokens),
    ...auditRoutes,
    ...reportRoutes,
    ...importRoutes,
  ];
  if (deps.devIssuer) {
    const jwks = deps.devIssuer.jwks;
    routes.push({
      method: "GET",
      path: "/dev/.well-known/jwks.json",
      summary: "Public keys of the development token issuer (development only)",
      access: { kind: "public" },
      handler: async () => ({ json: jwks }),
    });
  }
  routes.push({
    method: "GET",
    path: "/api/openapi.json",
    summary: "This API as OpenAPI 3.1",
    access: { kind: "public" },
    handler: async () => ({ json: openApiDocument(routes) }),
  });
  return routes;
}
