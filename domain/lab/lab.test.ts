import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { createLab, getLab, listLabs, setLabStatus, updateLab } from "./lab.service.ts";
import { generateRecords } from "../generator/generator.ts";
import { createEquipment, createModel } from "../../tests/support/fixtures/generator.ts";
import { NOW } from "../../tests/support/fixtures/world.ts";
import { createWorld, type World } from "../../tests/support/fixtures/world.ts";

let tdb: TestDatabase;
let w: World;
const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
});
after(async () => {
  await tdb?.close();
});

test("each user lists only the labs they may see", async () => {
  assert.deepEqual((await listLabs(w.as("ada.admin"))).items.map((l) => l.code), ["BOS", "LON", "SFO"]);
  assert.deepEqual((await listLabs(w.as("grace.audit"))).items.map((l) => l.code), ["BOS", "LON", "SFO"]);
  assert.deepEqual((await listLabs(w.as("marie.manager"))).items.map((l) => l.code), ["BOS", "SFO"]);
  assert.deepEqual((await listLabs(w.as("theo.tech"))).items.map((l) => l.code), ["BOS", "LON"]);
  assert.deepEqual((await listLabs(w.as("dan.disabled"))).items, []);
  assert.equal((await getLab(w.as("tom.tech"), w.labs.BOS)).timeZone, "America/New_York");
  await assert.rejects(getLab(w.as("tom.tech"), w.labs.LON), code("not_found"));
  const second = await listLabs(w.as("ada.admin"), { page: "2", pageSize: "2" });
  assert.deepEqual([second.items.map((l) => l.code), second.total, second.page, second.pageSize], [["SFO"], 3, 2, 2]);
});

test("only an Administrator creates and edits labs, with valid codes and IANA zones", async () => {
  const input = { code: "TYO", name: "Tokyo Lab", timeZone: "Asia/Tokyo" };
  await assert.rejects(createLab(w.as("marie.manager"), input), code("forbidden"));
  await assert.rejects(updateLab(w.as("marie.manager"), w.labs.BOS, { name: "x" }), code("forbidden"));
  const before = await tdb.prisma.auditEvent.count();
  await assert.rejects(createLab(w.as("ada.admin"), { code: "t", name: "", timeZone: "Mars/Olympus" }), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "validation_failed");
    assert.deepEqual((e.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort(), ["code", "name", "timeZone"]);
    return true;
  });
  assert.equal(await tdb.prisma.auditEvent.count(), before);
  const lab = await createLab(w.as("ada.admin"), input);
  assert.equal(lab.digestHour, 7);
  await assert.rejects(createLab(w.as("ada.admin"), input), code("conflict"));
  await assert.rejects(updateLab(w.as("ada.admin"), lab.id, { code: "BOS" }), code("conflict"));
  const renamed = await updateLab(w.as("ada.admin"), lab.id, { name: "Tokyo Research", digestHour: 6 });
  assert.equal(renamed.name, "Tokyo Research");
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "lab.updated", entityId: String(lab.id) } });
  assert.deepEqual(audit.before, { name: "Tokyo Lab", digestHour: 7 });
  assert.deepEqual(audit.after, { name: "Tokyo Research", digestHour: 6 });
  assert.equal(await tdb.prisma.auditEvent.count({ where: { action: "lab.created", entityId: String(lab.id) } }), 1);
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
});

test("codes are unique whatever their case, and fixed once the lab has records", async () => {
  const admin = w.as("ada.admin");
  await assert.rejects(createLab(admin, { code: "bos", name: "Boston again", timeZone: "UTC" }), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "conflict");
    assert.deepEqual((e.details as { fields: { field: string }[] }).fields.map((f) => f.field), ["code"]);
    return true;
  });
  const lab = await createLab(admin, { code: "ams", name: "Amsterdam", timeZone: "Europe/Amsterdam" });
  assert.equal(lab.code, "AMS");
  await assert.rejects(updateLab(admin, lab.id, { code: "lon" }), code("conflict"));
  assert.equal((await updateLab(admin, lab.id, { code: "AMS2" })).code, "AMS2");
  const model = await createModel(tdb.prisma, "Centrifuge AMS", { frequencies: ["DAILY"] });
  await createEquipment(tdb.prisma, lab.id, model.id, ["AMS-1"]);
  await generateRecords(tdb.prisma, { now: NOW, labIds: [lab.id] });
  assert.equal(await tdb.prisma.pmRecord.count({ where: { labId: lab.id } }), 1);
  await assert.rejects(updateLab(admin, lab.id, { code: "AMS3" }), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "conflict");
    assert.deepEqual((e.details as { fields: { field: string }[] }).fields.map((f) => f.field), ["code"]);
    return true;
  });
  assert.equal((await getLab(admin, lab.id)).code, "AMS2");
  // Other fields still change; re-sending the same code is not a change.
  assert.equal((await updateLab(admin, lab.id, { code: "ams2", name: "Amsterdam Science Park" })).name, "Amsterdam Science Park");
});

test("a new time zone is audited and applies from the next period; records already made keep theirs", async () => {
  const admin = w.as("ada.admin");
  const lab = await createLab(admin, { code: "ZON", name: "Zone Lab", timeZone: "UTC" });
  const model = await createModel(tdb.prisma, "Balance ZON", { frequencies: ["DAILY", "WEEKLY"] });
  await createEquipment(tdb.prisma, lab.id, model.id, ["ZON-1"]);
  // NOW is 2026-03-10 15:00 UTC: today's daily period and the week from Monday 03-09, in UTC.
  await generateRecords(tdb.prisma, { now: NOW, labIds: [lab.id] });
  await updateLab(admin, lab.id, { timeZone: "Asia/Tokyo" });
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "lab.updated", entityId: String(lab.id) } });
  assert.deepEqual(audit.before, { timeZone: "UTC" });
  assert.deepEqual(audit.after, { timeZone: "Asia/Tokyo" });
  // At NOW it is already 03-11 00:00 in Tokyo: the next daily period is Tokyo's 03-11; the week
  // in progress keeps its UTC record and gets no second one.
  await generateRecords(tdb.prisma, { now: NOW, labIds: [lab.id] });
  const records = await tdb.prisma.pmRecord.findMany({ where: { labId: lab.id }, orderBy: [{ frequency: "asc" }, { periodStart: "asc" }] });
  const periods = records.map((r) => `${r.frequency} ${r.periodStart.toISOString()} ${r.periodEnd.toISOString()}`);
  assert.deepEqual(periods, [
    "DAILY 2026-03-10T00:00:00.000Z 2026-03-11T00:00:00.000Z",
    "DAILY 2026-03-10T15:00:00.000Z 2026-03-11T15:00:00.000Z",
    "WEEKLY 2026-03-09T00:00:00.000Z 2026-03-16T00:00:00.000Z",
  ]);
  assert.deepEqual(records.map((r) => r.number).sort((a, b) => a - b), [1, 2, 3]);
});

test("a deactivated lab is hidden, gets no records, and starts again from today when reactivated", async () => {
  const admin = w.as("ada.admin");
  const lab = await createLab(admin, { code: "OFF", name: "Paused Lab", timeZone: "UTC" });
  const model = await createModel(tdb.prisma, "Oven OFF", { frequencies: ["DAILY"] });
  await createEquipment(tdb.prisma, lab.id, model.id, ["OFF-1"]);
  await assert.rejects(setLabStatus(w.as("marie.manager"), w.labs.BOS, { active: false }), code("forbidden"));
  await assert.rejects(setLabStatus(admin, lab.id, { active: "no" }), code("validation_failed"));
  assert.equal((await setLabStatus(admin, lab.id, { active: false })).active, false);
  assert.ok(!(await listLabs(admin)).items.some((l) => l.id === lab.id));
  assert.ok((await listLabs(admin, { includeInactive: "true" })).items.some((l) => l.id === lab.id && !l.active));
  await generateRecords(tdb.prisma, { now: NOW, labIds: [lab.id] });
  assert.equal(await tdb.prisma.pmRecord.count({ where: { labId: lab.id } }), 0);
  assert.equal((await setLabStatus(admin, lab.id, { active: true })).active, true);
  const records = await tdb.prisma.pmRecord.findMany({ where: { labId: lab.id } });
  assert.deepEqual(records.map((r) => r.periodStart.toISOString()), ["2026-03-10T00:00:00.000Z"]);
  const events = await tdb.prisma.auditEvent.findMany({ where: { entityType: "lab", entityId: String(lab.id) }, orderBy: { seq: "asc" } });
  assert.deepEqual(events.map((e) => [e.action, e.after]), [
    ["lab.created", { code: "OFF", name: "Paused Lab", timeZone: "UTC", digestHour: 7, reviewRequired: false, quarantineOnFailure: "OFFER", escalationHours: null, active: true }],
    ["lab.deactivated", { active: false }],
    ["lab.reactivated", { active: true }],
  ]);
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
});
