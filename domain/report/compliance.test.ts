import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { fixedClock } from "../clock.ts";
import { serviceContext } from "../context.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { localDateOf, periodOf } from "../periods/periods.ts";
import type { Principal } from "../policy/policy.ts";
import { complianceReport } from "./compliance.ts";

// Records with real periods (periods.ts) in Boston, whose due times (the end of the period) fall
// in the next month or on the next day: the report must file each under its own period.
const ZONE = "America/New_York";
const NOW = new Date("2026-11-15T17:00:00Z");
const SPECS: { frequency: Frequency; day: string; done?: string }[] = [
  { frequency: "MONTHLY", day: "2026-09-01", done: "2026-09-20T14:00:00Z" },
  { frequency: "MONTHLY", day: "2026-10-01", done: "2026-10-31T20:00:00Z" }, // on time, 16:00 on Oct 31
  { frequency: "MONTHLY", day: "2026-11-01" }, // open, not yet due
  { frequency: "DAILY", day: "2026-10-30", done: "2026-10-31T15:00:00Z" }, // late
  { frequency: "DAILY", day: "2026-10-31", done: "2026-11-01T03:30:00Z" }, // 23:30 on Oct 31: on time
  { frequency: "DAILY", day: "2026-11-01" }, // overdue
];

let db: TestDatabase;
let labId: number;
let records: { frequency: Frequency; periodStart: Date; dueAt: Date; completedAt: Date | null }[];
before(async () => {
  db = await createTestDatabase();
  const lab = await db.prisma.lab.create({ data: { code: "BOS", name: "Boston", timeZone: ZONE } });
  labId = lab.id;
  const model = await db.prisma.equipmentModel.create({ data: { manufacturer: "Acme", name: "Freezer", frequencies: ["DAILY", "MONTHLY"] } });
  const equipment = await db.prisma.equipment.create({ data: { assetTag: "BOS-1", modelId: model.id, labId } });
  records = SPECS.map((s) => {
    const period = periodOf(s.frequency, s.day, ZONE);
    return { frequency: s.frequency, periodStart: period.start, dueAt: period.due, completedAt: s.done ? new Date(s.done) : null };
  });
  await db.prisma.pmRecord.createMany({
    data: records.map((r, i) => ({
      labId, number: i + 1, equipmentId: equipment.id, frequency: r.frequency, periodStart: r.periodStart, periodEnd: r.dueAt, dueAt: r.dueAt,
      status: r.completedAt ? "COMPLETED" : "OPEN", completedAt: r.completedAt, result: r.completedAt ? "PASS" : null,
    })),
  });
});
after(async () => { await db?.close(); });

const auditor: Principal = { userId: 1, aadObjectId: "aad-1", displayName: "Ada", status: "ACTIVE", primaryLabId: null, grants: [{ labId: null, role: "GLOBAL_AUDIT" }] };
const ctx = () => serviceContext(db.prisma, auditor, "TAB", fixedClock(NOW));

/** The figures the report should give, worked out here from the records and their periods. */
function expected(from: string, to: string): string[] {
  const rows = new Map<string, { due: number; onTime: number; late: number; open: number; overdue: number }>();
  for (const r of records) {
    const day = localDateOf(r.periodStart, ZONE);
    if (day < from || day > to) continue;
    const key = `${r.frequency} ${day.slice(0, 7)}`;
    const row = rows.get(key) ?? { due: 0, onTime: 0, late: 0, open: 0, overdue: 0 };
    row.due += 1;
    if (r.completedAt) row[r.completedAt <= r.dueAt ? "onTime" : "late"] += 1;
    else row[r.dueAt < NOW ? "overdue" : "open"] += 1;
    rows.set(key, row);
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([key, r]) => `${key}: due ${r.due} ontime ${r.onTime} late ${r.late} open ${r.open} overdue ${r.overdue}`);
}

const figures = (rows: Awaited<ReturnType<typeof complianceReport>>["rows"]) =>
  rows.map((r) => `${r.frequency} ${r.month}: due ${r.due} ontime ${r.completedOnTime} late ${r.completedLate} open ${r.open} overdue ${r.overdue}`);

test("records are filed under the lab-local month of their period, not of their due time", async () => {
  const report = await complianceReport(ctx(), { from: "2026-09-01", to: "2026-11-30", labId });
  assert.deepEqual(figures(report.rows), expected("2026-09-01", "2026-11-30"));
  // October's monthly record is due at midnight starting November 1: it is October's.
  const octoberMonthly = report.rows.find((r) => r.frequency === "MONTHLY" && r.month === "2026-10");
  assert.equal(octoberMonthly?.completedOnTime, 1);
  assert.equal(octoberMonthly?.compliancePct, 100);
  // Two daily records of October (30th and 31st), one of November.
  assert.deepEqual(report.rows.filter((r) => r.frequency === "DAILY").map((r) => [r.month, r.due]), [["2026-10", 2], ["2026-11", 1]]);
});

test("the date filter takes the period's first day, in the lab's time zone", async () => {
  const october = await complianceReport(ctx(), { from: "2026-10-01", to: "2026-10-31", labId });
  assert.deepEqual(figures(october.rows), expected("2026-10-01", "2026-10-31"));
  assert.deepEqual(october.rows.map((r) => `${r.frequency} ${r.month} ${r.due}`), ["DAILY 2026-10 2", "MONTHLY 2026-10 1"]);
  const lastDay = await complianceReport(ctx(), { from: "2026-10-31", to: "2026-10-31", labId });
  assert.deepEqual(figures(lastDay.rows), expected("2026-10-31", "2026-10-31"));
});
