import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { getLab, updateLab } from "../lab/lab.service.ts";
import { getModel, updateModel } from "../model/model.service.ts";
import { labScope } from "../policy/policy.ts";
import { amendRecord, completeRecord, getRecord } from "../record/record.service.ts";
import { complianceReport } from "../report/compliance.ts";
import { AMENDED_AFTER_REVIEW } from "./requeue.ts";
import { listReviewQueue, resubmitRecord, returnRecord, reviewCounts, reviewRecord } from "./review.service.ts";

let tdb: TestDatabase;
let w: World;
let model: Awaited<ReturnType<typeof makeModel>>;

const code = (expected: string, message?: RegExp) => (error: unknown) =>
  error instanceof AppError && error.code === expected && (message === undefined || message.test(error.message));
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

/** A reviewer's context carrying a fresh sign-in (R-SIGN: reviewing is a signature), `ageSeconds` old. */
function signer(who: string, ageSeconds = 60): ServiceContext {
  const ctx = w.as(who);
  return { ...ctx, signing: { aadObjectId: ctx.principal.aadObjectId, authTime: new Date(NOW.getTime() - ageSeconds * 1000), method: "dev-pin", problem: null, maxAgeSeconds: 300 } };
}

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  model = await makeModel(tdb.prisma, "DAILY", [{ title: "Clean rotor", kind: "CHECK" }, { title: "Speed", kind: "READING", unit: "rpm", min: 1000, max: 2000 }]);
  // BOS and SFO require review; LON does not.
  await updateLab(w.as("ada.admin"), w.labs.BOS, { reviewRequired: true });
  await updateLab(w.as("ada.admin"), w.labs.SFO, { reviewRequired: true });
});
after(async () => {
  await tdb?.close();
});

const answers = (speed = 1500) => ({ results: [{ taskId: model.tasks[0]!.id, outcome: "DONE" as const }, { taskId: model.tasks[1]!.id, reading: speed }] });

let seq = 0;
/** An open record of a fresh piece of equipment in `lab`, completed by `who` when given. */
async function record(lab: "BOS" | "SFO" | "LON", who?: string, modelId = model.model.id) {
  const equipment = await makeEquipment(tdb.prisma, w.labs[lab], modelId);
  const open = await makeRecord(tdb.prisma, equipment, "DAILY", hours(-20 - ++seq / 100), hours(4));
  if (who) await completeRecord(w.as(who), open.id, answers());
  return open;
}

test("lab and model settings round-trip, audited; the model's setting overrides the lab's either way", async () => {
  const admin = w.as("ada.admin");
  assert.equal((await getLab(admin, w.labs.BOS)).reviewRequired, true);
  assert.equal((await getLab(admin, w.labs.LON)).reviewRequired, false);
  const event = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "lab.updated", entityId: String(w.labs.BOS) } });
  assert.deepEqual([event.before, event.after], [{ reviewRequired: false }, { reviewRequired: true }]);
  await assert.rejects(updateLab(admin, w.labs.LON, { reviewRequired: "yes" }), (e: unknown) => e instanceof AppError && e.code === "validation_failed" && JSON.stringify(e.details).includes("reviewRequired"));
  await assert.rejects(updateLab(w.as("marie.manager"), w.labs.BOS, { reviewRequired: false }), code("forbidden"));

  const exempt = await makeModel(tdb.prisma, "DAILY", [{ title: "Look", kind: "CHECK" }]);
  const critical = await makeModel(tdb.prisma, "DAILY", [{ title: "Look", kind: "CHECK" }]);
  assert.equal((await getModel(admin, exempt.model.id)).reviewRequired, null);
  assert.equal((await updateModel(admin, exempt.model.id, { reviewRequired: false })).reviewRequired, false);
  assert.equal((await updateModel(admin, critical.model.id, { reviewRequired: true })).reviewRequired, true);
  assert.equal((await getModel(admin, critical.model.id)).reviewRequired, true);

  const look = (m: typeof exempt) => ({ results: [{ taskId: m.tasks[0]!.id, outcome: "DONE" as const }] });
  const states: [string, string | null][] = [];
  for (const [lab, m, label] of [["BOS", exempt, "BOS exempt"], ["LON", critical, "LON critical"], ["LON", exempt, "LON exempt"]] as const) {
    const open = await makeRecord(tdb.prisma, await makeEquipment(tdb.prisma, w.labs[lab], m.model.id), "DAILY", hours(-20), hours(4));
    const done = await completeRecord(w.as(lab === "BOS" ? "tom.tech" : "theo.tech"), open.id, look(m));
    states.push([label, done.review?.state ?? null]);
  }
  const followsLab = await record("BOS", "tom.tech");
  states.push(["BOS follows lab", (await getRecord(w.as("tom.tech"), followsLab.id)).review?.state ?? null]);
  assert.deepEqual(states, [["BOS exempt", null], ["LON critical", "AWAITING"], ["LON exempt", null], ["BOS follows lab", "AWAITING"]]);

  // Switching the lab off later does not rewrite a record already completed.
  await updateLab(admin, w.labs.SFO, { reviewRequired: false });
  const sfo = await record("SFO", "marie.manager");
  assert.equal((await getRecord(admin, sfo.id)).review, null);
  await updateLab(admin, w.labs.SFO, { reviewRequired: true });
  assert.equal((await getRecord(admin, sfo.id)).review, null);
});

test("the performer can never review or return their own record; another manager can", async () => {
  const own = await record("BOS", "marie.manager");
  await assert.rejects(reviewRecord(signer("marie.manager"), own.id, {}), code("forbidden", /You completed this record/));
  await assert.rejects(returnRecord(w.as("marie.manager"), own.id, { reason: "Looks wrong" }), code("forbidden", /second person/));
  // Read-only and technician roles have no review right; another lab's manager does not see it.
  await assert.rejects(reviewRecord(w.as("rosalind.audit"), own.id, {}), code("forbidden"));
  await assert.rejects(reviewRecord(w.as("grace.audit"), own.id, {}), code("forbidden"));
  await assert.rejects(reviewRecord(w.as("tom.tech"), own.id, {}), code("forbidden"));
  await assert.rejects(reviewRecord(w.as("lena.manager"), own.id, {}), code("not_found"));
  assert.equal((await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: own.id } })).reviewState, "AWAITING");

    // Reviewing is a signature: without a fresh sign-in, or with a stale one (audited), nothing is recorded.
  await assert.rejects(reviewRecord(w.as("ada.admin"), own.id, {}), code("signature_auth_required"));
  await assert.rejects(reviewRecord(signer("ada.admin", 600), own.id, {}), code("signature_auth_required", /too old/));
  const refusal = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "signature.refused", entityId: `record:${own.id}` } });
  assert.deepEqual([(refusal.after as { reason: string; meaning: string }).reason, (refusal.after as { meaning: string }).meaning], ["stale", "REVIEWED"]);
  assert.equal((await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: own.id } })).reviewState, "AWAITING");

  const reviewed = await reviewRecord(signer("ada.admin"), own.id, { comment: "Checked against the log" });
  const signatures = await tdb.prisma.signature.findMany({ where: { subjectType: "record", subjectId: String(own.id), meaning: "REVIEWED" } });
  assert.deepEqual(signatures.map((sig) => [sig.signerName, sig.signedAt.getTime(), sig.source]), [["Ada Lovelace", NOW.getTime(), "TAB"]]);
  assert.equal(reviewed.review?.state, "REVIEWED");
  assert.deepEqual(reviewed.review?.by, { id: w.users["ada.admin"]!.id, displayName: "Ada Lovelace" });
  assert.equal(reviewed.review?.at?.getTime(), NOW.getTime());
  assert.equal(reviewed.review?.comment, "Checked against the log");
  const events = await tdb.prisma.auditEvent.findMany({ where: { entityId: String(own.id), action: { in: ["record.completed", "record.reviewed"] } }, orderBy: { seq: "asc" } });
  assert.deepEqual(events.map((e) => [e.action, e.actorName]), [["record.completed", "Marie Curie"], ["record.reviewed", "Ada Lovelace"]]);
  assert.deepEqual(events[1]!.after, { reviewState: "REVIEWED", comment: "Checked against the log" });
  await assert.rejects(reviewRecord(w.as("marie.manager"), own.id, {}), code("forbidden"));
  await assert.rejects(reviewRecord(signer("ada.admin"), own.id, {}), code("conflict", /already reviewed by Ada Lovelace/));
});

test("a record counts as done in compliance only once reviewed; reviewed and unreviewed figures equal the records", async () => {
  // LON needs no review: a fresh monthly model there is this test's alone, with review forced on.
  const monthly = await makeModel(tdb.prisma, "MONTHLY", [{ title: "Seal", kind: "CHECK" }]);
  await updateModel(w.as("ada.admin"), monthly.model.id, { reviewRequired: true });
  const march = { start: new Date("2026-03-01T00:00:00Z"), due: new Date("2026-04-01T00:00:00Z") };
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) {
    const open = await makeRecord(tdb.prisma, await makeEquipment(tdb.prisma, w.labs.LON, monthly.model.id), "MONTHLY", march.start, march.due);
    await completeRecord(w.as("theo.tech"), open.id, { results: [{ taskId: monthly.tasks[0]!.id, outcome: "DONE" }] });
    ids.push(open.id);
  }
  const report = async () => (await complianceReport(w.as("ada.admin"), { from: "2026-03-01", to: "2026-03-31", labId: w.labs.LON, frequency: "MONTHLY" })).rows;
  const fromData = async () => {
    const rows = await tdb.prisma.pmRecord.findMany({ where: { id: { in: ids } } });
    return { reviewed: rows.filter((r) => r.reviewState === "REVIEWED").length, unreviewed: rows.filter((r) => r.reviewState === "AWAITING" || r.reviewState === "RETURNED").length };
  };
  let rows = await report();
  assert.deepEqual(rows.map((r) => [r.due, r.completedOnTime, r.reviewed, r.unreviewed, r.compliancePct]), [[4, 0, 0, 4, 0]]);
  assert.deepEqual({ reviewed: rows[0]!.reviewed, unreviewed: rows[0]!.unreviewed }, await fromData());

  await reviewRecord(signer("lena.manager"), ids[0]!, {});
  await reviewRecord(signer("lena.manager"), ids[1]!, {});
  await returnRecord(w.as("lena.manager"), ids[2]!, { reason: "Seal photo missing" });
  rows = await report();
  assert.deepEqual(rows.map((r) => [r.due, r.completedOnTime, r.reviewed, r.unreviewed, r.compliancePct]), [[4, 2, 2, 2, 50]]);
  assert.deepEqual({ reviewed: rows[0]!.reviewed, unreviewed: rows[0]!.unreviewed }, await fromData());
});

test("an amendment after review puts the record back in the queue: the old review no longer matches, a new review counts", async () => {
  // LON needs no review: a quarterly model of this test's own, with review forced on, in Q1 2026.
  const quarterly = await makeModel(tdb.prisma, "QUARTERLY", [{ title: "Seal", kind: "CHECK" }]);
  await updateModel(w.as("ada.admin"), quarterly.model.id, { reviewRequired: true });
  const ids: number[] = [];
  for (let i = 0; i < 2; i++) {
    const open = await makeRecord(tdb.prisma, await makeEquipment(tdb.prisma, w.labs.LON, quarterly.model.id), "QUARTERLY", new Date("2026-01-01T00:00:00Z"), new Date("2026-04-01T00:00:00Z"));
    await completeRecord(w.as("theo.tech"), open.id, { results: [{ taskId: quarterly.tasks[0]!.id, outcome: "DONE" }] });
    await reviewRecord(signer("lena.manager"), open.id, { comment: "Seal checked" });
    ids.push(open.id);
  }
  const [amended, untouched] = ids as [number, number];
  const report = async () => {
    const rows = (await complianceReport(w.as("ada.admin"), { from: "2026-01-01", to: "2026-01-31", labId: w.labs.LON, frequency: "QUARTERLY" })).rows;
    return rows.map((r) => ({ due: r.due, completedOnTime: r.completedOnTime, reviewed: r.reviewed, unreviewed: r.unreviewed, compliancePct: r.compliancePct }));
  };
  const fromData = async () => {
    const rows = await tdb.prisma.pmRecord.findMany({ where: { id: { in: ids } } });
    const reviewed = rows.filter((r) => r.reviewState === "REVIEWED").length;
    const onTime = rows.filter((r) => r.reviewState === "REVIEWED" && r.completedAt! <= r.dueAt).length;
    return [{ due: rows.length, completedOnTime: onTime, reviewed, unreviewed: rows.filter((r) => r.reviewState === "AWAITING" || r.reviewState === "RETURNED").length, compliancePct: Math.round((onTime / rows.length) * 1000) / 10 }];
  };
  const before = await report();
  assert.deepEqual(before, await fromData());
  assert.deepEqual(before.map((r) => [r.reviewed, r.unreviewed]), [[2, 0]]);
  const inQueue = async (who: string) => (await listReviewQueue(w.as(who), { labId: w.labs.LON, pageSize: 200 })).items.find((i) => i.id === amended);
  assert.equal(await inQueue("ada.admin"), undefined);

  const detail = await amendRecord(w.as("lena.manager"), amended, { reason: "The seal was torn after all", results: [{ taskId: quarterly.tasks[0]!.id, outcome: "NOT_DONE" }] });
  assert.equal(detail.review?.state, "AWAITING");
  assert.equal(detail.review?.reason, AMENDED_AFTER_REVIEW);
  // The last decision stays readable: who reviewed it before the amendment.
  assert.equal(detail.review?.by?.displayName, "Lena Meitner");
  const reviewedSignatures = detail.signatures.filter((s) => s.meaning === "REVIEWED");
  assert.deepEqual(reviewedSignatures.map((s) => [s.signerName, s.valid]), [["Lena Meitner", false]]);
  assert.ok(reviewedSignatures[0]!.text.endsWith("(signature no longer matches the record)"), reviewedSignatures[0]!.text);
  const queued = await inQueue("ada.admin");
  assert.equal(queued?.review.reason, AMENDED_AFTER_REVIEW);
  assert.equal((await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: untouched } })).reviewState, "REVIEWED");

  const after = await report();
  assert.deepEqual(after, await fromData());
  assert.deepEqual(after.map((r) => [r.reviewed, r.unreviewed]), [[before[0]!.reviewed - 1, before[0]!.unreviewed + 1]]);
  const trail = await tdb.prisma.auditEvent.findMany({ where: { entityId: String(amended), action: { in: ["record.amended", "record.review_reopened"] } }, orderBy: { seq: "asc" } });
  assert.deepEqual(trail.map((e) => [e.action, e.reason]), [["record.amended", "The seal was torn after all"], ["record.review_reopened", "The seal was torn after all"]]);
  assert.deepEqual([trail[1]!.before, trail[1]!.after], [{ reviewState: "REVIEWED" }, { reviewState: "AWAITING", reviewReason: AMENDED_AFTER_REVIEW }]);

  // Amended again while awaiting: it stays in the queue, nothing reopened twice.
  await amendRecord(w.as("lena.manager"), amended, { reason: "Say what was seen", comment: "Seal torn at the hinge" });
  assert.equal(await tdb.prisma.auditEvent.count({ where: { entityId: String(amended), action: "record.review_reopened" } }), 1);

  const again = await reviewRecord(signer("ada.admin"), amended, { comment: "Torn seal confirmed" });
  assert.equal(again.review?.state, "REVIEWED");
  assert.equal(again.review?.reason, null);
  assert.deepEqual(again.signatures.filter((s) => s.meaning === "REVIEWED").map((s) => [s.signerName, s.valid]), [["Lena Meitner", false], ["Ada Lovelace", true]]);
  assert.equal(await inQueue("ada.admin"), undefined);
  const reviewedAgain = await report();
  assert.deepEqual(reviewedAgain, await fromData());
  assert.deepEqual(reviewedAgain.map((r) => [r.reviewed, r.unreviewed]), [[2, 0]]);
});

test("returned with a reason: the performer sees it, corrects it and resubmits; then it can be reviewed", async () => {
  const open = await record("BOS", "tom.tech");
  const returned = await returnRecord(w.as("marie.manager"), open.id, { reason: "Speed reading looks too low for this rotor" });
  assert.equal(returned.review?.state, "RETURNED");
  assert.equal(returned.review?.comment, "Speed reading looks too low for this rotor");
  await assert.rejects(reviewRecord(signer("ada.admin"), open.id, {}), code("conflict", /returned to its performer by Marie Curie/));

  const mine = await listReviewQueue(w.as("tom.tech"), { view: "returned" });
  const row = mine.items.find((i) => i.id === open.id);
  assert.equal(row?.review.comment, "Speed reading looks too low for this rotor");
  assert.equal(row?.review.by?.displayName, "Marie Curie");
  assert.ok(!(await listReviewQueue(w.as("marie.manager"))).items.some((i) => i.id === open.id), "not in the reviewer's queue while returned");

  await assert.rejects(resubmitRecord(w.as("theo.tech"), open.id, { note: "Fixed" }), code("forbidden", /Only the person who completed/));
  await assert.rejects(resubmitRecord(w.as("tom.tech"), open.id, { note: "" }), code("validation_failed"));
  await assert.rejects(resubmitRecord(w.as("tom.tech"), open.id, { note: "Re\u0000read" }), code("validation_failed"));
  const speed = model.tasks[1]!.id;
  const resubmitted = await resubmitRecord(w.as("tom.tech"), open.id, { note: "Re-read the tachometer: 1850 rpm", results: [{ taskId: speed, reading: 1850 }] });
  assert.equal(resubmitted.review?.state, "AWAITING");
  assert.equal(resubmitted.results.find((r) => r.taskId === speed)?.reading, 1850);
  assert.deepEqual(resubmitted.amendments.map((a) => a.reason), ["Re-read the tachometer: 1850 rpm"]);
  await assert.rejects(resubmitRecord(w.as("tom.tech"), open.id, { note: "again" }), code("conflict"));
  assert.ok((await listReviewQueue(w.as("marie.manager"))).items.some((i) => i.id === open.id), "back in the reviewer's queue");
  assert.equal((await reviewRecord(signer("marie.manager"), open.id, {})).review?.state, "REVIEWED");

  const trail = await tdb.prisma.auditEvent.findMany({ where: { entityId: String(open.id), action: { startsWith: "record." } }, orderBy: { seq: "asc" } });
  assert.deepEqual(trail.map((e) => [e.action, e.reason]), [
    ["record.completed", null],
    ["record.returned", "Speed reading looks too low for this rotor"],
    ["record.amended", "Re-read the tachometer: 1850 rpm"],
    ["record.resubmitted", "Re-read the tachometer: 1850 rpm"],
    ["record.reviewed", null],
  ]);
});

test("two reviewers at once: exactly one decision is recorded", async () => {
  const open = await record("SFO", "tara.tech");
  const results = await Promise.allSettled([reviewRecord(signer("marie.manager"), open.id, {}), returnRecord(w.as("ada.admin"), open.id, { reason: "Why?" })]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  assert.ok(code("conflict")(rejected.reason));
  const decisions = await tdb.prisma.auditEvent.count({ where: { entityId: String(open.id), action: { in: ["record.reviewed", "record.returned"] } } });
  assert.equal(decisions, 1);
});

test("queue counts per reviewer equal the records awaiting them, by lab, never their own", async () => {
  await record("BOS", "theo.tech");
  await record("BOS", "marie.manager");
  await record("SFO", "tara.tech");
  await record("SFO", "marie.manager");
  await record("LON", "theo.tech"); // LON needs no review
  const awaiting = await tdb.prisma.pmRecord.findMany({ where: { reviewState: "AWAITING" }, include: { lab: true } });
  for (const who of ["marie.manager", "ada.admin", "lena.manager"]) {
    const ctx = w.as(who);
    const scope = labScope(ctx.principal, "record", "review");
    const mine = awaiting.filter((r) => (scope === "all" || scope.includes(r.labId)) && r.completedById !== w.users[who]!.id);
    const byLab = new Map<string, number>();
    for (const r of mine) byLab.set(r.lab.code, (byLab.get(r.lab.code) ?? 0) + 1);
    const counts = await reviewCounts(ctx);
    assert.equal(counts.awaitingTotal, mine.length, who);
    assert.deepEqual(counts.awaiting.map((a) => [a.labCode, a.count]), [...byLab].sort(([a], [b]) => a.localeCompare(b)), who);
    const queue = await listReviewQueue(ctx, { pageSize: 2 });
    assert.equal(queue.total, mine.length, who);
    assert.equal(queue.items.length, Math.min(2, mine.length));
  }
  assert.ok((await reviewCounts(w.as("marie.manager"))).awaitingTotal >= 3);
  await assert.rejects(listReviewQueue(w.as("tom.tech")), code("forbidden"));
  assert.equal((await reviewCounts(w.as("tom.tech"))).awaitingTotal, 0);
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
});
