import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { amendRecord, completeRecord, getRecord, listRecords } from "./record.service.ts";

let tdb: TestDatabase;
let w: World;
let model: Awaited<ReturnType<typeof makeModel>>;
let bosEquipment: Awaited<ReturnType<typeof makeEquipment>>;

const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
const code = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  model = await makeModel(tdb.prisma, "DAILY", [
    { title: "Clean rotor", kind: "CHECK" },
    { title: "Speed", kind: "READING", unit: "rpm", min: 1000, max: 2000 },
    { title: "Remarks", kind: "TEXT", required: false },
    { title: "Old step", kind: "CHECK", active: false },
  ]);
  bosEquipment = await makeEquipment(tdb.prisma, w.labs.BOS, model.model.id, { assetTag: "BOS-CF-01", location: "Bench 4" });
});
after(async () => {
  await tdb?.close();
});

async function openRecord(lab: "BOS" | "SFO" = "BOS", dueInHours = 4, startHoursAgo = 20) {
  const equipment = lab === "BOS" ? bosEquipment : await makeEquipment(tdb.prisma, w.labs.SFO, model.model.id);
  return makeRecord(tdb.prisma, equipment, "DAILY", hours(-startHoursAgo - Math.random()), hours(dueInHours));
}

function answers(speed = 1500) {
  const [clean, reading] = model.tasks;
  return { results: [{ taskId: clean!.id, outcome: "DONE" as const }, { taskId: reading!.id, reading: speed }], comment: "All good" };
}

describe("completion rules", () => {
  test("a valid checklist completes with PASS, snapshots and the actor's source", async () => {
    const record = await openRecord();
    const done = await completeRecord(w.as("tom.tech"), record.id, answers());
    assert.equal(done.status, "COMPLETED");
    assert.equal(done.result, "PASS");
    assert.equal(done.completedBy?.displayName, "Tom Edison");
    assert.equal(done.completedVia, "TAB");
    assert.deepEqual(done.results.map((r) => [r.title, r.passed]), [["Clean rotor", true], ["Speed", true], ["Remarks", true]]);
    assert.equal(done.results[1]!.unit, "rpm");
  });

  test("a reading outside its limits and a task not done fail the record", async () => {
    const low = await completeRecord(w.as("tom.tech"), (await openRecord()).id, answers(999));
    assert.equal(low.result, "FAIL");
    assert.equal(low.results.find((r) => r.title === "Speed")!.passed, false);
    const [clean, reading] = model.tasks;
    const notDone = await completeRecord(w.as("tom.tech"), (await openRecord()).id, { results: [{ taskId: clean!.id, outcome: "NOT_DONE" }, { taskId: reading!.id, reading: 1500 }] });
    assert.equal(notDone.result, "FAIL");
  });

  test("not applicable passes", async () => {
    const [clean, reading] = model.tasks;
    const done = await completeRecord(w.as("tom.tech"), (await openRecord()).id, { results: [{ taskId: clean!.id, outcome: "NOT_APPLICABLE" }, { taskId: reading!.id, reading: 2000 }] });
    assert.equal(done.result, "PASS");
  });

  test("missing required answers, unknown and inactive tasks are rejected and nothing is written", async () => {
    const record = await openRecord();
    const auditBefore = await tdb.prisma.auditEvent.count();
    const [clean, , , inactive] = model.tasks;
    await assert.rejects(completeRecord(w.as("tom.tech"), record.id, { results: [{ taskId: clean!.id, outcome: "DONE" }] }), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === "validation_failed");
      assert.match(JSON.stringify(e.details), /Speed/);
      return true;
    });
    const base = answers().results;
    await assert.rejects(completeRecord(w.as("tom.tech"), record.id, { results: [...base, { taskId: 999_999, outcome: "DONE" }] }), code("validation_failed"));
    await assert.rejects(completeRecord(w.as("tom.tech"), record.id, { results: [...base, { taskId: inactive!.id, outcome: "DONE" }] }), code("validation_failed"));
    await assert.rejects(completeRecord(w.as("tom.tech"), record.id, { results: [base[0], { taskId: base[1]!.taskId, reading: "12" }] }), code("validation_failed"));
    const after = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: record.id } });
    assert.equal(after.status, "OPEN");
    assert.equal(await tdb.prisma.pmTaskResult.count({ where: { recordId: record.id } }), 0);
    assert.equal(await tdb.prisma.auditEvent.count(), auditBefore);
  });

  test("a second completion says who completed it and when", async () => {
    const record = await openRecord();
    await completeRecord(w.as("tom.tech"), record.id, answers());
    await assert.rejects(completeRecord(w.as("marie.manager"), record.id, answers()), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === "already_completed");
      assert.match(e.message, /Tom Edison/);
      assert.match(e.message, /2026-03-10 15:00 UTC/);
      return true;
    });
  });

  test("two concurrent completions: exactly one succeeds", async () => {
    const record = await openRecord();
    const outcomes = await Promise.allSettled([
      completeRecord(w.as("tom.tech"), record.id, answers()),
      completeRecord(w.as("theo.tech"), record.id, answers(1200)),
      completeRecord(w.as("marie.manager"), record.id, answers(1300)),
    ]);
    assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
    for (const o of outcomes) if (o.status === "rejected") assert.ok(code("already_completed")(o.reason));
    assert.equal(await tdb.prisma.pmTaskResult.count({ where: { recordId: record.id } }), 3);
    assert.equal(await tdb.prisma.auditEvent.count({ where: { action: "record.completed", entityId: String(record.id) } }), 1);
  });
});

describe("permissions", () => {
  test("Local Audit and Global Audit may view but not complete", async () => {
    const record = await openRecord();
    assert.equal((await getRecord(w.as("rosalind.audit"), record.id)).id, record.id);
    await assert.rejects(completeRecord(w.as("rosalind.audit"), record.id, answers()), code("forbidden"));
    await assert.rejects(completeRecord(w.as("grace.audit"), record.id, answers()), code("forbidden"));
  });

  test("records of another lab answer not found", async () => {
    const record = await openRecord();
    await assert.rejects(getRecord(w.as("tara.tech"), record.id), code("not_found"));
    await assert.rejects(completeRecord(w.as("tara.tech"), record.id, answers()), code("not_found"));
    await assert.rejects(getRecord(w.as("lena.manager"), record.id), code("not_found"));
    await assert.rejects(listRecords(w.as("tara.tech"), { labId: w.labs.BOS }), code("not_found"));
    await assert.rejects(getRecord(w.as("dan.disabled"), record.id), code("not_found"));
  });

  test("a Technician may not amend", async () => {
    const record = await openRecord();
    await completeRecord(w.as("tom.tech"), record.id, answers());
    await assert.rejects(amendRecord(w.as("tom.tech"), record.id, { reason: "typo", comment: "x" }), code("forbidden"));
  });
});

describe("open record checklist", () => {
  test("shows the model's active tasks in order, and keeps the snapshot once completed", async () => {
    const record = await openRecord();
    const open = await getRecord(w.as("tom.tech"), record.id);
    assert.deepEqual(open.checklist.map((t) => t.title), ["Clean rotor", "Speed", "Remarks"]);
    await completeRecord(w.as("tom.tech"), record.id, answers());
    await tdb.prisma.checklistTask.update({ where: { id: model.tasks[0]!.id }, data: { title: "Clean rotor and lid" } });
    const done = await getRecord(w.as("tom.tech"), record.id);
    assert.equal(done.checklist[0]!.title, "Clean rotor");
    await tdb.prisma.checklistTask.update({ where: { id: model.tasks[0]!.id }, data: { title: "Clean rotor" } });
  });
});

describe("amendments", () => {
  test("correct a reading with a reason: result recomputed, original kept, audited", async () => {
    const record = await openRecord();
    await completeRecord(w.as("tom.tech"), record.id, answers(2500));
    const speedId = model.tasks[1]!.id;
    await assert.rejects(amendRecord(w.as("marie.manager"), record.id, { reason: " ", comment: "x" }), code("validation_failed"));
    const amended = await amendRecord(w.as("marie.manager"), record.id, { reason: "Reading typed with an extra digit", results: [{ taskId: speedId, reading: 1500 }] });
    assert.equal(amended.result, "PASS");
    assert.equal(amended.completedBy?.displayName, "Tom Edison");
    assert.equal(amended.amendments.length, 1);
    assert.equal(amended.amendments[0]!.reason, "Reading typed with an extra digit");
    assert.equal(amended.original?.result, "FAIL");
    assert.equal(amended.original?.results.find((r) => r.taskId === speedId)?.reading, 2500);
    const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "record.amended", entityId: String(record.id) } });
    assert.equal(audit.reason, "Reading typed with an extra digit");
    assert.equal(audit.labId, w.labs.BOS);
  });

  test("two amendments (a tick, then the comment): the original completion stays whole beside each change", async () => {
    const record = await openRecord();
    const completion = answers(1500);
    await completeRecord(w.as("tom.tech"), record.id, { ...completion, comment: "All fine" });
    const [rotorId, speedId] = [model.tasks[0]!.id, model.tasks[1]!.id];
    await amendRecord(w.as("marie.manager"), record.id, { reason: "The rotor was not cleaned", results: [{ taskId: rotorId, outcome: "NOT_DONE" }] });
    const detail = await amendRecord(w.as("ada.admin"), record.id, { reason: "Say why", comment: "Rotor cleaning skipped: no solvent" });

    // Now: the tick is "not done", so the record failed; the comment is the second amendment's.
    assert.equal(detail.result, "FAIL");
    assert.equal(detail.comment, "Rotor cleaning skipped: no solvent");
    // The original, whole: every answer as Tom gave it, his result and comment.
    const given = new Map(completion.results.map((r) => [r.taskId, r]));
    assert.deepEqual(detail.original?.results.map((r) => [r.title, r.outcome, r.reading]), detail.results.map((r) => [r.title, given.get(r.taskId!)?.outcome ?? null, given.get(r.taskId!)?.reading ?? null]));
    assert.equal(detail.original?.result, "PASS");
    assert.equal(detail.original?.comment, "All fine");
    // Each amendment: who, when, why and only what it changed.
    const [tick, comment] = detail.amendments;
    assert.deepEqual([tick!.actor.displayName, tick!.reason, tick!.at.toISOString()], ["Marie Curie", "The rotor was not cleaned", NOW.toISOString()]);
    assert.deepEqual(tick!.before.results?.map((r) => [r.taskId, r.outcome, r.passed]), [[rotorId, "DONE", true]]);
    assert.deepEqual(tick!.after.results?.map((r) => [r.taskId, r.outcome, r.passed]), [[rotorId, "NOT_DONE", false]]);
    assert.deepEqual([tick!.before.result, tick!.after.result], ["PASS", "FAIL"]);
    assert.deepEqual([comment!.before.comment, comment!.after.comment, comment!.after.results], ["All fine", "Rotor cleaning skipped: no solvent", []]);
    assert.equal("result" in comment!.after, false, "the result it left as it was is not shown as a change");
    assert.equal(detail.results.find((r) => r.taskId === speedId)?.reading, 1500, "answers no amendment touched stay");
  });

  test("corrected answers follow the checklist rules; a refused amendment writes nothing", async () => {
    const record = await openRecord();
    await completeRecord(w.as("tom.tech"), record.id, answers(1500));
    const [rotorId, speedId] = [model.tasks[0]!.id, model.tasks[1]!.id];
    await assert.rejects(amendRecord(w.as("marie.manager"), record.id, { reason: "r", results: [{ taskId: speedId }] }), (error: unknown) =>
      error instanceof AppError && error.code === "validation_failed" && JSON.stringify(error.details).includes("needs a reading"));
    await assert.rejects(amendRecord(w.as("marie.manager"), record.id, { reason: "r", results: [{ taskId: rotorId }] }), code("validation_failed"));
    const detail = await getRecord(w.as("marie.manager"), record.id);
    assert.deepEqual([detail.amendments.length, detail.result], [0, "PASS"]);
    assert.equal(await tdb.prisma.auditEvent.count({ where: { action: "record.amended", entityId: String(record.id) } }), 0);
  });

  test("concurrent amendments apply one after the other, each seeing the other's values", async () => {
    const record = await openRecord();
    await completeRecord(w.as("tom.tech"), record.id, answers(1500));
    const speedId = model.tasks[1]!.id;
    await Promise.all([
      amendRecord(w.as("marie.manager"), record.id, { reason: "first", results: [{ taskId: speedId, reading: 1600 }] }),
      amendRecord(w.as("ada.admin"), record.id, { reason: "second", results: [{ taskId: speedId, reading: 1700 }] }),
    ]);
    const detail = await getRecord(w.as("marie.manager"), record.id);
    assert.equal(detail.amendments.length, 2);
    const [a, b] = detail.amendments;
    assert.equal(a!.before.results?.[0]!.reading, 1500);
    assert.equal(b!.before.results?.[0]!.reading, a!.after.results?.[0]!.reading);
    assert.equal(detail.results.find((r) => r.taskId === speedId)!.reading, b!.after.results?.[0]!.reading);
    assert.equal(detail.original?.results.find((r) => r.taskId === speedId)?.reading, 1500);
  });

  test("an open record cannot be amended; unknown tasks are rejected", async () => {
    const record = await openRecord();
    await assert.rejects(amendRecord(w.as("marie.manager"), record.id, { reason: "r", comment: "x" }), code("conflict"));
    await completeRecord(w.as("tom.tech"), record.id, answers());
    await assert.rejects(amendRecord(w.as("marie.manager"), record.id, { reason: "r", results: [{ taskId: 424242, outcome: "DONE" }] }), code("validation_failed"));
  });
});

describe("listing", () => {
  test("overdue first, then due time; counts per frequency; scope by lab; search; paging", async () => {
    await tdb.prisma.pmTaskResult.deleteMany();
    await tdb.prisma.pmAmendment.deleteMany();
    await tdb.prisma.pmRecord.deleteMany();
    const overdue = await openRecord("BOS", -3, 30);
    const due = await openRecord("BOS", 5, 10);
    const later = await openRecord("BOS", 2, 10);
    const completed = await openRecord("BOS", 1, 10);
    await completeRecord(w.as("tom.tech"), completed.id, answers());
    const sfo = await openRecord("SFO", 2);

    const bos = await listRecords(w.as("tom.tech"), {});
    assert.deepEqual(bos.items.map((r) => r.id), [overdue.id, later.id, due.id, completed.id]);
    assert.equal(bos.items[0]!.overdue, true);
    assert.match(bos.items[0]!.number, /^BOS-\d{6}$/);
    assert.equal(bos.items[0]!.equipment.assetTag, "BOS-CF-01");
    assert.deepEqual(bos.counts.DAILY, { open: 3, overdue: 1, due: 2, completed: 1, notRequired: 0 });
    assert.equal(bos.total, 4);

    assert.deepEqual((await listRecords(w.as("tom.tech"), { status: "overdue" })).items.map((r) => r.id), [overdue.id]);
    const dueList = await listRecords(w.as("tom.tech"), { status: "due" });
    assert.deepEqual([dueList.total, dueList.items.length], [2, 2]);
    assert.equal((await listRecords(w.as("tom.tech"), { status: "completed" })).items[0]!.completedBy?.displayName, "Tom Edison");
    assert.equal((await listRecords(w.as("tom.tech"), { frequency: "WEEKLY" })).total, 0);

    const all = await listRecords(w.as("ada.admin"), { pageSize: 2, page: 2 });
    assert.equal(all.total, 5);
    assert.equal(all.items.length, 2);
    assert.ok((await listRecords(w.as("tara.tech"), {})).items.every((r) => r.labId === w.labs.SFO));
    assert.equal((await listRecords(w.as("tara.tech"), {})).items[0]!.id, sfo.id);

    const byNumber = await listRecords(w.as("tom.tech"), { search: `BOS-${String(due.number).padStart(6, "0")}` });
    assert.deepEqual(byNumber.items.map((r) => r.id), [due.id]);
    assert.equal((await listRecords(w.as("tom.tech"), { search: "bench 4" })).total, 4);
    assert.equal((await listRecords(w.as("tom.tech"), { search: "no_such%" })).total, 0);
    await assert.rejects(listRecords(w.as("tom.tech"), { pageSize: 1000 }), code("validation_failed"));
  });

  test("every change was audited and the chain verifies", async () => {
    assert.ok((await tdb.prisma.auditEvent.count({ where: { action: "record.completed" } })) >= 8);
    assert.deepEqual(await verifyAuditChain(tdb.prisma), { ok: true, checked: await tdb.prisma.auditEvent.count() });
  });
});
