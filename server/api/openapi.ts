import { z } from "zod";
import type { Route } from "./route.ts";

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } },
};

type Target = "draft-2020-12" | "openapi-3.0";

function jsonSchema(schema: z.ZodType, target: Target = "draft-2020-12"): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target }) as Record<string, unknown>;
  return rest;
}

function operation(route: Route, target: Target = "draft-2020-12") {
  const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: m[1] === "name" ? "string" : "integer" } }));
  if (route.query) {
    const schema = jsonSchema(route.query, target) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      parameters.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: property });
    }
  }
  if (route.access.kind === "permission" || route.access.kind === "signedIn") {
    parameters.push({ name: "X-Labkeep-Lab", in: "header", required: false, schema: { type: "integer" }, description: "The current lab" });
  }
  const ok = route.produces
    ? { description: "A file", content: Object.fromEntries(route.produces.map((type) => [type, { schema: { type: "string", format: "binary" } }])) }
    : { description: "OK", content: { "application/json": { schema: {} } } };
  const error = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  return {
    summary: route.summary,
    "x-labkeep-access": route.access,
    security: route.access.kind === "public" ? [] : [{ bearer: [] }],
    parameters,
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body, target) } } } } : {}),
    ...(route.upload
      ? { requestBody: { required: true, content: Object.fromEntries((route.upload.types ?? ["application/octet-stream"]).map((type) => [type, { schema: { type: "string", format: "binary" } }])) } }
      : {}),
    responses: { "200": ok, "4XX": error, "5XX": error },
  };
}

/** OpenAPI 3.1 from the route table and the domain's zod schemas. */
export function openApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Labkeep API", version: "1.0.0", description: "Preventive maintenance and equipment tracking for laboratories (the Teams tab's API)." },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Teams SSO token (Entra ID), or a development token" } },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}

/**
 * The Copilot API plugin's description (appPackage/copilot/openapi.json): the chosen read-only
 * operations of the same route table, each named by the operationId the plugin's functions bind
 * to, as OpenAPI 3.0.3 (the version family Microsoft documents for API plugins), served at
 * `serverUrl`.
 */
export function pluginOpenApiDocument(routes: readonly Route[], operations: Record<string, string>, serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, key] of Object.entries(operations)) {
    const route = routes.find((r) => `${r.method} ${r.path}` === key);
    if (!route) throw new Error(`No route ${key} for the plugin's ${operationId}`);
    if (route.method !== "GET") throw new Error(`${key}: the Copilot plugin is read-only`);
    const { "x-labkeep-access": _access, ...op } = operation(route, "openapi-3.0");
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    (paths[path] ??= {}).get = { operationId, description: route.summary, ...op };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Labkeep (read-only, for Copilot)", version: "1.0.0", description: "Overdue and due preventive maintenance, instrument status and compliance figures from Labkeep, limited to what the signed-in user may see." },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An Entra ID token for Labkeep's API (the same app registration as the tab's SSO)" } },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
