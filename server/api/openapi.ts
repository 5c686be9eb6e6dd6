import { z } from "zod";
import type { Route } from "./route.ts";

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function operation(route: Route) {
  const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: m[1] === "name" ? "string" : "integer" } }));
  if (route.query) {
    const schema = jsonSchema(route.query) as { properties?: Record<string, unknown>; required?: string[] };
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
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body) } } } } : {}),
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
