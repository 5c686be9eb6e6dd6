import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord } from "../../tests/support/fixtures/world.ts";
import { Prisma } from "./client.ts";
import { readRows } from "./raw.ts";

/** readRows answers exactly what $queryRaw answers: same SQL, same values, same JS types. */
let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => {
  await tdb?.close();
});

test("a read straight through the pool equals Prisma's $queryRaw, DATE as UTC midnight included", async () => {
  const w = await createWorld(tdb.prisma);
  const { model } = await makeModel(tdb.prisma, "MONTHLY", [{ title: "Inspect", kind: "CHECK" }]);
  const e = await makeEquipment(tdb.prisma, w.labs.BOS, model.id, { assetTag: "RAW-001" });
  await makeRecord(tdb.prisma, e, "MONTHLY", new Date("2026-03-01T00:00:00Z"), new Date("2026-04-01T04:00:00Z"));
  const query = Prisma.sql`
    SELECT r.id, r.number, r.period_start AS "periodStart", r.due_at AS "dueAt", r.completed_at AS "completedAt",
           r.status::text AS status, e.asset_tag AS "assetTag", count(*) OVER ()::int AS n, ${"BOS"}::text AS lab
    FROM pm_record r JOIN equipment e ON e.id = r.equipment_id WHERE r.lab_id = ${w.labs.BOS} AND r.due_at > ${new Date("2020-01-01T00:00:00Z")}`;
  const viaPool = await readRows<Record<string, unknown>>(tdb.prisma, query);
  const viaPrisma = await tdb.prisma.$queryRaw<Record<string, unknown>[]>(query);
  assert.equal(viaPool.length, 1);
  assert.deepEqual(viaPool, viaPrisma);
  assert.equal((viaPool[0]!.periodStart as Date).toISOString(), "2026-03-01T00:00:00.000Z");
  // Inside a transaction it is the transaction's own query.
  const inTx = await tdb.prisma.$transaction((tx) => readRows<Record<string, unknown>>(tx, query));
  assert.deepEqual(inTx, viaPrisma);
});
