import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { z } from "zod";
import type { Route } from "../../server/api/route.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld } from "./world.ts";

/**
 * At least 1,000 generated malformed bodies against every write route, as an Administrator (so
 * permission never hides validation): each must get a 4xx, and no table may gain or lose a row.
 */
const RUNS_PER_ROUTE = 60;

/** A value of another JSON type than the one the schema wants. */
const wrongFor = (schema: { type?: string | string[]; enum?: unknown[] }): fc.Arbitrary<unknown> => {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const options: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }), fc.array(fc.integer(), { maxLength: 3 })];
  if (!types.includes("string")) options.push(fc.string({ maxLength: 30 }), fc.constantFrom("'; DROP TABLE lab; --", "<script>alert(1)</script>", "\u0000", "🧪".repeat(50)));
  if (!types.includes("number") && !types.includes("integer")) options.push(fc.double(), fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2));
  if (!types.includes("boolean")) options.push(fc.boolean());
  if (schema.enum) options.push(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !schema.enum!.includes(s)));
  return fc.oneof(...options);
};

function malformedBody(route: Route): fc.Arbitrary<{ raw?: string; json?: unknown; contentType?: string }> {
  const json = route.body ? (z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, { type?: string; enum?: unknown[] }> }) : undefined;
  const properties = Object.entries(json?.properties ?? {});
  const structural = fc.oneof(
    fc.jsonValue().filter((v) => v === null || typeof v !== "object" || Array.isArray(v)).map((v) => ({ json: v })),
    fc.string({ minLength: 1, maxLength: 40 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }).map((raw) => ({ raw })),
    fc.constantFrom("{", '{"a":', "[1,2", "{'single':1}", '{"__proto__":{"admin":true}}x').map((raw) => ({ raw })),
    fc.jsonValue().map((v) => ({ raw: JSON.stringify(v) ?? "null", contentType: "text/plain" })),
    fc.constant({ raw: "a=1&b=2", contentType: "application/x-www-form-urlencoded" }),
  );
  if (properties.length === 0) return structural;
  const wrongField = fc
    .tuple(fc.constantFrom(...properties), fc.dictionary(fc.constantFrom(...properties.map(([name]) => name)), fc.jsonValue(), { maxKeys: 3 }))
    .chain(([[name, schema], rest]) => wrongFor(schema).map((value) => ({ json: { ...rest, [name]: value } })));
  return fc.oneof(structural, wrongField, wrongField);
}

async function rowCounts(server: TestServer): Promise<Record<string, number>> {
  const tables = await server.database.prisma.$queryRawUnsafe<{ table_name: string }[]>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations' order by 1");
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) counts[table_name] = Number((await server.database.prisma.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from "${table_name}"`))[0]!.n);
  return counts;
}

describe("malformed bodies against the write routes", () => {
  let server: TestServer;
  let token: string;
  /** QA signs off a trail review (Administrators may not): its body is checked with QA's token. */
  let qaToken: string;
  const tokenFor = (method: string, path: string) => (method === "POST" && path.startsWith("/api/audit/review/sign-off") ? qaToken : token);
  const ids: Record<string, number> = {};
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (await buildApiWorld(db.prisma)) });
    token = (await server.call("POST", "/api/dev/token", { body: { upn: "ada.admin@labkeep.dev" } })).body.token;
    qaToken = (await server.call("POST", "/api/dev/token", { body: { upn: "grace.audit@labkeep.dev" } })).body.token;
    const db = server.database.prisma;
    const task = await db.checklistTask.findFirstOrThrow();
    const record = await db.pmRecord.findFirstOrThrow();
    ids.id = 0;
    ids.record = record.id;
    ids.equipment = (await db.equipment.findFirstOrThrow()).id;
    ids.model = task.modelId;
    ids.task = task.id;
    ids.user = (await db.user.findFirstOrThrow({ where: { upn: "tom.tech@labkeep.dev" } })).id;
    ids.lab = record.labId;
    // An out-of-tolerance calibration and an open corrective action, so their routes reach validation.
    const equipment = await db.equipment.findFirstOrThrow({ where: { labId: record.labId } });
    const now = new Date();
    ids.calibration = (await db.calibrationEvent.create({
      data: { equipmentId: equipment.id, labId: equipment.labId, calibratedOn: now, provider: "INTERNAL", result: "FAIL", asFoundPass: false, nextDueOn: now, recordedAt: now, recordedVia: "TAB" },
    })).id;
    ids.ca = (await db.correctiveAction.create({
      data: { labId: equipment.labId, number: 9001, equipmentId: equipment.id, failedAt: now, problem: "Reading out of limits", dueOn: now, openedAt: now },
    })).id;
  });
  after(() => server?.close());

  function pathOf(route: Route): string {
    const noun = route.path.split("/")[2]!;
    const id = { records: ids.record, equipment: ids.equipment, models: ids.model, users: ids.user, calibrations: ids.calibration, "corrective-actions": ids.ca }[noun] ?? 1;
    return route.path.replace(":id", String(id)).replace(":taskId", String(ids.task)).replace(":labId", String(ids.lab));
  }

  it("answers only 4xx and writes nothing", async () => {
    const writes = server.services.app.routes.filter((r) => ["POST", "PUT", "PATCH"].includes(r.method) && r.path !== "/api/me/refresh" && !r.path.endsWith("/deactivate"));
    assert.ok(writes.length >= 15, `${writes.length} write routes`);
    const before = await rowCounts(server);
    let sent = 0;
    const failures: string[] = [];
    for (const route of writes) {
      const samples = fc.sample(malformedBody(route), { numRuns: RUNS_PER_ROUTE, seed: 4242 });
      for (const sample of samples) {
        if (sample.json !== undefined && route.body?.safeParse(sample.json).success) continue; // happened to be valid
        const response = await server.call(route.method, pathOf(route), {
          token,
          rawBody: sample.raw ?? JSON.stringify(sample.json),
          headers: { "content-type": sample.contentType ?? "application/json" },
        });
        sent++;
        if (response.status < 400 || response.status >= 500) failures.push(`${route.method} ${route.path} ${JSON.stringify(sample).slice(0, 120)} → ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
        else if (typeof response.body !== "object" || !response.body?.error?.code) failures.push(`${route.method} ${route.path} → ${response.status} without an error body`);
      }
    }
    assert.ok(sent >= 1000, `only ${sent} malformed bodies sent`);
    assert.deepEqual(failures.slice(0, 20), []);
    assert.deepEqual(await rowCounts(server), before, "no row written");
  });
  /** The JSON-schema view of a route's body: its properties and their types. */
  function propertiesOf(route: Route): [string, { type?: string | string[]; items?: { type?: string } }][] {
    const json = route.body ? (z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, { type?: string | string[]; items?: { type?: string } }> }) : undefined;
    return Object.entries(json?.properties ?? {});
  }
  const typed = (schema: { type?: string | string[] }, type: string) => (Array.isArray(schema.type) ? schema.type : [schema.type]).includes(type);
  const writeRoutes = () => server.services.app.routes.filter((r) => ["POST", "PUT", "PATCH"].includes(r.method) && r.body);

  async function expectField(method: string, path: string, body: unknown, field: string, failures: string[]): Promise<void> {
    const answer = await server.call(method, path, { token: tokenFor(method, path), rawBody: JSON.stringify(body) });
    const fields: { field?: string; path?: string }[] = answer.body?.error?.details?.fields ?? [];
    if (answer.status < 400 || answer.status >= 500 || !fields.some((f) => f.field === field) || fields.some((f) => "path" in f)) {
      failures.push(`${method} ${path} ${JSON.stringify(body).slice(0, 100)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
  }

  it("rejects a NUL or an unpaired surrogate in any text field with 422 naming the field", async () => {
    const before = await rowCounts(server);
    const poison = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83e"), fc.string({ maxLength: 12 })).map(([a, bad, b]) => `${a}${bad}${b}`);
    const failures: string[] = [];
    let sent = 0;
    for (const route of writeRoutes()) {
      for (const [name, schema] of propertiesOf(route).filter(([, schema]) => typed(schema, "string"))) {
        for (const value of fc.sample(poison, { numRuns: 4, seed: name.length })) {
          await expectField(route.method, pathOf(route), { [name]: value }, name, failures);
          sent++;
        }
        void schema;
      }
    }
    // Nested text: a checklist result's note, an amendment's comment with a lone surrogate.
    await expectField("POST", `/api/records/${ids.record}/amend`, { reason: "Typo", comment: "fixed \ud800" }, "comment", failures);
    await expectField("POST", `/api/records/${ids.record}/complete`, { results: [{ taskId: ids.task, outcome: "DONE", note: "a\u0000b" }] }, "results.0.note", failures);
    assert.ok(sent >= 30, `only ${sent} text fields tried`);
    assert.deepEqual(failures.slice(0, 20), []);
    assert.deepEqual(await rowCounts(server), before, "no row written");
  });

  it("rejects ids of 2^31 and above with 422 naming the field, in bodies, queries and lab filters", async () => {
    const before = await rowCounts(server);
    const failures: string[] = [];
    let sent = 0;
    for (const route of writeRoutes()) {
      for (const [name, schema] of propertiesOf(route)) {
        if (typed(schema, "integer") && /Id$/.test(name)) {
          for (const value of [2 ** 31, 2 ** 31 + 7, 2 ** 53 - 1]) await expectField(route.method, pathOf(route), { [name]: value }, name, failures);
          sent++;
        }
        if (typed(schema, "array") && schema.items?.type === "integer") {
          await expectField(route.method, pathOf(route), { [name]: [1, 2 ** 31] }, `${name}.1`, failures);
          sent++;
        }
      }
    }
    await expectField("POST", `/api/records/${ids.record}/complete`, { results: [{ taskId: 2 ** 31, outcome: "DONE" }] }, "results.0.taskId", failures);
    for (const [path, field] of [["/api/records?labId=2147483648", "labId"], ["/api/records?assignee=2147483648", "assignee"], ["/api/equipment?labId=2147483648", "labId"], ["/api/audit?userId=99999999999", "userId"], ["/api/reports/compliance?labId=2147483648", "labId"], ["/api/equipment?search=a%00b", "search"]] as const) {
      const answer = await server.call("GET", path, { token });
      const fields: { field: string }[] = answer.body?.error?.details?.fields ?? [];
      if (answer.status !== 422 || !fields.some((f) => f.field === field)) failures.push(`GET ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
    const header = await server.call("GET", "/api/me", { token, headers: { "x-labkeep-lab": "2147483648" } });
    if (header.status !== 400) failures.push(`X-Labkeep-Lab 2147483648 → ${header.status}`);
    assert.ok(sent >= 6, `only ${sent} id fields tried`);
    assert.deepEqual(failures, []);
    assert.deepEqual(await rowCounts(server), before, "no row written");
  });

  it("answers 400 to a null or missing body, and to a PATCH that changes nothing", async () => {
    const before = await rowCounts(server);
    const failures: string[] = [];
    for (const route of writeRoutes()) {
      const bodies: (string | undefined)[] = ["null", undefined, ...(route.method === "PATCH" ? ["{}"] : [])];
      for (const rawBody of bodies) {
        const answer = await server.call(route.method, pathOf(route), { token, ...(rawBody === undefined ? {} : { rawBody }) });
        if (answer.status !== 400 || answer.body?.error?.code !== "bad_request") failures.push(`${route.method} ${route.path} ${rawBody ?? "(none)"} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await rowCounts(server), before, "no row written");
  });

  it("uses one validation details shape everywhere: details.fields of { field, message }", async () => {
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/equipment", { assetTag: "" }, "assetTag"],
      ["GET", "/api/reports/compliance?from=2026-13-01", undefined, "from"],
      ["GET", "/api/records?labId=abc", undefined, "labId"],
      ["GET", "/api/directory/users?search=a", undefined, "search"],
      ["POST", "/api/dev/token", { upn: 5 }, "upn"],
      ["PATCH", `/api/models/${ids.model}/tasks/${ids.task}`, { kind: "CHECK", unit: "°C" }, "unit"],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await server.call(method, path, { token, ...(body === undefined ? {} : { body }) });
      assert.equal(answer.status, 422, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      for (const entry of answer.body.error.details.fields) assert.deepEqual(Object.keys(entry).sort(), ["field", "message"], `${method} ${path}`);
      assert.ok(answer.body.error.details.fields.some((f: { field: string }) => f.field === field), `${method} ${path} names ${field}: ${JSON.stringify(answer.body)}`);
    }
  });
});
