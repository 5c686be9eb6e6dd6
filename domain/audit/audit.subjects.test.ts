import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { listAuditEvents } from "./audit.query.ts";
import { writeAudit } from "./audit.service.ts";

let tdb: TestDatabase;
let w: World;
let fx: { tag: string; otherTag: string; number: string; recordId: number; otherRecordId: number; equipmentId: number; modelName: string; taskTitle: string };

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  const { model, tasks } = await makeModel(tdb.prisma, "DAILY", [{ title: "Clean rotor", kind: "CHECK" }]);
  const freezer = await makeEquipment(tdb.prisma, w.labs.BOS, model.id, { assetTag: "BOS-FRZ-009" });
  const other = await makeEquipment(tdb.prisma, w.labs.BOS, model.id, { assetTag: "BOS-CF-002" });
  const record = await makeRecord(tdb.prisma, freezer, "DAILY", new Date(NOW.getTime() - 86_400_000), NOW);
  const otherRecord = await makeRecord(tdb.prisma, other, "DAILY", new Date(NOW.getTime() - 86_400_000), NOW);
  fx = { tag: freezer.assetTag, otherTag: other.assetTag, number: formatRecordNumber("BOS", record.number), recordId: record.id, otherRecordId: otherRecord.id, equipmentId: freezer.id, modelName: `${model.manufacturer} ${model.name}`, taskTitle: tasks[0]!.title };
  const actor = w.as("marie.manager").actor;
  await tdb.prisma.$transaction((tx) => writeAudit(tx, actor, NOW, [
    { action: "equipment.updated", entityId: freezer.id, labId: w.labs.BOS, before: { location: "Room 1" }, after: { location: "Room 2" } },
    { action: "equipment.updated", entityId: other.id, labId: w.labs.BOS, before: { location: "Room 1" }, after: { location: "Room 3" } },
    { action: "record.completed", entityId: record.id, labId: w.labs.BOS, before: { status: "OPEN" }, after: { status: "COMPLETED" } },
    { action: "record.completed", entityId: otherRecord.id, labId: w.labs.BOS, before: { status: "OPEN" }, after: { status: "COMPLETED" } },
    { action: "access.granted", entityId: w.users["tom.tech"]!.id, labId: w.labs.BOS, after: { labId: w.labs.BOS, role: "TECHNICIAN" } },
    { action: "model.updated", entityId: model.id, after: { name: model.name } },
    { action: "task.created", entityId: tasks[0]!.id, after: { title: tasks[0]!.title } },
  ]));
});
after(async () => { await tdb?.close(); });

test("each event names its subject as people do: record number and asset tag, asset tag, user, model, task", async () => {
  const page = await listAuditEvents(w.as("ada.admin"), { pageSize: 500 });
  const subject = (type: string, id: number) => page.items.find((e) => e.entityType === type && e.entityId === String(id))?.subject;
  assert.equal(subject("record", fx.recordId), `${fx.number} (${fx.tag})`);
  assert.equal(subject("equipment", fx.equipmentId), fx.tag);
  assert.equal(subject("access", w.users["tom.tech"]!.id), "Tom Edison");
  assert.equal(page.items.find((e) => e.action === "model.updated")?.subject, fx.modelName);
  assert.equal(page.items.find((e) => e.action === "task.created")?.subject, `${fx.taskTitle} (${fx.modelName.replace(/^Acme /, "")})`);
});

test("filter by a record number, or by an asset tag in any case (its own events and its records')", async () => {
  const byNumber = await listAuditEvents(w.as("marie.manager"), { reference: fx.number });
  assert.deepEqual(byNumber.items.map((e) => [e.action, e.entityId]), [["record.completed", String(fx.recordId)]]);
  const byTag = await listAuditEvents(w.as("marie.manager"), { reference: fx.tag.toLowerCase() });
  assert.deepEqual(byTag.items.map((e) => [e.action, e.entityId]).sort(), [["equipment.updated", String(fx.equipmentId)], ["record.completed", String(fx.recordId)]]);
  assert.equal((await listAuditEvents(w.as("marie.manager"), { reference: "NOPE-000001" })).total, 0);
  // Scope still applies: the Manager of LON sees none of BOS's events whatever the reference.
  assert.equal((await listAuditEvents(w.as("lena.manager"), { reference: fx.tag })).total, 0);
});
