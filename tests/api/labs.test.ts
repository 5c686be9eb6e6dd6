import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** Lab administration (R-LAB) through real HTTP: add, edit, deactivate, reactivate. */
describe("lab administration", () => {
  let server: TestServer;
  let world: ApiWorld;
  const tokens: Record<string, string> = {};

  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    for (const upn of ["ada.admin", "marie.manager", "tom.tech"]) {
      tokens[upn] = await devToken(server, upn);
    }
  });
  after(async () => {
    await server?.close();
  });

  const call = (who: string, method: "GET" | "POST" | "PATCH", path: string, body?: unknown) => server.call(method, path, { token: tokens[who], body });
  const codes = async (who: string, path = "/api/labs") => ((await call(who, "GET", path)).body.items as { code: string }[]).map((l) => l.code);

  it("lets an Administrator add a lab and edit it, and audits both", async () => {
    const created = await call("ada.admin", "POST", "/api/labs", { code: "tyo", name: "Tokyo Lab", timeZone: "Asia/Tokyo", digestHour: 8 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual({ ...created.body, id: 0 }, { id: 0, code: "TYO", name: "Tokyo Lab", timeZone: "Asia/Tokyo", digestHour: 8, reviewRequired: false, quarantineOnFailure: "OFFER", escalationHours: null, active: true });
    const edited = await call("ada.admin", "PATCH", `/api/labs/${created.body.id}`, { name: "Tokyo Research", timeZone: "Asia/Seoul" });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.timeZone, "Asia/Seoul");
    const stored = await server.database.prisma.lab.findUniqueOrThrow({ where: { id: created.body.id } });
    assert.deepEqual([stored.name, stored.timeZone, stored.digestHour], ["Tokyo Research", "Asia/Seoul", 8]);
    const audit = await server.database.prisma.auditEvent.findMany({ where: { entityType: "lab", entityId: String(created.body.id) }, orderBy: { seq: "asc" } });
    assert.deepEqual(audit.map((e) => [e.action, e.source, e.actorName]), [["lab.created", "TAB", "Ada Lovelace"], ["lab.updated", "TAB", "Ada Lovelace"]]);
    assert.deepEqual(audit[1]!.before, { name: "Tokyo Lab", timeZone: "Asia/Tokyo" });
  });

  it("answers bad input with 4xx naming the field, and writes nothing", async () => {
    const before = await server.database.prisma.lab.count();
    const bad = await call("ada.admin", "POST", "/api/labs", { code: "B", name: "x", timeZone: "Mars/Olympus", digestHour: 25 });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field).sort(), ["code", "digestHour", "timeZone"]);
    const duplicate = await call("ada.admin", "POST", "/api/labs", { code: "bos", name: "Second Boston", timeZone: "America/New_York" });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.details.fields[0].field, "code");
    const recorded = await call("ada.admin", "PATCH", `/api/labs/${world.labs.BOS}`, { code: "BOS2" });
    assert.equal(recorded.status, 409, "BOS has records numbered BOS-…");
    assert.equal(await server.database.prisma.lab.count(), before);
    assert.equal((await server.database.prisma.lab.findUniqueOrThrow({ where: { id: world.labs.BOS } })).code, "BOS");
    assert.doesNotMatch(JSON.stringify([bad.body, duplicate.body, recorded.body]), /prisma|stack|at \//i);
  });

  it("refuses other roles", async () => {
    assert.equal((await call("marie.manager", "POST", "/api/labs", { code: "NOPE", name: "No", timeZone: "UTC" })).status, 403);
    assert.equal((await call("marie.manager", "PATCH", `/api/labs/${world.labs.BOS}`, { name: "Mine" })).status, 403);
    assert.equal((await call("tom.tech", "POST", `/api/labs/${world.labs.BOS}/status`, { active: false })).status, 403);
    assert.equal((await call("marie.manager", "PATCH", `/api/labs/${world.labs.LON}`, { name: "Theirs" })).status, 404, "a lab Marie cannot see");
  });

  it("hides a deactivated lab from pickers and lists, and brings it back", async () => {
    const off = await call("ada.admin", "POST", `/api/labs/${world.labs.SFO}/status`, { active: false });
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    assert.ok(!(await codes("ada.admin")).includes("SFO"));
    assert.ok((await codes("ada.admin", "/api/labs?includeInactive=true")).includes("SFO"));
    const me = await call("marie.manager", "GET", "/api/me");
    assert.ok(!(me.body.labs as { code: string }[]).some((l) => l.code === "SFO"), "Marie's lab picker no longer offers SFO");
    assert.equal((await call("ada.admin", "POST", `/api/labs/${world.labs.SFO}/status`, { active: true })).body.active, true);
    assert.ok((await codes("marie.manager")).includes("SFO"));
  });
});
