import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { completeRecord, listRecords } from "./record.service.ts";

let tdb: TestDatabase;
let w: World;
before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
});
after(async () => {
  await tdb?.close();
});

/** What the tally says against what counting the records says, per lab and frequency. */
async function tallyMismatches(): Promise<unknown[]> {
  return tdb.prisma.$queryRaw<unknown[]>`
    SELECT coalesce(t.lab_id, c.lab_id) AS lab, coalesce(t.frequency, c.frequency)::text AS frequency, t.completed AS tally, c.n AS counted
    FROM lab_record_tally t
    FULL JOIN (SELECT lab_id, frequency, count(*)::int AS n FROM pm_record WHERE status = 'COMPLETED' GROUP BY lab_id, frequency) c
      ON c.lab_id = t.lab_id AND c.frequency = t.frequency
    WHERE coalesce(t.completed, 0) <> coalesce(c.n, 0)`;
}

test("the completed tally follows completions, raw inserts, updates and deletes, and feeds the list counts", async () => {
  const { tasks } = await makeModel(tdb.prisma, "DAILY", [{ title: "Wipe down", kind: "CHECK" }]);
  const { model: weekly } = await makeModel(tdb.prisma, "WEEKLY", [{ title: "Seal", kind: "CHECK" }]);
  const daily = await makeEquipment(tdb.prisma, w.labs.BOS, tasks[0]!.modelId);
  const other = await makeEquipment(tdb.prisma, w.labs.SFO, weekly.id);
  const records = [];
  for (let day = 1; day <= 5; day++) {
    const start = new Date(NOW.getTime() - day * 86_400_000);
    records.push(await makeRecord(tdb.prisma, daily, "DAILY", start, new Date(start.getTime() + 86_400_000)));
  }
  const tom = w.as("tom.tech");
  for (const record of records.slice(0, 3)) {
    await completeRecord(tom, record.id, { results: [{ taskId: tasks[0]!.id, outcome: "DONE" }] });
  }
  let list = await listRecords(w.as("tom.tech"), { labId: w.labs.BOS });
  assert.equal(list.counts.DAILY.completed, 3);
  assert.equal(list.counts.DAILY.open, 2);

  // Writes that bypass the services still keep the tally exact.
  const sfoRecord = await makeRecord(tdb.prisma, other, "WEEKLY", new Date(NOW.getTime() - 7 * 86_400_000), NOW);
  await tdb.prisma.$executeRaw`UPDATE pm_record SET status = 'COMPLETED', completed_at = ${NOW} WHERE id = ${sfoRecord.id}`;
  await tdb.prisma.$executeRaw`UPDATE pm_record SET comment = 'noted' WHERE lab_id = ${w.labs.BOS}`;
  await tdb.prisma.$executeRaw`UPDATE pm_record SET status = 'OPEN', completed_at = NULL WHERE id = ${records[0]!.id}`;
  assert.deepEqual(await tallyMismatches(), []);
  list = await listRecords(w.as("ada.admin"), {});
  assert.equal(list.counts.DAILY.completed, 2);
  assert.equal(list.counts.WEEKLY.completed, 1);
  assert.equal(list.total, 6);

  // A search counts the matching records themselves.
  const searched = await listRecords(w.as("ada.admin"), { search: daily.assetTag, status: "completed" });
  assert.equal(searched.total, 2);

  await tdb.prisma.$executeRaw`DELETE FROM pm_record WHERE id = ${sfoRecord.id}`;
  assert.deepEqual(await tallyMismatches(), []);
  assert.equal((await listRecords(w.as("ada.admin"), {})).counts.WEEKLY.completed, 0);
});
