import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { fixedClock } from "../clock.ts";
import { serviceContext } from "../context.ts";
import { complianceReport, overdueAgeing } from "../report/report.service.ts";
import { listCalibrations } from "../calibration/calibration.list.ts";
import { calibrationStatus } from "../calibration/status.ts";
import { isoDateOf } from "../calibration/interval.ts";
import { downloadAttachment } from "../file/file.service.ts";
import { DEMO_USERS } from "./identities.ts";
import { demoGroupId } from "./people.ts";
import { isDatabaseEmpty, seedDemoData, type SeedSummary } from "./seed.ts";

const NOW = new Date("2026-11-22T15:00:00Z");
let db: TestDatabase;
let summary: SeedSummary;

before(async () => {
  db = await createTestDatabase();
  assert.equal(await isDatabaseEmpty(db.prisma), true);
  summary = await seedDemoData(db.prisma, { now: NOW });
  console.log(`seed on the ${db.kind} database: ${summary.ms} ms`, summary);
});
after(async () => {
  await db?.close();
});

test("the demo catalogue: 3 labs in 3 zones, at least 10 models with limits, 64 pieces in every status", async () => {
  assert.equal(await isDatabaseEmpty(db.prisma), false);
  const labs = await db.prisma.lab.findMany({ orderBy: { code: "asc" } });
  assert.deepEqual(labs.map((l) => [l.code, l.timeZone]), [["BOS", "America/New_York"], ["LON", "Europe/London"], ["SFO", "America/Los_Angeles"]]);
  assert.ok(summary.models >= 10);
  const readings = await db.prisma.checklistTask.count({ where: { kind: "READING", unit: { not: null }, OR: [{ min: { not: null } }, { max: { not: null } }] } });
  assert.ok(readings >= 25, `${readings} readings with limits`);
  const frequencies = await db.prisma.checklistTask.groupBy({ by: ["frequency"], _count: { _all: true } });
  assert.equal(frequencies.length, 5);
  assert.deepEqual(summary.equipment, { ACTIVE: 58, IN_REPAIR: 1, OUT_OF_SERVICE: 3, OBSOLETE: 2 });
  const tagged = await db.prisma.equipment.count({ where: { serialNumber: { not: null }, location: { not: null }, commissionedOn: { not: null } } });
  assert.equal(tagged, 64);
  // R-QUAR: one open corrective action, on the instrument its quarantine took out of service.
  const open = await db.prisma.correctiveAction.findMany({ where: { status: "OPEN" }, include: { equipment: true, assignee: true, lab: true, entries: true } });
  assert.deepEqual(open.map((ca) => [ca.lab.code, ca.equipment.status, ca.assignee?.displayName, ca.entries.length]), [["BOS", "OUT_OF_SERVICE", "Marie Curie", 1]]);
});

test("demo users with their Entra groups and in-app grants", async () => {
  const users = await db.prisma.user.findMany({ include: { access: { include: { lab: true } } }, orderBy: { id: "asc" } });
  assert.deepEqual(users.map((u) => [u.upn, u.status]), DEMO_USERS.map((u) => [u.upn, u.status]));
  const memberships = await db.prisma.devDirectoryMembership.findMany();
  assert.equal(memberships.length, DEMO_USERS.reduce((n, u) => n + u.groups.length, 0));
  const marie = memberships.find((m) => m.aadObjectId === DEMO_USERS[2]!.aadObjectId)!;
  assert.deepEqual([marie.groupName, marie.groupId], ["Labkeep-BOS-Manager", demoGroupId("Labkeep-BOS-Manager")]);
  const grants = users.flatMap((u) => u.access.map((a) => `${u.upn} ${a.lab.code} ${a.role}`)).sort();
  assert.deepEqual(grants, ["marie.manager@labkeep.dev SFO MANAGER", "theo.tech@labkeep.dev BOS TECHNICIAN"]);
});

test("60 days of history: mostly on time, some late, some overdue, failures, amendments, a transfer", async () => {
  assert.deepEqual([summary.from, summary.through], ["2026-09-23", "2026-11-22"]);
  assert.ok(summary.records > 800, `${summary.records} records`);
  const onTime = summary.completed - summary.completedLate;
  assert.ok(onTime / summary.records > 0.7, `${onTime} on time of ${summary.records}`);
  assert.ok(summary.completedLate > 50 && summary.overdue > 30 && summary.failed > 10, JSON.stringify(summary));
  assert.ok(summary.amendments >= 2 && summary.transfers === 1 && summary.statusChanges >= 7);
  // Every completion was done by someone allowed to do it at that lab, at a time the lab was open for it.
  const [wrong] = await db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pm_record r
     WHERE r.status = 'COMPLETED' AND (r.completed_at > ${NOW} OR r.completed_at < r.created_at OR r.completed_by_id IS NULL)`;
  assert.equal(wrong!.n, 0);
  const dan = await db.prisma.pmRecord.findFirst({ where: { completedBy: { upn: "dan.disabled@labkeep.dev" } }, orderBy: { completedAt: "desc" } });
  const disabledAt = await db.prisma.auditEvent.findFirst({ where: { action: "user.status_changed" } });
  assert.ok(dan && disabledAt && dan.completedAt! < disabledAt.at, "Dan completed records only before he was disabled");
  assert.deepEqual((await verifyAuditChain(db.prisma)).ok, true);
  const actions = await db.prisma.auditEvent.groupBy({ by: ["action"], _count: { _all: true } });
  for (const action of ["lab.created", "model.created", "task.created", "user.registered", "access.granted", "equipment.created", "equipment.status_changed", "equipment.transferred", "records.generated", "record.completed", "record.amended", "user.status_changed", "data.seeded"]) {
    assert.ok(actions.some((a) => a.action === action), `audit has ${action}`);
  }
});

test("the reports have something to show in every lab", async () => {
  const admin = await db.prisma.user.findUniqueOrThrow({ where: { upn: "ada.admin@labkeep.dev" } });
  const ctx = serviceContext(db.prisma, { userId: admin.id, aadObjectId: admin.aadObjectId, displayName: admin.displayName, status: "ACTIVE", primaryLabId: null, grants: [{ labId: null, role: "ADMINISTRATOR" }] }, "TAB", fixedClock(NOW));
  const compliance = await complianceReport(ctx, { from: "2026-09-01", to: "2026-11-30" });
  assert.deepEqual([...new Set(compliance.rows.map((r) => r.labCode))], ["BOS", "LON", "SFO"]);
  const ageing = await overdueAgeing(ctx, {});
  const buckets = ageing.rows.reduce((sum, r) => [sum[0]! + r.upTo1Day, sum[1]! + r.days2To7, sum[2]! + r.days8To30, sum[3]! + r.over30Days], [0, 0, 0, 0]);
  assert.ok(buckets.every((n) => n > 0), `every ageing bucket has records: ${buckets}`);
});

test("the calibration register shows every status, with points, standards and attached certificates", async () => {
  const admin = await db.prisma.user.findUniqueOrThrow({ where: { upn: "ada.admin@labkeep.dev" } });
  const ctx = serviceContext(db.prisma, { userId: admin.id, aadObjectId: admin.aadObjectId, displayName: admin.displayName, status: "ACTIVE", primaryLabId: null, grants: [{ labId: null, role: "ADMINISTRATOR" }] }, "TAB", fixedClock(NOW));
  const register = await listCalibrations(ctx, { pageSize: 200 });
  const byTag = Object.fromEntries(register.items.map((r) => [r.assetTag, r.status]));
  assert.deepEqual(byTag, {
    "BOS-PIP-004": "OUT_OF_TOLERANCE",
    "BOS-PHM-001": "OVERDUE", "SFO-BAL-001": "OVERDUE",
    "BOS-PIP-002": "DUE_SOON", "SFO-PHM-001": "DUE_SOON",
    "BOS-BAL-001": "IN_CALIBRATION", "LON-BAL-001": "IN_CALIBRATION", "BOS-PIP-001": "IN_CALIBRATION", "LON-PIP-001": "IN_CALIBRATION",
  });
  // The list's SQL and the TypeScript predicate agree on every plan, each in its lab's zone.
  const plans = await db.prisma.calibrationPlan.findMany({ include: { equipment: { include: { lab: true } } } });
  for (const p of plans) {
    assert.equal(calibrationStatus({ ...p, nextDueOn: isoDateOf(p.nextDueOn) }, NOW, p.equipment.lab.timeZone), byTag[p.equipment.assetTag], p.equipment.assetTag);
  }
  const standards = plans.filter((p) => p.referenceStandard).map((p) => p.equipment.assetTag).sort();
  assert.deepEqual(standards, ["BOS-BAL-001", "LON-BAL-001"]);
  const overdue = register.items.filter((r) => r.status === "OVERDUE");
  assert.ok(overdue.every((r) => r.daysOverdue > 0 && r.nextDueOn < NOW.toISOString().slice(0, 10)));

  const events = await db.prisma.calibrationEvent.findMany({ include: { points: true, standards: true, equipment: true }, orderBy: { id: "asc" } });
  assert.equal(events.length, 7);
  assert.ok(events.every((e) => e.certificateNumber && e.points.length === 3 && e.points.every((p) => p.asFound !== null && p.asLeft !== null)));
  // Pipettes trace to their lab's balance, with the certificate that balance held that day.
  const pipettes = events.filter((e) => e.equipment.assetTag.includes("-PIP-"));
  assert.equal(pipettes.length, 4);
  for (const e of pipettes) {
    assert.equal(e.standards.length, 1);
    const standard = events.find((s) => s.equipmentId === e.standards[0]!.standardId)!;
    assert.equal(e.standards[0]!.certificateNumber, standard.certificateNumber);
  }
  const failed = events.filter((e) => e.result === "FAIL").map((e) => e.equipment.assetTag);
  assert.deepEqual(failed, ["BOS-PIP-004"]);
  const adjusted = events.filter((e) => e.asFoundPass === false && e.result === "PASS").map((e) => e.equipment.assetTag);
  assert.deepEqual(adjusted, ["LON-PIP-001"]);

  // The external providers' certificates: real PDFs in the file storage, attached to their calibrations.
  const files = await db.prisma.attachment.findMany({ where: { parentKind: "calibration" }, orderBy: { id: "asc" } });
  assert.deepEqual(files.map((f) => [events.find((e) => e.id === f.parentId)!.certificateNumber, f.name, f.contentType]), [
    ["SART-US-2026-48213", "SART-US-2026-48213.pdf", "application/pdf"],
    ["SART-UK-77120", "SART-UK-77120.pdf", "application/pdf"],
  ]);
  for (const f of files) {
    const download = await downloadAttachment(ctx, f.id);
    assert.equal(download.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.equal(download.bytes.length, f.sizeBytes);
  }
});

test("deterministic for a given now", async () => {
  const other = await createTestDatabase();
  try {
    await seedDemoData(other.prisma, { now: NOW });
    const fingerprint = async (t: TestDatabase) => {
      const [row] = await t.prisma.$queryRaw<{ md5: string }[]>`
        SELECT md5(string_agg(concat_ws('|', r.lab_id, r.number, r.status, r.completed_at, r.result, r.comment, r.completed_by_id,
               (SELECT string_agg(concat_ws(':', t.reading, t.outcome, t.text), ',' ORDER BY t.position) FROM pm_task_result t WHERE t.record_id = r.id)), ';' ORDER BY r.lab_id, r.number)) AS md5
          FROM pm_record r`;
      return row!.md5;
    };
    assert.equal(await fingerprint(other), await fingerprint(db));
  } finally {
    await other.close();
  }
});
