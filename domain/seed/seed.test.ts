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
import { recordsSignedContent } from "../record/record.content.ts";
import { listReviewQueue, reviewCounts } from "../review/review.service.ts";
import { signatureMatches } from "../signature/signature.service.ts";
import { loadPrincipal } from "../user/user.identity.ts";
import { DEMO_USERS } from "./identities.ts";
import { demoGroupId } from "./people.ts";
import { KEEP, MAX_WAITING, RETURN_CONFIRM, RETURN_FAILED, RETURN_LOGBOOK } from "./reviews.ts";
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

/** A demo user's context at NOW, with their group grants (as the development sign-in makes them) and in-app grants. */
async function demoContext(upn: string) {
  const demo = DEMO_USERS.find((u) => u.upn === upn)!;
  const user = await db.prisma.user.findUniqueOrThrow({ where: { upn } });
  const labIds = Object.fromEntries((await db.prisma.lab.findMany()).map((l) => [l.code, l.id]));
  const principal = await loadPrincipal(db.prisma, user, demo.groups.map((g) => ({ labId: g.lab ? labIds[g.lab]! : null, role: g.role })));
  return serviceContext(db.prisma, principal, "TAB", fixedClock(NOW), labIds[demo.primaryLab]!);
}

test("LON requires second-person review: signed completions, reviews by a second person, a return resubmitted, one still returned, a few awaiting", async () => {
  const prisma = db.prisma;
  // The settings, made by Ada on day 2 with their audit events.
  assert.deepEqual((await prisma.lab.findMany({ where: { reviewRequired: true } })).map((l) => l.code), ["LON"]);
  const overrides = await prisma.equipmentModel.findMany({ where: { reviewRequired: { not: null } }, include: { equipment: { select: { assetTag: true } } } });
  assert.deepEqual(overrides.map((m) => [m.equipment.some((e) => e.assetTag === "LON-FRZ-001"), m.reviewRequired]), [[true, false]]);
  const settings = await prisma.auditEvent.findMany({ where: { action: { in: ["lab.updated", "model.updated"] } }, orderBy: { seq: "asc" } });
  assert.deepEqual(settings.map((e) => [e.action, e.actorName, (e.after as { reviewRequired: boolean }).reviewRequired]), [["lab.updated", "Ada Lovelace", true], ["model.updated", "Ada Lovelace", false]]);
  const setAt = settings[0]!.at;
  assert.ok(setAt.getTime() - Date.parse(`${summary.from}T00:00:00Z`) < 3 * 86_400_000, `set early: ${setAt.toISOString()}`);

  // Exactly the LON records completed after the setting, of models not exempted, needed review.
  const completed = await prisma.pmRecord.findMany({ where: { status: "COMPLETED" }, include: { lab: true, equipment: { include: { model: true } }, amendments: true } });
  const needed = completed.filter((r) => r.lab.code === "LON" && r.completedAt! > setAt && r.equipment.model.reviewRequired !== false);
  assert.deepEqual(completed.filter((r) => r.reviewState !== null).map((r) => r.id).sort(), needed.map((r) => r.id).sort());
  assert.ok(needed.length > 80, `${needed.length} LON records needed review`);

  // Each was signed PERFORMED by its performer with the PIN sign-in; the last signature matches the record unless it was amended since.
  const contents = await recordsSignedContent(prisma, needed.map((r) => r.id));
  const signatures = await prisma.signature.findMany({ where: { subjectType: "record", subjectId: { in: needed.map((r) => String(r.id)) } }, orderBy: { id: "asc" } });
  const of = (id: number, meaning: string) => signatures.filter((s) => s.subjectId === String(id) && s.meaning === meaning);
  for (const r of needed) {
    const performed = of(r.id, "PERFORMED");
    assert.ok(performed.length >= 1 && performed.every((s) => s.signerId === r.completedById && s.authMethod === "dev-pin"), `record ${r.id} signed by its performer`);
    const amendedSince = r.amendments.some((a) => a.at > performed.at(-1)!.signedAt);
    assert.equal(signatureMatches(performed.at(-1)!, contents.get(r.id)), !amendedSince, `record ${r.id}: the performer's last signature matches unless the record was amended since`);
  }

  // Every reviewed record carries a valid REVIEWED signature by its reviewer, who is not its performer.
  const reviewed = needed.filter((r) => r.reviewState === "REVIEWED");
  assert.ok(reviewed.length > needed.length * 0.9, `${reviewed.length} of ${needed.length} reviewed`);
  for (const r of reviewed) {
    assert.notEqual(r.reviewedById, r.completedById, `record ${r.id}: a second person reviewed it`);
    assert.ok(of(r.id, "REVIEWED").some((s) => s.signerId === r.reviewedById && s.authMethod === "dev-pin" && signatureMatches(s, contents.get(r.id))), `record ${r.id}: valid REVIEWED signature`);
  }
  const reviewers = await prisma.user.findMany({ where: { id: { in: [...new Set(reviewed.map((r) => r.reviewedById!))] } }, orderBy: { id: "asc" } });
  assert.deepEqual(reviewers.map((u) => u.upn), ["ada.admin@labkeep.dev", "lena.manager@labkeep.dev"]);

  // The queue: what Lena's Reviews page (GET /api/reviews) and her bot card count, between KEEP and MAX_WAITING.
  const lena = await demoContext("lena.manager@labkeep.dev");
  const lon = needed[0]!.labId;
  const awaiting = needed.filter((r) => r.reviewState === "AWAITING");
  const hers = awaiting.filter((r) => r.completedById !== lena.principal.userId).sort((a, b) => a.completedAt!.getTime() - b.completedAt!.getTime() || a.id - b.id);
  const queue = await listReviewQueue(lena, { labId: lon });
  assert.deepEqual([queue.total, queue.items.map((i) => i.id)], [hers.length, hers.map((r) => r.id)]);
  assert.ok(queue.total >= KEEP && queue.total <= MAX_WAITING, `${queue.total} await Lena's review`);
  assert.equal((await reviewCounts(lena)).awaitingTotal, queue.total);
  const admin = await demoContext("ada.admin@labkeep.dev");
  assert.equal((await listReviewQueue(admin, { labId: lon })).total, awaiting.length, "Administrators review too (Lena's own records as well)");

  // One record returned to Theo, still waiting for him, with its reason.
  const returned = needed.filter((r) => r.reviewState === "RETURNED");
  assert.equal(returned.length, 1);
  const theo = await demoContext("theo.tech@labkeep.dev");
  assert.deepEqual([returned[0]!.completedById, returned[0]!.reviewedById, returned[0]!.reviewComment], [theo.principal.userId, lena.principal.userId, RETURN_LOGBOOK.reason]);
  const mine = await listReviewQueue(theo, { view: "returned", labId: lon });
  assert.deepEqual(mine.items.map((i) => [i.id, i.review.state, i.review.comment]), [[returned[0]!.id, "RETURNED", RETURN_LOGBOOK.reason]]);

  // One returned earlier, resubmitted with a corrected comment, signed again and reviewed.
  const trail = await prisma.auditEvent.findMany({ where: { action: { in: ["record.returned", "record.resubmitted", "record.reviewed"] }, labId: lon }, orderBy: { seq: "asc" } });
  const resubmitted = trail.filter((e) => e.action === "record.resubmitted");
  assert.equal(resubmitted.length, 1);
  const again = needed.find((r) => String(r.id) === resubmitted[0]!.entityId)!;
  const how = [RETURN_FAILED, RETURN_CONFIRM].find((h) => h.note === resubmitted[0]!.reason)!;
  assert.deepEqual(trail.filter((e) => e.entityId === String(again.id)).map((e) => [e.action, e.reason]), [["record.returned", how.reason], ["record.resubmitted", how.note], ["record.reviewed", null]]);
  assert.deepEqual([again.reviewState, again.amendments.map((a) => a.reason), again.comment?.endsWith(how.comment)], ["REVIEWED", [how.note], true]);
  assert.deepEqual(of(again.id, "PERFORMED").map((s) => signatureMatches(s, contents.get(again.id))), [false, true], "signed at completion, and again after the correction");
});

test("deterministic for a given now", async () => {
  const other = await createTestDatabase();
  try {
    await seedDemoData(other.prisma, { now: NOW });
    const fingerprint = async (t: TestDatabase) => {
      const [row] = await t.prisma.$queryRaw<{ md5: string }[]>`
        SELECT md5(string_agg(concat_ws('|', r.lab_id, r.number, r.status, r.completed_at, r.result, r.comment, r.completed_by_id,
               r.review_state, r.reviewed_by_id, r.reviewed_at, r.review_comment,
               (SELECT string_agg(concat_ws(':', s.meaning, s.signer_id, s.signed_at, s.content_hash), ',' ORDER BY s.id) FROM signature s WHERE s.subject_type = 'record' AND s.subject_id = r.id::text),
               (SELECT string_agg(concat_ws(':', t.reading, t.outcome, t.text), ',' ORDER BY t.position) FROM pm_task_result t WHERE t.record_id = r.id)), ';' ORDER BY r.lab_id, r.number)) AS md5
          FROM pm_record r`;
      return row!.md5;
    };
    assert.equal(await fingerprint(other), await fingerprint(db));
  } finally {
    await other.close();
  }
});
