import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { Prisma } from "../db/client.ts";
import { createEquipment, createLab, createModel } from "../../tests/support/fixtures/generator.ts";
import { generateRecords } from "../generator/generator.ts";
import { endOfLocalDay, isDueToday, isOverdue, isPending, statusSql } from "./status.ts";

// The SQL fragments and the predicates are two spellings of one rule: they must agree on every
// record, in zones far east and far west of UTC and across a daylight-saving change.

let tdb: TestDatabase;
const ZONES = { KIR: "Pacific/Kiritimati", BOS: "America/New_York", PPG: "Pacific/Pago_Pago" };
const labs: Record<string, { id: number; timeZone: string }> = {};

before(async () => {
  tdb = await createTestDatabase();
  const model = await createModel(tdb.prisma, "Freezer");
  for (const [code, zone] of Object.entries(ZONES)) {
    const lab = await createLab(tdb.prisma, code, zone, "2026-03-01");
    labs[code] = { id: lab.id, timeZone: zone };
    await createEquipment(tdb.prisma, lab.id, model.id, [`${code}-1`, `${code}-2`]);
  }
  for (const day of ["2026-03-05", "2026-03-07", "2026-03-08", "2026-03-09"]) await generateRecords(tdb.prisma, { now: new Date(`${day}T12:00:00Z`) });
});
after(async () => {
  await tdb?.close();
});

test("endOfLocalDay is the next lab-local midnight, also on a 23-hour day", () => {
  assert.equal(endOfLocalDay(new Date("2026-03-08T09:16:00Z"), ZONES.BOS).toISOString(), "2026-03-09T04:00:00.000Z");
  assert.equal(endOfLocalDay(new Date("2026-03-08T04:30:00Z"), ZONES.BOS).toISOString(), "2026-03-08T05:00:00.000Z");
  assert.equal(endOfLocalDay(new Date("2026-03-08T09:16:00Z"), ZONES.KIR).toISOString(), "2026-03-08T10:00:00.000Z");
});

test("SQL and predicates agree on overdue, due today and pending, per lab zone", async () => {
  const s = statusSql("r");
  let dueTodaySeen = 0;
  for (const at of ["2026-03-08T04:59:00Z", "2026-03-08T09:16:00Z", "2026-03-08T23:30:00Z", "2026-03-09T10:00:00Z", "2026-03-09T11:30:00Z"]) {
    const now = new Date(at);
    const rows = await tdb.prisma.$queryRaw<{ id: number; labId: number; overdue: boolean; dueToday: boolean; pending: boolean }[]>`
      SELECT r.id, r.lab_id AS "labId", ${s.overdue(now)} AS overdue, ${s.dueToday(now)} AS "dueToday", ${s.pending(now)} AS pending
      FROM pm_record r ORDER BY r.id`;
    const records = new Map((await tdb.prisma.pmRecord.findMany({ select: { id: true, status: true, dueAt: true, periodStart: true, labId: true } })).map((r) => [r.id, r]));
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const record = records.get(row.id)!;
      const zone = Object.values(labs).find((l) => l.id === record.labId)!.timeZone;
      const where = `record ${row.id} (${zone}, due ${record.dueAt.toISOString()}) at ${at}`;
      assert.equal(row.overdue, isOverdue(record, now), `overdue: ${where}`);
      assert.equal(row.dueToday, isDueToday(record, now, zone), `due today: ${where}`);
      assert.equal(row.pending, isPending(record, now), `pending: ${where}`);
      if (row.dueToday) {
        dueTodaySeen++;
        // Due times are local midnights: tonight's, or this very instant when now is one (still on time).
        assert.ok([endOfLocalDay(now, zone).getTime(), now.getTime()].includes(record.dueAt.getTime()), `due today means due by the next local midnight: ${where}`);
      }
    }
  }
  assert.ok(dueTodaySeen > 0, "some records were due today");
});

test("with the lab joined, the zone expression can be the lab's column", async () => {
  const now = new Date("2026-03-09T10:00:00Z");
  const joined = statusSql("r", Prisma.sql`l.time_zone`);
  const [row] = await tdb.prisma.$queryRaw<{ a: number; b: number }[]>`
    SELECT count(*) FILTER (WHERE ${joined.dueToday(now)})::int AS a, count(*) FILTER (WHERE ${statusSql("r").dueToday(now)})::int AS b
    FROM pm_record r JOIN lab l ON l.id = r.lab_id`;
  assert.ok(row!.a > 0);
  assert.equal(row!.a, row!.b);
});
