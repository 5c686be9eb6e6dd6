import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { fixedClock } from "../clock.ts";
import { serviceContext } from "../context.ts";
import type { Principal } from "../policy/policy.ts";
import { buildFixture, NOW, type Fixture } from "../../tests/support/fixtures/report.ts";
import { complianceReport, overdueAgeing } from "./report.service.ts";

let db: TestDatabase;
let fx: Fixture;
before(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db.prisma);
});
after(async () => {
  await db?.close();
});

const ctx = (principal: Principal) => serviceContext(db.prisma, principal, "TAB", fixedClock(NOW));
const counts = (rows: { labCode: string; frequency: string; month: string; due: number; completedOnTime: number; completedLate: number; open: number; overdue: number; compliancePct: number | null }[]) =>
  rows.map((r) => `${r.labCode} ${r.frequency} ${r.month}: due ${r.due} ontime ${r.completedOnTime} late ${r.completedLate} open ${r.open} overdue ${r.overdue} pct ${r.compliancePct}`);

test("compliance per lab, frequency and lab-local month, without the lab the auditor cannot see", async () => {
  const report = await complianceReport(ctx(fx.auditor), { from: "2026-01-01", to: "2026-02-28" });
  assert.deepEqual(counts(report.rows), [
    "BOS DAILY 2026-01: due 5 ontime 3 late 1 open 0 overdue 1 pct 60",
    "BOS DAILY 2026-02: due 3 ontime 0 late 0 open 1 overdue 2 pct 0",
    // BOS-9 (December's, due at the start of January 1) is outside; BOS-8 is January's, overdue.
    "BOS MONTHLY 2026-01: due 1 ontime 0 late 0 open 0 overdue 1 pct 0",
    // LON-1's period is January 31 (London), completed after its due time.
    "LON DAILY 2026-01: due 2 ontime 1 late 1 open 0 overdue 0 pct 50",
    "LON DAILY 2026-02: due 2 ontime 1 late 0 open 0 overdue 1 pct 50",
  ]);
  assert.equal(report.rows[0]!.labName, "BOS lab");
  assert.equal(report.rows[0]!.labId, fx.labs.BOS);
});

test("an administrator sees every lab", async () => {
  const report = await complianceReport(ctx(fx.admin), { from: "2026-01-01", to: "2026-02-28", labId: fx.labs.SFO });
  assert.deepEqual(counts(report.rows), ["SFO DAILY 2026-01: due 2 ontime 1 late 0 open 0 overdue 1 pct 50"]);
  const all = await complianceReport(ctx(fx.admin), { from: "2026-01-01", to: "2026-02-28" });
  assert.deepEqual([...new Set(all.rows.map((r) => r.labCode))], ["BOS", "LON", "SFO"]);
});

test("filters: frequency, lab, and dates taken in the lab's own time zone", async () => {
  const monthly = await complianceReport(ctx(fx.auditor), { from: "2026-01-01", to: "2026-02-28", frequency: "MONTHLY" });
  assert.deepEqual(monthly.rows.map((r) => `${r.labCode} ${r.month}`), ["BOS 2026-01"]);
  // BOS-4's period starts at 03:00 UTC on 31 January, which is still 30 January in Boston;
  // LON-1's starts the same instant, 31 January in London.
  const february = await complianceReport(ctx(fx.auditor), { from: "2026-02-01", to: "2026-02-28", labId: String(fx.labs.BOS) as never });
  assert.deepEqual(counts(february.rows), [
    "BOS DAILY 2026-02: due 3 ontime 0 late 0 open 1 overdue 2 pct 0",
  ]);
  const january = await complianceReport(ctx(fx.auditor), { from: "2026-01-31", to: "2026-01-31" });
  assert.deepEqual(counts(january.rows), ["LON DAILY 2026-01: due 1 ontime 0 late 1 open 0 overdue 0 pct 0"]);
});

test("scope and input errors", async () => {
  await assert.rejects(complianceReport(ctx(fx.auditor), { from: "2026-01-01", to: "2026-02-28", labId: fx.labs.SFO }), { code: "not_found" });
  await assert.rejects(complianceReport(ctx(fx.technician), { from: "2026-01-01", to: "2026-02-28" }), { code: "forbidden" });
  await assert.rejects(complianceReport(ctx(fx.auditor), { from: "2026-02-30x", to: "2026-02-28" }), { code: "validation_failed" });
  await assert.rejects(complianceReport(ctx(fx.auditor), { from: "2026-03-01", to: "2026-02-28" }), { code: "validation_failed" });
  await assert.rejects(overdueAgeing(ctx(fx.auditor), { labId: fx.labs.SFO }), { code: "not_found" });
  await assert.rejects(overdueAgeing(ctx(fx.technician), {}), { code: "forbidden" });
});

test("overdue ageing buckets per lab and frequency, with the oldest items first", async () => {
  const report = await overdueAgeing(ctx(fx.auditor), {});
  assert.deepEqual(
    report.rows.map((r) => [r.labCode, r.frequency, r.upTo1Day, r.days2To7, r.days8To30, r.over30Days, r.total]),
    [
      ["BOS", "DAILY", 1, 1, 0, 1, 3],
      ["BOS", "MONTHLY", 0, 0, 1, 0, 1],
      ["LON", "DAILY", 0, 0, 1, 0, 1],
    ],
  );
  assert.deepEqual(report.rows[0]!.oldest.map((i) => [i.number, i.daysOverdue, i.assetTag, i.dueAt]), [
    ["BOS-000003", 35, "BOS-FRZ-001", "2026-01-12T05:00:00.000Z"],
    ["BOS-000005", 2, "BOS-FRZ-001", "2026-02-14T05:00:00.000Z"],
    ["BOS-000006", 1, "BOS-FRZ-001", "2026-02-15T05:00:00.000Z"],
  ]);
  assert.deepEqual(report.rows[2]!.oldest.map((i) => [i.number, i.daysOverdue]), [["LON-000003", 11]]);
  const admin = await overdueAgeing(ctx(fx.admin), { labId: fx.labs.SFO });
  assert.deepEqual(admin.rows.map((r) => [r.labCode, r.frequency, r.over30Days, r.total, r.oldest[0]!.number]), [["SFO", "DAILY", 1, 1, "SFO-000013"]]);
});
