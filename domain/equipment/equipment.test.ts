import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { serviceContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { createWorld, makeModel, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { changeEquipmentStatus, createEquipment, getEquipment, listEquipment, transferEquipment, updateEquipment } from "./equipment.service.ts";

let tdb: TestDatabase;
let w: World;
let modelId: number;

const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  modelId = (await makeModel(tdb.prisma, "DAILY", [{ title: "Wipe down", kind: "CHECK" }])).model.id;
});
after(async () => {
  await tdb?.close();
});

const newEquipment = (assetTag: string, lab: "BOS" | "SFO" | "LON" = "BOS", extra: Record<string, unknown> = {}) => ({
  assetTag,
  modelId,
  labId: w.labs[lab],
  location: "Room 12",
  serialNumber: "SN-1",
  commissionedOn: "2025-06-01",
  ...extra,
});

test("create: audited, history started, current period generated at once", async () => {
  const created = await createEquipment(w.as("marie.manager"), newEquipment("EQ-100"));
  assert.equal(created.status, "ACTIVE");
  assert.equal(created.commissionedOn, "2025-06-01");
  assert.deepEqual(created.history.map((e) => e.kind), ["CREATED"]);
  assert.equal(created.activeSince.getTime(), NOW.getTime());
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "equipment.created", entityId: String(created.id) } });
  assert.equal(audit.labId, w.labs.BOS);
  assert.equal((audit.after as { assetTag: string }).assetTag, "EQ-100");
  assert.equal(await tdb.prisma.pmRecord.count({ where: { equipmentId: created.id, frequency: "DAILY" } }), 1);
});

test("a duplicate asset tag is a conflict that names the tag; invalid input writes nothing", async () => {
  const auditCount = await tdb.prisma.auditEvent.count();
  await assert.rejects(createEquipment(w.as("ada.admin"), newEquipment("EQ-100", "SFO")), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "conflict");
    assert.match(e.message, /EQ-100/);
    return true;
  });
  await assert.rejects(createEquipment(w.as("ada.admin"), newEquipment("", "BOS", { commissionedOn: "2025-02-30" })), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "validation_failed");
    const fields = (e.details as { fields: { field: string }[] }).fields.map((f) => f.field);
    assert.deepEqual(fields.sort(), ["assetTag", "commissionedOn"]);
    return true;
  });
  await assert.rejects(createEquipment(w.as("ada.admin"), newEquipment("EQ-X", "BOS", { modelId: 987654 })), code("validation_failed"));
  assert.equal(await tdb.prisma.auditEvent.count(), auditCount);
});

test("permissions: Technician has no access, Local Audit reads only, other labs do not exist", async () => {
  const eq = await createEquipment(w.as("ada.admin"), newEquipment("EQ-200"));
  await assert.rejects(listEquipment(w.as("tom.tech")), code("forbidden"));
  await assert.rejects(getEquipment(w.as("tom.tech"), eq.id), code("forbidden"));
  assert.equal((await getEquipment(w.as("rosalind.audit"), eq.id)).assetTag, "EQ-200");
  await assert.rejects(updateEquipment(w.as("rosalind.audit"), eq.id, { location: "x" }), code("forbidden"));
  await assert.rejects(createEquipment(w.as("grace.audit"), newEquipment("EQ-201")), code("forbidden"));
  await assert.rejects(getEquipment(w.as("lena.manager"), eq.id), code("not_found"));
  await assert.rejects(changeEquipmentStatus(w.as("lena.manager"), eq.id, { status: "IN_REPAIR", reason: "x" }), code("not_found"));
  await assert.rejects(createEquipment(w.as("lena.manager"), newEquipment("EQ-202", "BOS")), code("not_found"));
  await assert.rejects(getEquipment(w.as("ada.admin"), 999_999), code("not_found"));
});

test("update changes details only and audits the difference", async () => {
  const eq = await createEquipment(w.as("ada.admin"), newEquipment("EQ-300"));
  await assert.rejects(updateEquipment(w.as("marie.manager"), eq.id, { labId: w.labs.SFO }), code("validation_failed"));
  const updated = await updateEquipment(w.as("marie.manager"), eq.id, { location: "Room 14", notes: "Moved bench", reason: "Bench moved" });
  assert.equal(updated.location, "Room 14");
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "equipment.updated", entityId: String(eq.id) } });
  assert.deepEqual(audit.before, { location: "Room 12", notes: null });
  assert.deepEqual(audit.after, { location: "Room 14", notes: "Moved bench" });
  await assert.rejects(updateEquipment(w.as("marie.manager"), eq.id, { assetTag: "EQ-100", reason: "Retagged" }), code("conflict"));
});

test("asset tags differing only in case are the same tag: the service and the database refuse the second", async () => {
  await assert.rejects(createEquipment(w.as("ada.admin"), newEquipment("eq-100", "BOS")), (e: unknown) => e instanceof AppError && e.code === "conflict" && /eq-100/.test(e.message));
  const eq = await createEquipment(w.as("ada.admin"), newEquipment("EQ-550"));
  await assert.rejects(updateEquipment(w.as("marie.manager"), eq.id, { assetTag: "Eq-100", reason: "Retagged" }), code("conflict"));
  // Its own tag in another case is a rename, not a duplicate.
  assert.equal((await updateEquipment(w.as("marie.manager"), eq.id, { assetTag: "eq-550", reason: "Label reprinted" })).assetTag, "eq-550");
  // Written past the service (a race, an import), the unique index on lower(asset_tag) still refuses it.
  const model = await tdb.prisma.equipment.findUniqueOrThrow({ where: { id: eq.id }, select: { modelId: true, labId: true } });
  await assert.rejects(tdb.prisma.equipment.create({ data: { assetTag: "EQ-550", modelId: model.modelId, labId: model.labId } }));
});

test("status changes keep history; back to Active restarts the eligibility window", async () => {
  const eq = await createEquipment(w.as("ada.admin"), newEquipment("EQ-400"));
  await assert.rejects(changeEquipmentStatus(w.as("marie.manager"), eq.id, { status: "ACTIVE", reason: "x" }), code("conflict"));
  await assert.rejects(changeEquipmentStatus(w.as("marie.manager"), eq.id, { status: "IN_REPAIR" }), code("validation_failed"));
  await changeEquipmentStatus(w.as("marie.manager"), eq.id, { status: "IN_REPAIR", reason: "Rotor noise" });
  // Its record of the current period closes as not required (record/not-required.ts).
  const today = await tdb.prisma.pmRecord.findFirstOrThrow({ where: { equipmentId: eq.id } });
  assert.deepEqual([today.status, today.notRequiredReason], ["NOT_REQUIRED", "In Repair: Rotor noise"]);
  w.clock.advance(2 * 86_400_000);
  const back = await changeEquipmentStatus(w.as("marie.manager"), eq.id, { status: "ACTIVE", reason: "Repaired" });
  w.clock.set(NOW);
  assert.equal(back.activeSince.getTime(), NOW.getTime() + 2 * 86_400_000);
  assert.deepEqual(back.history.map((e) => [e.kind, e.fromStatus, e.toStatus, e.reason]), [
    ["CREATED", null, "ACTIVE", null],
    ["STATUS_CHANGED", "ACTIVE", "IN_REPAIR", "Rotor noise"],
    ["STATUS_CHANGED", "IN_REPAIR", "ACTIVE", "Repaired"],
  ]);
  // Two days later that day's period is over and stays closed; today's is generated.
  const records = await tdb.prisma.pmRecord.findMany({ where: { equipmentId: eq.id }, orderBy: { periodStart: "asc" } });
  assert.deepEqual(records.map((r) => [r.id === today.id, r.status]), [[true, "NOT_REQUIRED"], [false, "OPEN"]]);
});

test("Obsolete is hidden from lists unless asked for; filters, search and paging", async () => {
  const eq = await createEquipment(w.as("ada.admin"), newEquipment("EQ-500", "SFO", { location: "Cold room" }));
  await changeEquipmentStatus(w.as("ada.admin"), eq.id, { status: "OBSOLETE", reason: "Retired" });
  const ctx = w.as("marie.manager");
  assert.ok(!(await listEquipment(ctx)).items.some((e) => e.id === eq.id));
  assert.ok((await listEquipment(ctx, { includeObsolete: "true" })).items.some((e) => e.id === eq.id));
  assert.deepEqual((await listEquipment(ctx, { status: "OBSOLETE" })).items.map((e) => e.assetTag), ["EQ-500"]);
  assert.deepEqual((await listEquipment(ctx, { search: "cold", includeObsolete: true })).items.map((e) => e.id), [eq.id]);
  const bos = await listEquipment(ctx, { labId: w.labs.BOS, pageSize: 2 });
  assert.equal(bos.items.length, 2);
  assert.ok(bos.total >= 4);
  assert.ok(bos.items.every((e) => e.lab.code === "BOS"));
  assert.ok((await listEquipment(w.as("rosalind.audit"))).items.every((e) => e.lab.code === "BOS"));
  await assert.rejects(listEquipment(w.as("lena.manager"), { labId: w.labs.BOS }), code("not_found"));
});

test("transfer needs the right at both labs; open records stay with their lab; both labs see it in the audit", async () => {
  const eq = await createEquipment(w.as("ada.admin"), newEquipment("EQ-600"));
  const record = await tdb.prisma.pmRecord.findFirstOrThrow({ where: { equipmentId: eq.id } });
  await assert.rejects(transferEquipment(w.as("marie.manager"), eq.id, { toLabId: w.labs.LON, reason: "Loan" }), code("not_found"));
  const marie = w.users["marie.manager"]!.principal;
  const auditorInLondon = serviceContext(tdb.prisma, { ...marie, grants: [...marie.grants, { labId: w.labs.LON, role: "LOCAL_AUDIT" }] }, "TAB", w.clock);
  await assert.rejects(transferEquipment(auditorInLondon, eq.id, { toLabId: w.labs.LON, reason: "Loan" }), code("forbidden"));
  await assert.rejects(transferEquipment(w.as("marie.manager"), eq.id, { toLabId: w.labs.BOS, reason: "x" }), code("conflict"));

  const moved = await transferEquipment(w.as("marie.manager"), eq.id, { toLabId: w.labs.SFO, location: "Bay 2", reason: "Loan to SFO" });
  assert.equal(moved.lab.code, "SFO");
  assert.equal(moved.location, "Bay 2");
  const last = moved.history.at(-1)!;
  assert.deepEqual([last.kind, last.fromLabId, last.toLabId, last.reason], ["TRANSFERRED", w.labs.BOS, w.labs.SFO, "Loan to SFO"]);
  assert.equal((await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: record.id } })).labId, w.labs.BOS);
  const events = await tdb.prisma.auditEvent.findMany({ where: { action: "equipment.transferred", entityId: String(eq.id) } });
  assert.deepEqual(events.map((e) => e.labId).sort(), [w.labs.BOS, w.labs.SFO].sort());
  await assert.rejects(getEquipment(w.as("rosalind.audit"), eq.id), code("not_found"));
});

test("the audit chain verifies", async () => {
  assert.deepEqual(await verifyAuditChain(tdb.prisma), { ok: true, checked: await tdb.prisma.auditEvent.count() });
});
