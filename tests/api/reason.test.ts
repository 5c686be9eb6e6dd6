import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

// Reason for change (Annex 11 §9) through the real API: refused without, stored with, shown by the audit API and CSV.
describe("reason for change on regulated edits", () => {
  let server: TestServer;
  let world: ApiWorld;
  let token: string;
  let equipment: { id: number; location: string | null };
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    token = await devToken(server, "marie.manager");
    equipment = await server.database.prisma.equipment.findFirstOrThrow({ where: { labId: world.labs.BOS }, select: { id: true, location: true } });
  });
  after(() => server?.close());

  it("a regulated edit without a reason is 400 naming reason and changes nothing", async () => {
    const refused = await server.call("PATCH", `/api/equipment/${equipment.id}`, { token, body: { location: "Cold room B" } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, "reason_required");
    assert.deepEqual(refused.body.error.details.fields.map((f: { field: string }) => f.field), ["reason"]);
    assert.equal((await server.database.prisma.equipment.findUniqueOrThrow({ where: { id: equipment.id } })).location, equipment.location);
    const me = await server.call("GET", "/api/me", { token });
    assert.ok(me.body.regulatedFields.equipment.includes("location"));
    assert.ok(!me.body.regulatedFields.equipment.includes("notes"));
  });

  it("with a reason the audit event carries it, and the audit API and CSV show it; an unregulated edit needs none", async () => {
    const ok = await server.call("PATCH", `/api/equipment/${equipment.id}`, { token, body: { location: "Cold room B", reason: "Moved for the freezer swap" } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.location, "Cold room B");
    const notes = await server.call("PATCH", `/api/equipment/${equipment.id}`, { token, body: { notes: "Label faded" } });
    assert.equal(notes.status, 200);
    const page = await server.call("GET", `/api/audit?labId=${world.labs.BOS}&entityType=equipment&entityId=${equipment.id}&action=equipment.updated`, { token });
    assert.deepEqual(page.body.items.map((e: { after: unknown; reason: string | null }) => [e.after, e.reason]), [
      [{ notes: "Label faded" }, null],
      [{ location: "Cold room B" }, "Moved for the freezer swap"],
    ]);
    const csv = await server.call("GET", `/api/audit/export.csv?labId=${world.labs.BOS}&entityType=equipment&entityId=${equipment.id}&action=equipment.updated`, { token });
    const [header, ...rows] = parse(String(csv.body).replace(/^\ufeff/, "")) as string[][];
    assert.deepEqual(rows.map((r) => r[header!.indexOf("reason")]), ["Moved for the freezer swap", ""]);
  });

  it("revoking access takes its reason in the query", async () => {
    const admin = await devToken(server, "ada.admin");
    const tom = await server.database.prisma.user.findUniqueOrThrow({ where: { upn: "tom.tech@labkeep.dev" } });
    assert.equal((await server.call("PUT", `/api/users/${tom.id}/access/${world.labs.SFO}`, { token: admin, body: { role: "TECHNICIAN" } })).status, 400);
    assert.equal((await server.call("PUT", `/api/users/${tom.id}/access/${world.labs.SFO}`, { token: admin, body: { role: "TECHNICIAN", reason: "Inventory week" } })).status, 200);
    assert.equal((await server.call("DELETE", `/api/users/${tom.id}/access/${world.labs.SFO}`, { token: admin })).status, 400);
    assert.equal((await server.call("DELETE", `/api/users/${tom.id}/access/${world.labs.SFO}?reason=${encodeURIComponent("Inventory done")}`, { token: admin })).status, 200);
    const reasons = (await server.database.prisma.auditEvent.findMany({ where: { entityType: "access", entityId: String(tom.id), labId: world.labs.SFO }, orderBy: { seq: "asc" } })).map((e) => [e.action, e.reason]);
    assert.deepEqual(reasons, [["access.granted", "Inventory week"], ["access.revoked", "Inventory done"]]);
  });
});
