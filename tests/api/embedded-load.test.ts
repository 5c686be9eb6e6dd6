import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { verifyAuditChain } from "../../domain/audit/audit.service.ts";
import { createPrismaClient, type Db } from "../../domain/db/client.ts";
import { answerChecklist, checklistKey, loadChecklists } from "../../domain/seed/answers.ts";
import { seededRandom } from "../../domain/seed/random.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld } from "./world.ts";

/**
 * The embedded database serves one transaction at a time: concurrent writers queue for their
 * turn (DATABASE_TRANSACTION_WAIT_SECONDS) and succeed, or answer 503 past that wait; never 500.
 * On disk, as `npm start` keeps it. A transaction held open by the test stands for a long one of
 * the app (the generator's catch-up).
 */
describe("embedded database under concurrent writes", () => {
  let dataDir: string;
  let database: TestDatabase;
  let server: TestServer;
  let token: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "labkeep-load-"));
    database = await createTestDatabase({ embeddedDataDir: dataDir, poolSize: 10 });
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { database, prepare: async (db) => void (await buildApiWorld(db.prisma)) });
    token = (await server.call("POST", "/api/dev/token", { body: { upn: "ada.admin@labkeep.dev" } })).body.token;
  });
  after(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Holds the embedded database's single transaction slot for `ms`. */
  async function holdDatabase(db: Db, ms: number): Promise<void> {
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await sleep(ms);
    }, { timeout: ms + 5_000 });
  }

  /** Open records with a full set of valid answers each. */
  async function completions(count: number, seed: number) {
    const db = database.prisma;
    const checklists = await loadChecklists(db);
    const random = seededRandom(seed);
    const records = await db.pmRecord.findMany({ where: { status: "OPEN", equipment: { assetTag: { not: { startsWith: "LOAD-" } } } }, include: { equipment: { select: { modelId: true } } }, orderBy: { id: "asc" }, take: count });
    assert.equal(records.length, count);
    return records.map((r) => ({ id: r.id, body: { results: answerChecklist(checklists.get(checklistKey(r.equipment.modelId, r.frequency)) ?? [], random, 0).results } }));
  }

  it("thirty completions and thirty creations at once queue, also behind a long transaction, and all succeed", async () => {
    assert.equal(database.kind, "embedded");
    const db = database.prisma;
    const work = await completions(30, 30);
    const lab = await db.lab.findFirstOrThrow({ where: { code: "SFO" } });
    const model = await db.equipmentModel.findFirstOrThrow({ where: { active: true } });
    const writes = Promise.all([
      ...work.map((w) => server.call("POST", `/api/records/${w.id}/complete`, { token, body: w.body })),
      ...Array.from({ length: 30 }, (_, i) => server.call("POST", "/api/equipment", { token, body: { assetTag: `LOAD-${i}`, modelId: model.id, labId: lab.id, location: `Bench ${i}` } })),
    ]);
    // While the writers are in line, a long transaction takes its turn: those behind it wait 3 s.
    await sleep(150);
    await holdDatabase(db, 3_000);
    const answers = await writes;
    const failed = answers.filter((a) => a.status !== 200 && a.status !== 201).map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 160)}`);
    assert.deepEqual(failed, []);
    const done = await db.pmRecord.findMany({ where: { id: { in: work.map((w) => w.id) } }, select: { status: true } });
    assert.deepEqual(done.map((r) => r.status), Array<string>(30).fill("COMPLETED"));
    const created = await db.equipment.findMany({ where: { assetTag: { startsWith: "LOAD-" } }, select: { id: true, assetTag: true, location: true } });
    assert.deepEqual(created.map((e) => e.location).sort(), Array.from({ length: 30 }, (_, i) => `Bench ${i}`).sort());
    for (const e of created) assert.equal(e.location, `Bench ${e.assetTag.slice("LOAD-".length)}`);
    assert.equal(await db.auditEvent.count({ where: { action: "record.completed", entityId: { in: work.map((w) => String(w.id)) } } }), 30);
    assert.equal(await db.auditEvent.count({ where: { action: "equipment.created", entityId: { in: created.map((e) => String(e.id)) } } }), 30);
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  it("past DATABASE_TRANSACTION_WAIT_SECONDS a writer answers 503 with Retry-After and writes nothing", async () => {
    // One connection and a 50 ms wait: thirty writers take turns on it, so those at the back give up.
    const impatient = createPrismaClient(database.url, { poolSize: 1, timeouts: { transactionWaitMs: 50 } });
    const other = await startTestServer({ DEV_SIGN_IN: "true" }, { database: { ...database, prisma: impatient, close: () => impatient.$disconnect() } });
    try {
      const otherToken = (await other.call("POST", "/api/dev/token", { body: { upn: "ada.admin@labkeep.dev" } })).body.token;
      await other.call("GET", "/api/me", { token: otherToken });
      const work = await completions(30, 31);
      const answers = await Promise.all(work.map((w) => other.call("POST", `/api/records/${w.id}/complete`, { token: otherToken, body: w.body })));
      const refused = answers.filter((a) => a.status === 503);
      assert.deepEqual(answers.filter((a) => a.status !== 200 && a.status !== 503).map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 160)}`), []);
      assert.ok(refused.length > 0, "some writer waited past the limit");
      for (const a of refused) assert.deepEqual([a.body.error.code, a.headers.get("retry-after")], ["unavailable", "5"]);
      const completed = await database.prisma.pmRecord.count({ where: { id: { in: work.map((w) => w.id) }, status: "COMPLETED" } });
      assert.equal(completed, answers.length - refused.length, "a refused completion wrote nothing");
    } finally {
      await other.close();
    }
  });
});
