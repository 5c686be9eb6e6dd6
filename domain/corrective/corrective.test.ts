import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { completeRecord, getRecord } from "../record/record.service.ts";
import { closeCorrectiveAction, getCorrectiveAction, listCorrectiveActions, logCorrectiveAction, quarantineRecord, startRecheck } from "./corrective.service.ts";
import { decideImpact, impactCsv } from "./impact.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { dueByEndOf, labTime, sortableLabTime } from "../time/format.ts";

/** R-QUAR through the services, on the real database: offer, force, numbering, closure, impact. */
let tdb: TestDatabase;
let w: World;
let incubator: Awaited<ReturnType<typeof makeModel>>;
const HOUR = 3_600_000;
const code = (c: string, field?: string) => (error: unknown) =>
  error instanceof AppError && error.code === c && (field === undefined || (error.details as { fields: { field: string }[] }).fields.some((f) => f.field === field));

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  incubator = await makeModel(tdb.prisma, "DAILY", [
    { title: "CO₂ concentration", kind: "READING", unit: "%", min: 4.7, max: 5.3 },
    { title: "Water pan filled", kind: "CHECK" },
  ]);
});
after(async () => {
  await tdb?.close();
});

const answers = (co2: number) => ({ results: [{ taskId: incubator.tasks[0]!.id, reading: co2 }, { taskId: incubator.tasks[1]!.id, outcome: "DONE" as const }] });

/** An instrument with an open daily record, completed at the clock's time with a CO₂ reading. */
async function checked(equipment: { id: number; labId: number }, co2: number, who = "tom.tech") {
  const start = new Date(w.clock.now().getTime() - 10 * HOUR - Math.random() * HOUR);
  const record = await makeRecord(tdb.prisma, equipment, "DAILY", start, new Date(w.clock.now().getTime() + 10 * HOUR));
  return completeRecord(w.as(who), record.id, answers(co2));
}


async function instrument(tag: string, lab: "BOS" | "SFO" = "BOS") {
  return makeEquipment(tdb.prisma, w.labs[lab], incubator.model.id, { assetTag: tag });
}

describe("a failed reading", () => {
  test("offers quarantine to the performer (lab setting OFFER): nothing changes until they accept", async () => {
    w.clock.set(NOW);
    const inc = await instrument("BOS-INC-101");
    const failed = await checked(inc, 6.2);
    assert.equal(failed.result, "FAIL");
    assert.deepEqual(failed.failure, { problem: "CO₂ concentration 6.2 % (4.7–5.3)", correctiveAction: null, offerQuarantine: true });
    assert.equal((await tdb.prisma.equipment.findUniqueOrThrow({ where: { id: inc.id } })).status, "ACTIVE");
    assert.equal(await tdb.prisma.correctiveAction.count({ where: { equipmentId: inc.id } }), 0);
    // A Local Audit user sees the failure but is not offered to act on it.
    assert.equal((await getRecord(w.as("rosalind.audit"), failed.id)).failure?.offerQuarantine, false);
    assert.equal((await checked(inc, 5.0)).failure, null, "a passing check has no failure");
  });

  test("accepting takes the instrument out of service with the reason and opens CA-n assigned and due; a second time is a conflict", async () => {
    w.clock.set(new Date(NOW.getTime() + HOUR));
    const inc = await instrument("BOS-INC-102");
    const failed = await checked(inc, 4.1);
    const marie = w.users["marie.manager"]!.id;
    const opened = await quarantineRecord(w.as("tom.tech"), failed.id, { assigneeId: marie, dueOn: "2026-03-20" });
    const ca = await getCorrectiveAction(w.as("tom.tech"), opened.id);
    const expectedNumber = await tdb.prisma.labRecordCounter.findUniqueOrThrow({ where: { labId: w.labs.BOS } });
    assert.equal(ca.number, `CA-${expectedNumber.lastCaNumber}`);
    assert.deepEqual([ca.status, ca.problem, ca.assignee?.displayName, ca.dueOn, ca.equipment.status, ca.triggerRecord?.number], ["OPEN", "CO₂ concentration 4.1 % (4.7–5.3)", "Marie Curie", "2026-03-20", "OUT_OF_SERVICE", failed.number]);
    const event = await tdb.prisma.equipmentEvent.findFirstOrThrow({ where: { equipmentId: inc.id, kind: "STATUS_CHANGED" } });
    assert.equal(event.reason, `Failed check ${failed.number}: CO₂ concentration 4.1 % (4.7–5.3) (${ca.number})`);
    const trail = await tdb.prisma.auditEvent.findMany({ where: { OR: [{ entityType: "correctiveAction", entityId: String(ca.id) }, { entityType: "equipment", entityId: String(inc.id), action: "equipment.status_changed" }] }, orderBy: { seq: "asc" } });
    assert.deepEqual(trail.map((e) => [e.action, e.actorName]), [["equipment.status_changed", "Tom Edison"], ["ca.opened", "Tom Edison"]]);
    assert.equal((await getRecord(w.as("tom.tech"), failed.id)).failure?.correctiveAction?.number, ca.number);
    await assert.rejects(quarantineRecord(w.as("tom.tech"), failed.id, {}), code("conflict"));
    await assert.rejects(quarantineRecord(w.as("rosalind.audit"), failed.id, {}), code("forbidden"));
    await assert.rejects(quarantineRecord(w.as("marie.manager"), failed.id, { assigneeId: w.users["lena.manager"]!.id }), code("validation_failed", "assigneeId"));
    assert.ok((await verifyAuditChain(tdb.prisma)).ok);
    // Due by the end of Mar 20 in Boston: the lab's midnight after it (EDT, 04:00Z), overdue from that instant on, not before.
    assert.equal(ca.dueAt.toISOString(), "2026-03-21T04:00:00.000Z");
    assert.equal(dueByEndOf(ca.dueAt, ca.lab, w.clock.now()), "by end of Mar 20 (BOS time)");
    const at = async (now: Date) => {
      w.clock.set(now);
      const seen = await getCorrectiveAction(w.as("tom.tech"), opened.id);
      return [seen.ageDays, seen.overdue];
    };
    assert.deepEqual(await at(new Date(ca.dueAt.getTime() - 1)), [10, false]);
    assert.deepEqual(await at(ca.dueAt), [11, true]);
  });

  test("lab setting FORCE: out of service automatically with the reason, CA assigned to the performer", async () => {
    w.clock.set(new Date(NOW.getTime() + 2 * HOUR));
    await tdb.prisma.lab.update({ where: { id: w.labs.SFO }, data: { quarantineOnFailure: "FORCE" } });
    const inc = await instrument("SFO-INC-201", "SFO");
    const failed = await checked(inc, 5.9, "tara.tech");
    const equipment = await tdb.prisma.equipment.findUniqueOrThrow({ where: { id: inc.id }, include: { events: { where: { kind: "STATUS_CHANGED" } } } });
    assert.equal(equipment.status, "OUT_OF_SERVICE");
    const ca = await tdb.prisma.correctiveAction.findFirstOrThrow({ where: { equipmentId: inc.id }, include: { assignee: true } });
    assert.equal(equipment.events[0]!.reason, `Failed check ${failed.number}: CO₂ concentration 5.9 % (4.7–5.3) (CA-${ca.number})`);
    assert.deepEqual([ca.assignee?.displayName, ca.triggerRecordId, ca.failedAt.toISOString(), ca.dueOn.toISOString().slice(0, 10)], ["Tara Shears", failed.id, w.clock.now().toISOString(), "2026-03-17"]);
    assert.deepEqual(failed.failure, { problem: "CO₂ concentration 5.9 % (4.7–5.3)", correctiveAction: { id: ca.id, number: `CA-${ca.number}`, status: "OPEN" }, offerQuarantine: false });
    await tdb.prisma.lab.update({ where: { id: w.labs.SFO }, data: { quarantineOnFailure: "OFFER" } });
  });
});

test("CA numbers are per lab, consecutive and never repeated under concurrent quarantines", async () => {
  w.clock.set(new Date(NOW.getTime() + 3 * HOUR));
  const failures = [];
  for (let i = 0; i < 8; i++) failures.push(await checked(await instrument(`BOS-INC-3${i}`), 3.9));
  const before = (await tdb.prisma.labRecordCounter.findUniqueOrThrow({ where: { labId: w.labs.BOS } })).lastCaNumber;
  const opened = await Promise.all(failures.map((f) => quarantineRecord(w.as("marie.manager"), f.id, {})));
  assert.deepEqual(opened.map((o) => o.number).sort((a, b) => a - b), Array.from({ length: 8 }, (_, i) => before + i + 1));
  const listed = await listCorrectiveActions(w.as("marie.manager"), { labId: w.labs.BOS, pageSize: 200 });
  assert.equal(new Set(listed.items.map((c) => c.number)).size, listed.items.length);
});

describe("closing", () => {
  test("is refused without a passing check newer than the failure, accepted with one; the instrument returns to Active", async () => {
    w.clock.set(new Date(NOW.getTime() + 4 * HOUR));
    const inc = await instrument("BOS-INC-401");
    const good = await checked(inc, 5.0);
    w.clock.advance(HOUR);
    const failed = await checked(inc, 6.4);
    const { id } = await quarantineRecord(w.as("tom.tech"), failed.id, {});
    const close = (verificationRecordId: number) => closeCorrectiveAction(w.signed(w.as("marie.manager")), id, { verificationRecordId, note: "Sensor recalibrated" });
    await assert.rejects(close(good.id), code("validation_failed", "verificationRecordId"), "a passing check older than the failure");
    await assert.rejects(close(failed.id), code("validation_failed", "verificationRecordId"), "the failure itself");
    await assert.rejects(closeCorrectiveAction(w.as("tom.tech"), id, { verificationRecordId: good.id, note: "x" }), code("forbidden"), "a technician does not close");

    await logCorrectiveAction(w.as("tom.tech"), id, { text: "CO₂ sensor recalibrated against the analyser" });
    w.clock.advance(HOUR);
    const withRecheck = await startRecheck(w.as("tom.tech"), id);
    await assert.rejects(startRecheck(w.as("tom.tech"), id), code("conflict"), "one re-check per CA");
    w.clock.advance(HOUR);
    const failedAgain = await completeRecord(w.as("tom.tech"), withRecheck.recheckRecord!.id, answers(5.6));
    assert.equal(failedAgain.failure?.correctiveAction?.id, id, "a failed re-check is logged on the open CA");
    await assert.rejects(close(failedAgain.id), code("validation_failed", "verificationRecordId"), "a failing check");

    // The first re-check failed: a second one may start, and it passes.
    w.clock.advance(HOUR);
    const second = await startRecheck(w.as("tom.tech"), id);
    assert.notEqual(second.recheckRecord!.id, withRecheck.recheckRecord!.id);
    const passed = await completeRecord(w.as("tom.tech"), second.recheckRecord!.id, answers(5.0));
    w.clock.advance(HOUR);
    const closed = await close(passed.id);
    assert.deepEqual([closed.status, closed.verificationRecord?.number, closed.closedBy?.displayName, closed.closingNote, closed.equipment.status], ["CLOSED", passed.number, "Marie Curie", "Sensor recalibrated", "ACTIVE"]);
    assert.deepEqual(closed.actions.map((a) => a.text), ["CO₂ sensor recalibrated against the analyser", `Re-check ${withRecheck.recheckRecord!.number} started`, `Another failed check, ${failedAgain.number}: CO₂ concentration 5.6 % (4.7–5.3)`, `Re-check ${second.recheckRecord!.number} started`]);
    const back = await tdb.prisma.equipmentEvent.findFirstOrThrow({ where: { equipmentId: inc.id, toStatus: "ACTIVE" } });
    assert.equal(back.reason, `${closed.number} closed, verified by ${passed.number}`);
    await assert.rejects(close(passed.id), code("conflict"), "closing twice");
    await assert.rejects(logCorrectiveAction(w.as("tom.tech"), id, { text: "late" }), code("conflict"));
  });
});

describe("closing is an electronic signature (R-SIGN)", () => {
  test("refused without a fresh sign-in (stale one audited), accepted with one as APPROVED; a later change of the CA invalidates it", async () => {
    w.clock.set(new Date(NOW.getTime() + 30 * HOUR));
    const inc = await instrument("BOS-INC-601");
    const failed = await checked(inc, 6.5);
    const { id } = await quarantineRecord(w.as("tom.tech"), failed.id, {});
    await logCorrectiveAction(w.as("tom.tech"), id, { text: "Door gasket replaced" });
    w.clock.advance(HOUR);
    const good = await checked(inc, 5.0);
    const body = { verificationRecordId: good.id, note: "Gasket replaced, CO₂ back in range" };
    const refused = (reason: string) => (e: unknown) => e instanceof AppError && e.code === "signature_auth_required" && e.status === 403 && (e.details as { reason: string }).reason === reason;

    await assert.rejects(closeCorrectiveAction(w.as("marie.manager"), id, body), refused("missing"));
    await assert.rejects(closeCorrectiveAction(w.signed(w.as("marie.manager"), 301), id, body), refused("stale"));
    const stillOpen = await getCorrectiveAction(w.as("marie.manager"), id);
    assert.deepEqual([stillOpen.status, stillOpen.signatures.length], ["OPEN", 0]);
    const refusals = await tdb.prisma.auditEvent.findMany({ where: { action: "signature.refused", entityId: `corrective_action:${id}` } });
    assert.deepEqual(refusals.map((r) => [(r.after as { reason: string }).reason, (r.after as { meaning: string }).meaning, r.labId]), [["stale", "APPROVED", w.labs.BOS]], "the stale sign-in is audited; a missing one is nobody signing in");

    const closed = await closeCorrectiveAction(w.signed(w.as("marie.manager")), id, body);
    const at = labTime(w.clock.now(), { code: "BOS", timeZone: "America/New_York" });
    assert.equal(closed.status, "CLOSED");
    assert.deepEqual(closed.signatures.map((s) => [s.meaning, s.signerName, s.valid, s.text]), [["APPROVED", "Marie Curie", true, `Approved by Marie Curie, ${at}`]]);
    const signedEvent = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "signature.signed", entityId: `corrective_action:${id}` } });
    assert.equal((signedEvent.after as { contentHash: string }).contentHash, closed.signatures[0]!.contentHash);

    // No service changes a closed CA; someone with database access rewrites the closing note.
    await tdb.prisma.correctiveAction.update({ where: { id }, data: { closingNote: "Nothing was wrong" } });
    const after = await getCorrectiveAction(w.as("rosalind.audit"), id);
    assert.deepEqual(after.signatures.map((s) => [s.valid, s.text]), [[false, `Approved by Marie Curie, ${at} (signature no longer matches the corrective action)`]]);
    // And a forged extra log entry: still not matching after the note is put back.
    await tdb.prisma.correctiveAction.update({ where: { id }, data: { closingNote: body.note } });
    assert.equal((await getCorrectiveAction(w.as("rosalind.audit"), id)).signatures[0]!.valid, true, "the original content matches again");
    await tdb.prisma.correctiveActionEntry.create({ data: { caId: id, text: "Back-dated action", actorId: null, at: new Date(NOW.getTime() + 31 * HOUR) } });
    assert.equal((await getCorrectiveAction(w.as("rosalind.audit"), id)).signatures[0]!.valid, false);
    assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
  });
});

test("the impact list is every PM record of the instrument since its last good check, with QA's decisions, as CSV", async () => {
  w.clock.set(new Date(NOW.getTime() + 20 * HOUR));
  const inc = await instrument("BOS-INC-501");
  await checked(inc, 5.0);
  w.clock.advance(HOUR);
  await checked(inc, 5.1);
  w.clock.advance(HOUR);
  await checked(inc, 6.0); // failed, not quarantined (OFFER)
  w.clock.advance(HOUR);
  const trigger = await checked(inc, 6.3);
  const { id } = await quarantineRecord(w.as("tom.tech"), trigger.id, {});
  // Computed here from the data: completed records after the last PASS before the failure, up to it.
  const ca = await tdb.prisma.correctiveAction.findUniqueOrThrow({ where: { id } });
  const completed = await tdb.prisma.pmRecord.findMany({ where: { equipmentId: inc.id, status: "COMPLETED" }, orderBy: { completedAt: "asc" } });
  const lastGood = completed.filter((r) => r.result === "PASS" && r.completedAt! < ca.failedAt).at(-1)!;
  const expected = completed.filter((r) => r.completedAt! > lastGood.completedAt! && r.completedAt! <= ca.failedAt).map((r) => r.id);
  const detail = await getCorrectiveAction(w.as("rosalind.audit"), id);
  assert.deepEqual(detail.impact.map((i) => i.itemId), expected);
  assert.equal(expected.length, 2);

  await assert.rejects(decideImpact(w.as("rosalind.audit"), id, { kind: "RECORD", itemId: lastGood.id, decision: "NO_IMPACT" }), code("validation_failed", "itemId"));
  await assert.rejects(decideImpact(w.as("rosalind.audit"), id, { kind: "RECORD", itemId: expected[0]!, decision: "RETEST" }), code("validation_failed", "comment"));
  await assert.rejects(decideImpact(w.as("tom.tech"), id, { kind: "RECORD", itemId: expected[0]!, decision: "NO_IMPACT" }), code("forbidden"));
  await decideImpact(w.as("rosalind.audit"), id, { kind: "RECORD", itemId: expected[0]!, decision: "RETEST", comment: "Re-test samples of that day" });
  const items = await decideImpact(w.as("rosalind.audit"), id, { kind: "RECORD", itemId: expected[1]!, decision: "NO_IMPACT" });
  assert.deepEqual(items.map((i) => [i.itemId, i.decision?.decision, i.decision?.by?.displayName]), [[expected[0], "RETEST", "Rosalind Franklin"], [expected[1], "NO_IMPACT", "Rosalind Franklin"]]);

  const csv = (await impactCsv(w.as("rosalind.audit"), id)).body.toString("utf8").replace(/^\ufeff/, "").trim().split("\n");
  assert.equal(csv.length, 3);
  const first = completed.find((r) => r.id === expected[0])!;
  // Sortable lab wall-clock times, the lab's zone named in the headers.
  assert.equal(csv[0], "Corrective action,Asset tag,Item,Reference,What,Done at (BOS time),Result,Decision,Comment,Decided by,Decided at (BOS time)");
  const decidedAt = sortableLabTime(w.clock.now(), "America/New_York");
  assert.equal(csv[1], `CA-${ca.number},BOS-INC-501,PM record,${formatRecordNumber("BOS", first.number)},Daily PM check,${sortableLabTime(items[0]!.at, "America/New_York")},FAIL,Re-test,Re-test samples of that day,Rosalind Franklin,${decidedAt}`);
});
