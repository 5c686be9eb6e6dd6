import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, type World } from "../../tests/support/fixtures/world.ts";
import { AppError } from "../errors.ts";
import { createEquipment, updateEquipment } from "../equipment/equipment.service.ts";
import { deactivateTask, reorderTasks, setModelFrequencies, updateModel, updateTask } from "../model/model.service.ts";
import { grantAccess, revokeAccess } from "../user/user.access.ts";
import { parseRegulatedFields, useRegulatedFields } from "./regulated.ts";

let tdb: TestDatabase;
let w: World;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
});
after(async () => {
  await tdb?.close();
});
afterEach(() => useRegulatedFields(null));

/** The refusal of a regulated edit without a reason: 400, naming `reason`. */
const reasonRequired = (error: unknown) => {
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, "reason_required");
  assert.equal(error.status, 400);
  assert.deepEqual((error.details as { fields: { field: string }[] }).fields.map((f) => f.field), ["reason"]);
  return true;
};

const lastEvent = (action: string, entityId: number) => tdb.prisma.auditEvent.findFirstOrThrow({ where: { action, entityId: String(entityId) }, orderBy: { seq: "desc" } });

test("equipment identity edits need a reason, kept in the audit event; a notes-only edit needs none", async () => {
  const { model } = await makeModel(tdb.prisma, "DAILY", [{ title: "Wipe", kind: "CHECK" }]);
  const eq = await createEquipment(w.as("marie.manager"), { assetTag: "RG-001", serialNumber: "SN-7", modelId: model.id, labId: w.labs.BOS, location: "Room 1" });
  const events = await tdb.prisma.auditEvent.count();
  await assert.rejects(updateEquipment(w.as("marie.manager"), eq.id, { location: "Room 2" }), reasonRequired);
  await assert.rejects(updateEquipment(w.as("marie.manager"), eq.id, { serialNumber: "SN-8", reason: "   " }), reasonRequired);
  assert.equal((await tdb.prisma.equipment.findUniqueOrThrow({ where: { id: eq.id } })).location, "Room 1", "the refused edit rolled back");
  assert.equal(await tdb.prisma.auditEvent.count(), events);

  await updateEquipment(w.as("marie.manager"), eq.id, { location: "Room 2", reason: "Moved to the cold room" });
  const moved = await lastEvent("equipment.updated", eq.id);
  assert.deepEqual([moved.before, moved.after, moved.reason], [{ location: "Room 1" }, { location: "Room 2" }, "Moved to the cold room"]);

  await updateEquipment(w.as("marie.manager"), eq.id, { notes: "Door sticks" });
  const noted = await lastEvent("equipment.updated", eq.id);
  assert.deepEqual([noted.after, noted.reason], [{ notes: "Door sticks" }, null]);
  // Sending the same values again changes nothing, so nothing is regulated.
  await updateEquipment(w.as("marie.manager"), eq.id, { location: "Room 2" });
});

test("checklist limits and texts, model frequencies and task order follow the list", async () => {
  const { model, tasks } = await makeModel(tdb.prisma, "DAILY", [
    { title: "Temperature", kind: "READING", unit: "°C", min: 2, max: 8 },
    { title: "Door seal", kind: "CHECK" },
  ]);
  const [temp, seal] = tasks;
  await assert.rejects(updateTask(w.as("ada.admin"), model.id, temp!.id, { max: 10 }), reasonRequired);
  await updateTask(w.as("ada.admin"), model.id, temp!.id, { max: 10, reason: "Vendor spec allows 10 °C" });
  const widened = await lastEvent("task.updated", temp!.id);
  assert.deepEqual([widened.before, widened.after, widened.reason], [{ max: 8 }, { max: 10 }, "Vendor spec allows 10 °C"]);
  await assert.rejects(deactivateTask(w.as("ada.admin"), model.id, seal!.id), reasonRequired);
  await deactivateTask(w.as("ada.admin"), model.id, seal!.id, "Checked by the vendor");
  assert.equal((await lastEvent("task.deactivated", seal!.id)).reason, "Checked by the vendor");

  // Order is not regulated by default: a reorder needs no reason.
  await reorderTasks(w.as("ada.admin"), model.id, "DAILY", [temp!.id]);

  await assert.rejects(setModelFrequencies(w.as("ada.admin"), model.id, ["DAILY", "WEEKLY"]), reasonRequired);
  await setModelFrequencies(w.as("ada.admin"), model.id, ["DAILY", "WEEKLY"], "Weekly service added by SOP-12 rev 3");
  assert.equal((await lastEvent("model.frequencies_changed", model.id)).reason, "Weekly service added by SOP-12 rev 3");
  await assert.rejects(updateModel(w.as("ada.admin"), model.id, { active: false }), reasonRequired);
  await updateModel(w.as("ada.admin"), model.id, { description: "Bench centrifuge" });
  assert.equal((await lastEvent("model.updated", model.id)).reason, null, "a description is not regulated");
});

test("lab access grants, role changes and revocations need a reason", async () => {
  const tom = w.users["tom.tech"]!.id;
  await assert.rejects(grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "TECHNICIAN"), reasonRequired);
  assert.equal(await tdb.prisma.labAccess.count({ where: { userId: tom, labId: w.labs.SFO } }), 0);
  await grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "TECHNICIAN", "Covers SFO during the audit week");
  const granted = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "access.granted", entityId: String(tom), labId: w.labs.SFO } });
  assert.equal(granted.reason, "Covers SFO during the audit week");
  await assert.rejects(revokeAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO), reasonRequired);
  await revokeAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "Audit week over");
  assert.equal((await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "access.revoked", entityId: String(tom), labId: w.labs.SFO } })).reason, "Audit week over");
});

test("the list is configurable: REGULATED_FIELDS replaces the default", async () => {
  assert.deepEqual(parseRegulatedFields("equipment.notes, task.order"), { fields: ["equipment.notes", "task.order"] });
  assert.deepEqual(parseRegulatedFields("equipment.colour,task.min"), { unknown: ["equipment.colour"] });
  assert.deepEqual(parseRegulatedFields("none"), { fields: [] });

  const { model } = await makeModel(tdb.prisma, "DAILY", [{ title: "Wipe", kind: "CHECK" }]);
  const eq = await makeEquipment(tdb.prisma, w.labs.BOS, model.id);
  useRegulatedFields(["equipment.notes"]);
  await assert.rejects(updateEquipment(w.as("marie.manager"), eq.id, { notes: "Dented" }), reasonRequired);
  await updateEquipment(w.as("marie.manager"), eq.id, { location: "Room 9" });
  assert.equal((await lastEvent("equipment.updated", eq.id)).reason, null);
  useRegulatedFields([]);
  await updateEquipment(w.as("marie.manager"), eq.id, { notes: "Dented" });
});
