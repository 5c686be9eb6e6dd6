import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import { startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld } from "./world.ts";

describe("OpenAPI document and file exports", () => {
  let server: TestServer;
  let admin: string;
  let bos: number;
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (bos = (await buildApiWorld(db.prisma)).labs.BOS) });
    admin = (await server.call("POST", "/api/dev/token", { body: { upn: "ada.admin@labkeep.dev" } })).body.token;
  });
  after(() => server?.close());

  it("lists every route of the route table, with the domain's schemas", async () => {
    const { status, body } = await server.call("GET", "/api/openapi.json");
    assert.equal(status, 200);
    assert.equal(body.openapi, "3.1.0");
    for (const route of server.services.app.routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
      assert.ok(body.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path} missing`);
    }
    const complete = body.paths["/api/records/{id}/complete"].post;
    assert.deepEqual(complete.requestBody.content["application/json"].schema.required, ["results"]);
    const list = body.paths["/api/records"].get.parameters.map((p: { name: string }) => p.name);
    for (const name of ["labId", "frequency", "status", "search", "page", "pageSize"]) assert.ok(list.includes(name), name);
    // Every embedded schema compiles as JSON Schema 2020-12 (OpenAPI 3.1's dialect).
    const ajv = new Ajv2020({ strict: false });
    for (const operations of Object.values(body.paths) as Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>[]) {
      for (const op of Object.values(operations)) for (const media of Object.values(op.requestBody?.content ?? {})) ajv.compile(media.schema);
    }
    // Raw-body uploads say so: an attachment takes any bytes (the server sniffs them), the import its two types.
    assert.deepEqual(Object.keys(body.paths["/api/equipment/{id}/attachments"].post.requestBody.content), ["application/octet-stream"]);
    assert.deepEqual(Object.keys(body.paths["/api/import"].post.requestBody.content), ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"]);
  });

  it("exports the audit trail as CSV and reports as CSV and XLSX", async () => {
    const csv = await server.call("GET", `/api/audit/export.csv?labId=${bos}`, { token: admin });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
    assert.match(csv.headers.get("content-disposition") ?? "", /attachment; filename="labkeep-audit-/);
    const lines = String(csv.body).trim().split("\n");
    assert.match(lines[0]!, /seq,at,actor_id,actor_name,source,action,entity_type,entity_id,subject,lab_id/);
    const expected = await server.database.prisma.auditEvent.count({ where: { labId: bos } });
    assert.ok(expected > 0);
    assert.equal(lines.length - 1 >= expected, true, `${lines.length - 1} rows for ${expected} events (quoted newlines may add lines)`);
    // Each event names its subject as people do: an equipment event carries the asset tag.
    const equipmentEvent = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { labId: bos, entityType: "equipment" } });
    const tag = (await server.database.prisma.equipment.findUniqueOrThrow({ where: { id: Number(equipmentEvent.entityId) } })).assetTag;
    assert.ok(lines.some((line) => line.includes(`,equipment,${equipmentEvent.entityId},${tag},`)), `a CSV row names ${tag}`);
    const xlsx = await fetch(`${server.url}/api/reports/overdue-ageing.xlsx?labId=${bos}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(xlsx.status, 200);
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), "PK", "an XLSX is a zip");
    const compliance = await server.call("GET", `/api/reports/compliance.csv?labId=${bos}&from=2026-01-01&to=2026-12-31`, { token: admin });
    assert.equal(compliance.status, 200);
    const refused = await server.call("GET", `/api/audit/export.csv?from=notadate`, { token: admin });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "validation_failed");
  });
});
