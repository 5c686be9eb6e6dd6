import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { createWorld, makeEquipment, type World } from "../../tests/support/fixtures/world.ts";
import { completeRecord, getRecord } from "../record/record.service.ts";
import { addTask, createModel, deactivateTask, getModel, listModels, reorderTasks, setModelFrequencies, updateModel, updateTask } from "./model.service.ts";

let tdb: TestDatabase;
let w: World;
const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;
const fields = (e: unknown) => ((e as AppError).details as { fields: { field: string }[] }).fields.map((f) => f.field).sort();

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
});
after(async () => {
  await tdb?.close();
});

test("only an Administrator changes models; Technicians do not see them", async () => {
  const input = { manufacturer: "Thermo", name: "Heracell 150i", frequencies: ["WEEKLY", "DAILY", "WEEKLY"] };
  await assert.rejects(createModel(w.as("marie.manager"), input), code("forbidden"));
  await assert.rejects(createModel(w.as("grace.audit"), input), code("forbidden"));
  await assert.rejects(listModels(w.as("tom.tech")), code("forbidden"));
  const model = await createModel(w.as("ada.admin"), input);
  assert.deepEqual(model.frequencies, ["DAILY", "WEEKLY"]);
  await assert.rejects(createModel(w.as("ada.admin"), input), code("conflict"));
  await assert.rejects(updateModel(w.as("marie.manager"), model.id, { name: "x" }), code("forbidden"));
  await assert.rejects(addTask(w.as("marie.manager"), model.id, { frequency: "DAILY", title: "x", kind: "CHECK" }), code("forbidden"));
  assert.ok((await listModels(w.as("rosalind.audit"))).some((m) => m.id === model.id));
  await assert.rejects(getModel(w.as("ada.admin"), 424242), code("not_found"));
});

test("task shapes are validated and nothing is written for invalid input", async () => {
  const model = await createModel(w.as("ada.admin"), { manufacturer: "Eppendorf", name: "5810 R", frequencies: ["DAILY"] });
  const before = await tdb.prisma.auditEvent.count();
  await assert.rejects(addTask(w.as("ada.admin"), model.id, { frequency: "DAILY", title: "Temp", kind: "READING", min: 5, max: 2 }), (e: unknown) => {
    assert.deepEqual(fields(e), ["min", "unit"]);
    return true;
  });
  await assert.rejects(addTask(w.as("ada.admin"), model.id, { frequency: "DAILY", title: "Lid", kind: "CHECK", unit: "°C" }), code("validation_failed"));
  await assert.rejects(addTask(w.as("ada.admin"), model.id, { frequency: "HOURLY", title: "", kind: "CHECK" }), (e: unknown) => {
    assert.deepEqual(fields(e), ["frequency", "title"]);
    return true;
  });
  assert.equal(await tdb.prisma.auditEvent.count(), before);
  const temp = await addTask(w.as("ada.admin"), model.id, { frequency: "DAILY", title: "Temperature", kind: "READING", unit: "°C", min: 2, max: 8 });
  await assert.rejects(updateTask(w.as("ada.admin"), model.id, temp.id, { min: 9, reason: "x" }), code("validation_failed"));
  const check = await updateTask(w.as("ada.admin"), model.id, temp.id, { kind: "CHECK", title: "Temperature in range", reason: "Read on the display" });
  assert.deepEqual([check.kind, check.unit, check.min, check.max], ["CHECK", null, null, null]);
});

test("tasks grouped by frequency in order; reorder; deactivate and reactivate", async () => {
  const model = await createModel(w.as("ada.admin"), { manufacturer: "Sartorius", name: "Cubis II", frequencies: ["DAILY", "MONTHLY"] });
  const a = await addTask(w.as("ada.admin"), model.id, { frequency: "DAILY", title: "Level", kind: "CHECK" });
  const b = await addTask(w.as("ada.admin"), model.id, { frequency: "DAILY", title: "Calibrate", kind: "READING", unit: "g", min: 99.9, max: 100.1 });
  const c = await addTask(w.as("ada.admin"), model.id, { frequency: "DAILY", title: "Notes", kind: "TEXT", required: false });
  const m = await addTask(w.as("ada.admin"), model.id, { frequency: "MONTHLY", title: "Service check", kind: "CHECK" });
  const grouped = await getModel(w.as("grace.audit"), model.id);
  assert.deepEqual(grouped.tasks.DAILY.map((t) => [t.title, t.position]), [["Level", 1], ["Calibrate", 2], ["Notes", 3]]);
  assert.deepEqual(grouped.tasks.MONTHLY.map((t) => t.id), [m.id]);
  assert.deepEqual(grouped.tasks.WEEKLY, []);

  await assert.rejects(reorderTasks(w.as("ada.admin"), model.id, "DAILY", [c.id, a.id]), code("validation_failed"));
  await assert.rejects(reorderTasks(w.as("ada.admin"), model.id, "DAILY", [c.id, a.id, b.id, m.id]), code("validation_failed"));
  const reordered = await reorderTasks(w.as("ada.admin"), model.id, "DAILY", [c.id, a.id, b.id]);
  assert.deepEqual(reordered.map((t) => t.title), ["Notes", "Level", "Calibrate"]);

  const off = await deactivateTask(w.as("ada.admin"), model.id, a.id, "Levelling is part of the calibration");
  assert.equal(off.active, false);
  assert.deepEqual((await reorderTasks(w.as("ada.admin"), model.id, "DAILY", [b.id, c.id])).map((t) => [t.title, t.active]), [["Calibrate", true], ["Notes", true], ["Level", false]]);
  await assert.rejects(deactivateTask(w.as("ada.admin"), m.id + 1000, a.id), code("not_found"));
  await assert.rejects(updateTask(w.as("ada.admin"), model.id, 999_999, { title: "x" }), code("not_found"));
  await updateTask(w.as("ada.admin"), model.id, a.id, { active: true, reason: "Back on the checklist" });
  const actions = (await tdb.prisma.auditEvent.findMany({ where: { entityId: String(a.id), entityType: "task" }, orderBy: { seq: "asc" } })).map((e) => e.action);
  assert.deepEqual(actions, ["task.created", "task.deactivated", "task.reactivated"]);
});

test("disabled models are hidden unless asked for", async () => {
  const model = await createModel(w.as("ada.admin"), { manufacturer: "Old", name: "Autoclave" });
  await updateModel(w.as("ada.admin"), model.id, { active: false, description: "Replaced", reason: "Replaced by a new autoclave" });
  assert.ok(!(await listModels(w.as("ada.admin"))).some((m) => m.id === model.id));
  assert.ok((await listModels(w.as("ada.admin"), { includeDisabled: "true" })).some((m) => m.id === model.id));
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "model.updated", entityId: String(model.id) } });
  assert.deepEqual(audit.after, { active: false, description: "Replaced" });
});

test("a model gaining a frequency and a task generates the current period; editing tasks keeps completed snapshots", async () => {
  const model = await createModel(w.as("ada.admin"), { manufacturer: "Binder", name: "KB 115" });
  const equipment = await makeEquipment(tdb.prisma, w.labs.BOS, model.id);
  await setModelFrequencies(w.as("ada.admin"), model.id, ["WEEKLY"]);
  assert.equal(await tdb.prisma.pmRecord.count({ where: { equipmentId: equipment.id } }), 0, "no task yet, no record");
  const task = await addTask(w.as("ada.admin"), model.id, { frequency: "WEEKLY", title: "Door seal intact", kind: "CHECK" });
  const record = await tdb.prisma.pmRecord.findFirstOrThrow({ where: { equipmentId: equipment.id } });
  assert.equal(record.frequency, "WEEKLY");
  const changed = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "model.frequencies_changed", entityId: String(model.id) } });
  assert.deepEqual([changed.before, changed.after], [{ frequencies: [] }, { frequencies: ["WEEKLY"] }]);

  await completeRecord(w.as("tom.tech"), record.id, { results: [{ taskId: task.id, outcome: "DONE" }] });
  await updateTask(w.as("ada.admin"), model.id, task.id, { title: "Door seal and hinges", reason: "Hinges too" });
  await deactivateTask(w.as("ada.admin"), model.id, task.id, "Done by the vendor");
  const done = await getRecord(w.as("tom.tech"), record.id);
  assert.deepEqual(done.checklist.map((t) => t.title), ["Door seal intact"]);
  assert.deepEqual(done.results.map((r) => r.title), ["Door seal intact"]);
});

test("the audit chain verifies", async () => {
  assert.deepEqual(await verifyAuditChain(tdb.prisma), { ok: true, checked: await tdb.prisma.auditEvent.count() });
});
