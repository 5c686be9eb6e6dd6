import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/**
 * Concurrent writes to one piece of equipment through HTTP: each state is changed once, and
 * history and audit chain (each move starts where the previous one ended). Meaningful on the
 * PostgreSQL server only (the embedded database runs one transaction at a time).
 */
describe("concurrent status changes and transfers", () => {
  let server: TestServer;
  let world: ApiWorld;
  let token: string;
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    token = await devToken(server, "ada.admin");
  });
  after(() => server?.close());

  const db = () => server.database.prisma;
  const burst = (n: number, send: (i: number) => Promise<{ status: number; body: unknown }>) => Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort();

  it("ten identical status changes: one succeeds, nine conflict, one history row; a repeat conflicts", async () => {
    const equipment = await db().equipment.findFirstOrThrow({ where: { labId: world.labs.BOS, status: "ACTIVE" } });
    const answers = await burst(10, () => server.call("POST", `/api/equipment/${equipment.id}/status`, { token, body: { status: "IN_REPAIR", reason: "Rotor noise" } }));
    assert.deepEqual(statuses(answers), [200, ...Array<number>(9).fill(409)]);
    const events = await db().equipmentEvent.findMany({ where: { equipmentId: equipment.id, kind: "STATUS_CHANGED" } });
    assert.deepEqual(events.map((e) => [e.fromStatus, e.toStatus]), [["ACTIVE", "IN_REPAIR"]]);
    assert.equal(await db().auditEvent.count({ where: { action: "equipment.status_changed", entityId: String(equipment.id) } }), 1);

    const again = await server.call("POST", `/api/equipment/${equipment.id}/status`, { token, body: { status: "IN_REPAIR", reason: "Twice" } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "conflict");
  });

  it("rounds of ten concurrent transfers: one wins per round, history and audit chain lab to lab", async () => {
    const equipment = await db().equipment.findFirstOrThrow({ where: { labId: world.labs.BOS, status: "ACTIVE" }, orderBy: { id: "desc" } });
    // Every request of a round asks for the same move: a late one finds it done (409 as well).
    const rounds = [world.labs.SFO, world.labs.LON, world.labs.BOS];
    let labId = equipment.labId;
    for (const [round, target] of rounds.entries()) {
      const answers = await burst(10, (i) => server.call("POST", `/api/equipment/${equipment.id}/transfer`, { token, body: { toLabId: target, reason: `Round ${round} request ${i}` } }));
      assert.deepEqual(statuses(answers), [200, ...Array<number>(9).fill(409)], `round ${round}: ${JSON.stringify(answers.map((a) => a.body)).slice(0, 600)}`);
      const now = await db().equipment.findUniqueOrThrow({ where: { id: equipment.id } });
      assert.equal(now.labId, target);
      labId = now.labId;
    }
    const moves = await db().equipmentEvent.findMany({ where: { equipmentId: equipment.id, kind: "TRANSFERRED" }, orderBy: { id: "asc" } });
    assert.equal(moves.length, 3);
    let from = equipment.labId;
    for (const move of moves) {
      assert.equal(move.fromLabId, from);
      from = move.toLabId!;
    }
    assert.equal(from, labId);
    // Each move is audited for both labs; the "before" of each is the "after" of the previous.
    const audit = await db().auditEvent.findMany({ where: { action: "equipment.transferred", entityId: String(equipment.id) }, orderBy: { seq: "asc" } });
    assert.equal(audit.length, 6);
    let auditFrom = equipment.labId;
    for (let i = 0; i < audit.length; i += 2) {
      const [source, target] = [audit[i]!, audit[i + 1]!];
      assert.deepEqual([(source.before as { labId: number }).labId, (target.before as { labId: number }).labId], [auditFrom, auditFrom]);
      auditFrom = (source.after as { labId: number }).labId;
      assert.deepEqual([source.labId, target.labId], [(source.before as { labId: number }).labId, auditFrom]);
    }
    assert.equal(auditFrom, labId);
  });
});
