import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { changeEquipmentStatus, createEquipment, transferEquipment } from "../equipment/equipment.service.ts";
import { complianceReport } from "../report/compliance.ts";
import { equipmentHistory } from "../report/history.ts";
import { historyTables } from "../report/tables.ts";
import { createWorld, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { completeRecord, getRecord, listRecords, markNotRequired } from "./record.service.ts";

let tdb: TestDatabase;
let w: World;
let modelId: number;

const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;
// BOS runs on New York time: February's period is overdue at NOW (March 10), January's was completed.
const FEB = { start: new Date("2026-02-01T05:00:00Z"), due: new Date("2026-03-01T05:00:00Z") };
const JAN = { start: new Date("2026-01-01T05:00:00Z"), due: new Date("2026-02-01T05:00:00Z") };

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  modelId = (await makeModel(tdb.prisma, "MONTHLY", [{ title: "Check seals", kind: "CHECK" }])).model.id;
});
after(async () => {
  await tdb?.close();
});

/** Active equipment in BOS with March generated at once, February open and overdue, January completed. */
async function equipmentWithHistory(assetTag: string) {
  const equipment = await createEquipment(w.as("marie.manager"), { assetTag, modelId, labId: w.labs.BOS, location: "Cold room" });
  const march = await tdb.prisma.pmRecord.findFirstOrThrow({ where: { equipmentId: equipment.id, frequency: "MONTHLY" } });
  assert.ok(march.periodStart.getTime() <= NOW.getTime() && march.dueAt.getTime() > NOW.getTime(), "the current period was generated");
  const february = await makeRecord(tdb.prisma, { id: equipment.id, labId: w.labs.BOS }, "MONTHLY", FEB.start, FEB.due);
  const january = await makeRecord(tdb.prisma, { id: equipment.id, labId: w.labs.BOS }, "MONTHLY", JAN.start, JAN.due);
  await tdb.prisma.pmRecord.update({ where: { id: january.id }, data: { status: "COMPLETED", completedAt: JAN.due, result: "PASS" } });
  return { equipment, march, february, january };
}

const statusOf = async (id: number) => (await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id } })).status;

test("out of service: the current period closes as not required with the reason, audited per record; overdue and completed ones stay", async () => {
  const { equipment, march, february, january } = await equipmentWithHistory("NR-OOS-1");
  await changeEquipmentStatus(w.as("marie.manager"), equipment.id, { status: "OUT_OF_SERVICE", reason: "Compressor failed" });

  const closed = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: march.id } });
  assert.equal(closed.status, "NOT_REQUIRED");
  assert.equal(closed.notRequiredReason, "Out of Service: Compressor failed");
  assert.equal(closed.notRequiredById, w.users["marie.manager"]!.id);
  assert.equal(closed.notRequiredAt?.getTime(), NOW.getTime());
  assert.equal(await statusOf(february.id), "OPEN");
  assert.equal(await statusOf(january.id), "COMPLETED");

  const events = await tdb.prisma.auditEvent.findMany({ where: { action: "record.not_required", entityId: { in: [march.id, february.id, january.id].map(String) } } });
  assert.deepEqual(events.map((e) => [e.entityId, e.reason, e.labId]), [[String(march.id), "Out of Service: Compressor failed", w.labs.BOS]]);
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);

  const detail = await getRecord(w.as("tom.tech"), march.id);
  assert.equal(detail.status, "NOT_REQUIRED");
  assert.equal(detail.overdue, false);
  assert.deepEqual(detail.notRequired, { at: NOW, by: { id: w.users["marie.manager"]!.id, displayName: "Marie Curie" }, reason: "Out of Service: Compressor failed" });
  await assert.rejects(completeRecord(w.as("tom.tech"), march.id, { results: [] }), code("conflict"));
});

test("back to Active: the record the status change closed opens again, once; a manager's closing stays", async () => {
  const { equipment, march } = await equipmentWithHistory("NR-BACK-1");
  await changeEquipmentStatus(w.as("marie.manager"), equipment.id, { status: "IN_REPAIR", reason: "Door seal" });
  assert.equal(await statusOf(march.id), "NOT_REQUIRED");
  await changeEquipmentStatus(w.as("marie.manager"), equipment.id, { status: "ACTIVE", reason: "Repaired" });

  const rows = await tdb.prisma.pmRecord.findMany({ where: { equipmentId: equipment.id, periodStart: march.periodStart } });
  assert.deepEqual(rows.map((r) => [r.id, r.status, r.notRequiredReason]), [[march.id, "OPEN", null]]);
  const reopened = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "record.reopened", entityId: String(march.id) } });
  assert.equal(reopened.reason, "Active again: Repaired");

  // A period a manager closed is the manager's decision: a later round trip through repair leaves it closed.
  await markNotRequired(w.as("marie.manager"), march.id, { reason: "Checked during the repair" });
  await changeEquipmentStatus(w.as("marie.manager"), equipment.id, { status: "IN_REPAIR", reason: "Again" });
  await changeEquipmentStatus(w.as("marie.manager"), equipment.id, { status: "ACTIVE", reason: "Fixed" });
  const after = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: march.id } });
  assert.deepEqual([after.status, after.notRequiredReason, after.notRequiredCause], ["NOT_REQUIRED", "Checked during the repair", "MANAGER"]);
});

test("transfer: the old lab's current period closes with the destination named; the new lab starts with its next period", async () => {
  const { equipment, march, february } = await equipmentWithHistory("NR-MOVE-1");
  await transferEquipment(w.as("marie.manager"), equipment.id, { toLabId: w.labs.SFO, reason: "Bench moved" });
  const closed = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: march.id } });
  assert.deepEqual([closed.status, closed.labId, closed.notRequiredReason, closed.notRequiredCause], ["NOT_REQUIRED", w.labs.BOS, "Transferred to SFO: Bench moved", "TRANSFER"]);
  assert.equal(await statusOf(february.id), "OPEN");
  assert.equal(await tdb.prisma.pmRecord.count({ where: { equipmentId: equipment.id, labId: w.labs.SFO } }), 0);
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "record.not_required", entityId: String(march.id) } });
  assert.equal(audit.labId, w.labs.BOS);

  // The equipment history export says so, with the reason, and does not call it open or overdue.
  const history = await equipmentHistory(w.as("ada.admin"), equipment.id, "export");
  const exported = history.records.find((r) => r.id === march.id)!;
  assert.deepEqual([exported.status, exported.overdue, exported.notRequiredReason], ["NOT_REQUIRED", false, "Transferred to SFO: Bench moved"]);
  const timeline = historyTables(history)[0]!;
  const row = timeline.rows.find((cells) => cells[3] === exported.number)!;
  assert.equal(row[1], "BOS", "read on the clock of the lab that kept it");
  assert.equal(row[5], "Not required");
  assert.match(String(row[7]), /Transferred to SFO: Bench moved/);
});

test("the record list and the compliance report count from the rows: not required is neither open nor due", async () => {
  const { equipment } = await equipmentWithHistory("NR-COUNT-1");
  await changeEquipmentStatus(w.as("marie.manager"), equipment.id, { status: "OBSOLETE", reason: "Replaced" });

  const rows = await tdb.prisma.pmRecord.findMany({ where: { equipmentId: equipment.id } });
  const list = await listRecords(w.as("marie.manager"), { labId: w.labs.BOS, search: "NR-COUNT-1" });
  const byStatus = (s: string) => rows.filter((r) => r.status === s).length;
  assert.deepEqual(
    { open: list.counts.MONTHLY.open, overdue: list.counts.MONTHLY.overdue, completed: list.counts.MONTHLY.completed, notRequired: list.counts.MONTHLY.notRequired },
    { open: byStatus("OPEN"), overdue: rows.filter((r) => r.status === "OPEN" && r.dueAt < NOW).length, completed: byStatus("COMPLETED"), notRequired: byStatus("NOT_REQUIRED") },
  );
  assert.deepEqual([list.counts.MONTHLY.open, list.counts.MONTHLY.notRequired], [1, 1]);
  assert.equal(list.total, rows.length);
  assert.deepEqual(list.items.map((r) => r.status).sort(), rows.map((r) => r.status).sort());
  const open = await listRecords(w.as("marie.manager"), { labId: w.labs.BOS, search: "NR-COUNT-1", status: "open" });
  assert.deepEqual(open.items.map((r) => r.id), rows.filter((r) => r.status === "OPEN").map((r) => r.id));

  // March in BOS, across every piece of equipment this file made (one more still open, one completed): the report's counts follow the rows.
  await equipmentWithHistory("NR-COUNT-2");
  const done = await equipmentWithHistory("NR-COUNT-3");
  await completeRecord(w.as("tom.tech"), done.march.id, { results: (await getRecord(w.as("tom.tech"), done.march.id)).checklist.map((t) => ({ taskId: t.taskId!, outcome: "DONE" as const })) });
  const report = await complianceReport(w.as("ada.admin"), { labId: w.labs.BOS, frequency: "MONTHLY", from: "2026-03-01", to: "2026-03-31" });
  const march = await tdb.prisma.pmRecord.findMany({ where: { labId: w.labs.BOS, frequency: "MONTHLY", periodStart: new Date("2026-03-01T05:00:00Z") } });
  const required = march.filter((r) => r.status !== "NOT_REQUIRED");
  assert.ok(march.length > required.length, "some of March was closed as not required");
  const row = report.rows.find((r) => r.month === "2026-03")!;
  assert.deepEqual(
    [row.due, row.open, row.overdue, row.completedOnTime],
    [required.length, required.filter((r) => r.status === "OPEN").length, 0, required.filter((r) => r.status === "COMPLETED").length],
  );
  assert.deepEqual([row.due, row.open, row.completedOnTime], [2, 1, 1]);
});

test("a manager marks one open period not required; a completed record cannot be; a technician may not", async () => {
  const { february, january } = await equipmentWithHistory("NR-MGR-1");
  await assert.rejects(markNotRequired(w.as("tom.tech"), february.id, { reason: "Not needed" }), code("forbidden"));
  await assert.rejects(markNotRequired(w.as("marie.manager"), february.id, { reason: "  " }), code("validation_failed"));
  await assert.rejects(markNotRequired(w.as("marie.manager"), january.id, { reason: "Not needed" }), code("conflict"));
  assert.equal(await statusOf(january.id), "COMPLETED");

  const detail = await markNotRequired(w.as("marie.manager"), february.id, { reason: "Equipment was on loan" });
  assert.deepEqual([detail.status, detail.overdue, detail.notRequired?.reason], ["NOT_REQUIRED", false, "Equipment was on loan"]);
  await assert.rejects(markNotRequired(w.as("marie.manager"), february.id, { reason: "Twice" }), code("conflict"));
  const events = await tdb.prisma.auditEvent.findMany({ where: { action: "record.not_required", entityId: String(february.id) } });
  assert.deepEqual(events.map((e) => [e.reason, e.actorId]), [["Equipment was on loan", w.users["marie.manager"]!.id]]);
});
