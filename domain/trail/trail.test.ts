import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import type { ServiceContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { amendRecord, completeRecord } from "../record/record.service.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { grantAccess } from "../user/user.access.ts";
import { returnRecord } from "../review/review.service.ts";
import { getTrailReview, signOffTrailReview, trailReviewExport } from "./trail.service.ts";

let tdb: TestDatabase;
let w: World;
const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;

/** A context carrying a fresh sign-in of its own user (what the X-Labkeep-Signature header gives). */
function signing(who: string, ageSeconds = 10): ServiceContext {
  const ctx = w.as(who);
  return { ...ctx, signing: { aadObjectId: ctx.principal.aadObjectId, authTime: new Date(NOW.getTime() - ageSeconds * 1000), method: "dev-pin", problem: null, maxAgeSeconds: 300 } };
}

const PERIOD = { from: "2026-03-01", to: "2026-03-31" };
let fx: { onTime: string; late: string; tag: string; otherTag: string; returned: string; returnedId: number };

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  const { model, tasks } = await makeModel(tdb.prisma, "DAILY", [{ title: "Temperature", kind: "READING", unit: "°C", min: 2, max: 8 }]);
  const freezer = await makeEquipment(tdb.prisma, w.labs.BOS, model.id);
  const other = await makeEquipment(tdb.prisma, w.labs.SFO, model.id);
  const taskId = tasks[0]!.id;
  // Due after NOW: completed on time, but with a reading above its limit.
  const onTime = await makeRecord(tdb.prisma, freezer, "DAILY", new Date("2026-03-10T04:00:00Z"), new Date("2026-03-11T04:00:00Z"));
  // Due 35 hours before NOW: a late completion, in range.
  const late = await makeRecord(tdb.prisma, freezer, "DAILY", new Date("2026-03-08T05:00:00Z"), new Date("2026-03-09T04:00:00Z"));
  // Another lab's out-of-limit result must not show in BOS's review.
  const elsewhere = await makeRecord(tdb.prisma, other, "DAILY", new Date("2026-03-10T07:00:00Z"), new Date("2026-03-11T07:00:00Z"));
  await completeRecord(w.as("tom.tech"), onTime.id, { results: [{ taskId, reading: 9.5 }] });
  await completeRecord(w.as("tom.tech"), late.id, { results: [{ taskId, reading: 5 }] });
  await completeRecord(w.as("ada.admin"), elsewhere.id, { results: [{ taskId, reading: 12 }] });
  await amendRecord(w.as("marie.manager"), late.id, { reason: "Comment was missing", comment: "Door alarm tested" });
  await grantAccess(w.as("marie.manager", "BOS"), w.users["theo.tech"]!.id, w.labs.BOS, "LOCAL_AUDIT", "Helps with the March backlog");
  // A refused attempt to sign (stale sign-in) in BOS.
  await assert.rejects(signOffTrailReview(signing("rosalind.audit", 3600), { labId: w.labs.BOS, ...PERIOD, meaning: "REVIEWED", contentHash: "0".repeat(64) }), code("signature_auth_required"));
  // A record completed under review (BOS now requires it), returned by the reviewer; its performer
  // first tried to sign it with a stale sign-in (refused, audited against the record).
  await tdb.prisma.lab.update({ where: { id: w.labs.BOS }, data: { reviewRequired: true } });
  const reviewed = await makeRecord(tdb.prisma, freezer, "DAILY", new Date("2026-03-09T04:00:00Z"), new Date("2026-03-11T04:00:00Z"));
  await assert.rejects(completeRecord(signing("tom.tech", 3600), reviewed.id, { results: [{ taskId, reading: 5 }] }), code("signature_auth_required"));
  await completeRecord(w.as("tom.tech"), reviewed.id, { results: [{ taskId, reading: 5 }] });
  await returnRecord(w.as("marie.manager"), reviewed.id, { reason: "Reading not legible on the log sheet" });
  await tdb.prisma.lab.update({ where: { id: w.labs.BOS }, data: { reviewRequired: false } });
  fx = { onTime: formatRecordNumber("BOS", onTime.number), late: formatRecordNumber("BOS", late.number), tag: freezer.assetTag, otherTag: other.assetTag, returned: formatRecordNumber("BOS", reviewed.number), returnedId: reviewed.id };
});
after(async () => {
  await tdb?.close();
});

test("every exception kind is listed with its record number or person, and the counts equal the data", async () => {
  const review = await getTrailReview(w.as("rosalind.audit"), { labId: w.labs.BOS, ...PERIOD });
  const rows = review.exceptions.map((e) => [e.kind, e.reference, e.assetTag, e.actor, e.detail]);
  assert.deepEqual(rows, [
    ["amendment", fx.late, fx.tag, "Marie Curie", "Completed record amended. Reason: Comment was missing"],
    ["out_of_limit", fx.onTime, fx.tag, "Tom Edison", "Temperature: 9.5 °C (limits 2 to 8)"],
    ["late_completion", fx.late, fx.tag, "Tom Edison", "Completed 35 hours after it was due"],
    ["returned_review", fx.returned, fx.tag, "Marie Curie", "Review returned to the performer. Reason: Reading not legible on the log sheet"],
    ["access_change", "Theo Brown", null, "Marie Curie", "Role TECHNICIAN → LOCAL_AUDIT. Reason: Helps with the March backlog"],
    ["failed_signing", `signature audit_review:${w.labs.BOS}:2026-03-01:2026-03-31`, null, "Rosalind Franklin", `Signing reviewed audit_review ${w.labs.BOS}:2026-03-01:2026-03-31 refused: stale`],
    ["failed_signing", fx.returned, fx.tag, "Tom Edison", `Signing performed record ${fx.returnedId} refused: stale`],
  ]);
  assert.deepEqual(Object.fromEntries(review.kinds.map((k) => [k.kind, k.count])), { amendment: 1, out_of_limit: 1, late_completion: 1, returned_review: 1, access_change: 1, failed_signing: 2 });
  assert.equal(review.total, 7);
  // The heading names the days picked, both ends; the window runs from the lab's midnight starting the first to the one ending the last.
  assert.equal(review.window.text, "Mar 1 – 31, 2026 (BOS time)");
  assert.deepEqual([review.window.start.toISOString(), review.window.end.toISOString()], ["2026-03-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z"]);
  assert.ok(!JSON.stringify(review).includes(fx.otherTag), "SFO's exceptions stay out of BOS's review");
  // A period before anything happened has no exceptions.
  assert.equal((await getTrailReview(w.as("rosalind.audit"), { labId: w.labs.BOS, from: "2026-02-01", to: "2026-02-28" })).total, 0);
});

test("QA signs off with a fresh sign-in; the sign-off is bound to the report and stops matching when the period changes", async () => {
  const q = { labId: w.labs.BOS, ...PERIOD };
  const review = await getTrailReview(w.as("rosalind.audit"), q);
  await assert.rejects(signOffTrailReview(signing("marie.manager"), { ...q, meaning: "APPROVED", contentHash: review.contentHash }), code("forbidden"));
  await assert.rejects(signOffTrailReview(w.as("rosalind.audit"), { ...q, meaning: "REVIEWED", contentHash: review.contentHash }), code("signature_auth_required"));
  await assert.rejects(signOffTrailReview(signing("rosalind.audit"), { ...q, meaning: "REVIEWED", contentHash: "f".repeat(64) }), code("conflict"));
  const signed = await signOffTrailReview(signing("rosalind.audit"), { ...q, meaning: "REVIEWED", contentHash: review.contentHash, comment: "Amendment justified" });
  assert.equal(signed.signOffs.length, 1);
  const off = signed.signOffs[0]!;
  assert.deepEqual([off.meaning, off.signer.name, off.exceptions, off.contentHash, off.matches], ["REVIEWED", "Rosalind Franklin", 7, review.contentHash, true]);
  assert.equal(off.signedAtText, "Mar 10, 2026, 11:00 AM (BOS time)");
  assert.equal(off.signatures[0]!.text, "Reviewed by Rosalind Franklin, Mar 10, 2026, 11:00 AM (BOS time)");
  const stored = await tdb.prisma.signature.findFirstOrThrow({ where: { subjectType: "audit_review", subjectId: String(off.id) } });
  assert.equal(stored.meaning, "REVIEWED");
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "trail.signed_off", entityId: String(off.id) } });
  assert.deepEqual([audit.reason, (audit.after as { contentHash: string }).contentHash], ["Amendment justified", review.contentHash]);

  const csv = await trailReviewExport(w.as("grace.audit"), q);
  assert.deepEqual(csv.rows.filter((r) => r[0] === "count").map((r) => [r[1], r[2]]), review.kinds.map((k) => [k.label, k.count]));
  assert.ok(csv.rows.some((r) => r[0] === "Late completions" && r[3] === fx.late && r[4] === fx.tag));
  assert.ok(csv.rows.some((r) => String(r[0]).includes("Reviewed by Rosalind Franklin") && r[6] === "matches this report; Amendment justified"));
  // Times sort as text, on the lab's wall clock, the zone named in the header; UTC beside them.
  assert.deepEqual(csv.headers.slice(1, 3), ["at (BOS time)", "at (UTC)"]);
  assert.ok(csv.rows.some((r) => String(r[0]).includes("Reviewed by Rosalind Franklin") && r[1] === "2026-03-10 11:00" && r[2] === off.signedAt.toISOString()));

  // A later amendment inside the period changes the report: the sign-off no longer matches it.
  const onTime = await tdb.prisma.pmRecord.findFirstOrThrow({ where: { labId: w.labs.BOS, number: Number(fx.onTime.slice(4)) } });
  const task = await tdb.prisma.checklistTask.findFirstOrThrow();
  await amendRecord(w.as("marie.manager"), onTime.id, { reason: "Thermometer misread", results: [{ taskId: task.id, reading: 7.5 }] });
  const later = await getTrailReview(w.as("rosalind.audit"), q);
  assert.notEqual(later.contentHash, review.contentHash);
  assert.equal(later.signOffs[0]!.matches, false);
  assert.equal(later.signOffs[0]!.signatures[0]!.valid, false);
  assert.match(later.signOffs[0]!.signatures[0]!.text, /signature no longer matches the report\)$/);
});
