import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { fixedClock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { createEquipment, createLab, createModel, isGapless, recordsOf } from "../../tests/support/fixtures/generator.ts";
import { GenerationError, generateCurrentPeriod, generateRecords } from "./generator.ts";

let tdb: TestDatabase;
let db: Db;
before(async () => {
  tdb = await createTestDatabase();
  db = tdb.prisma;
});
after(async () => {
  await tdb?.close();
});

const generatedThrough = async (labId: number) => (await db.lab.findUniqueOrThrow({ where: { id: labId } })).generatedThrough?.toISOString().slice(0, 10) ?? null;
const counter = async (labId: number) => (await db.labRecordCounter.findUnique({ where: { labId } }))?.lastNumber ?? 0;

test("a new install starts today, and a second run creates nothing and burns no number", async () => {
  const lab = await createLab(db, "NEW", "America/New_York");
  const model = await createModel(db, "Centrifuge N");
  await createEquipment(db, lab.id, model.id, ["NEW-2", "NEW-1"]);
  // 2026-03-10 10:00 in New York.
  const now = new Date("2026-03-10T14:00:00Z");
  const [first] = await generateRecords(db, { now, labIds: [lab.id] });
  assert.equal(first!.created, 10);
  assert.equal(first!.from, "2026-03-10");
  assert.equal(await generatedThrough(lab.id), "2026-03-10");
  const records = await recordsOf(db, lab.id);
  assert.deepEqual(records.map((r) => r.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // Ordered by period start, then frequency (declaration order: the quarter and the year both
  // start on 01-01), then asset tag.
  assert.deepEqual(
    records.map((r) => `${r.frequency}:${r.equipment.assetTag}`),
    ["QUARTERLY:NEW-1", "QUARTERLY:NEW-2", "ANNUAL:NEW-1", "ANNUAL:NEW-2", "MONTHLY:NEW-1", "MONTHLY:NEW-2", "WEEKLY:NEW-1", "WEEKLY:NEW-2", "DAILY:NEW-1", "DAILY:NEW-2"],
  );
  const daily = records.find((r) => r.frequency === "DAILY")!;
  assert.equal(daily.periodStart.toISOString(), "2026-03-10T04:00:00.000Z");
  assert.equal(daily.periodEnd.toISOString(), "2026-03-11T04:00:00.000Z");
  assert.equal(daily.dueAt.toISOString(), daily.periodEnd.toISOString());
  assert.equal(daily.status, "OPEN");

  const events = await db.auditEvent.count({ where: { action: "records.generated", labId: lab.id } });
  const again = await generateRecords(db, { now: new Date("2026-03-10T20:00:00Z"), labIds: [lab.id] });
  assert.equal(again[0]!.created, 0);
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 10);
  assert.equal(await counter(lab.id), 10);
  assert.equal(await db.auditEvent.count({ where: { action: "records.generated", labId: lab.id } }), events);
});

test("catch-up after missed days creates every missing period, once", async () => {
  const lab = await createLab(db, "CAT", "Europe/London", "2026-03-27");
  const model = await createModel(db, "Incubator C");
  await createEquipment(db, lab.id, model.id, ["CAT-1"]);
  // Missed 2026-03-28 .. 2026-03-31 (the DST change of 03-29 included) and 04-01.
  const [result] = await generateRecords(db, { now: new Date("2026-04-01T12:00:00Z"), labIds: [lab.id] });
  assert.equal(result!.from, "2026-03-28");
  assert.equal(result!.through, "2026-04-01");
  const records = await recordsOf(db, lab.id);
  const count = (f: string) => records.filter((r) => r.frequency === f).length;
  assert.equal(count("DAILY"), 5);
  assert.equal(count("WEEKLY"), 2); // weeks of Mon 03-23 and Mon 03-30
  assert.equal(count("MONTHLY"), 2); // March and April
  assert.equal(count("QUARTERLY"), 2); // Q1 and Q2
  assert.equal(count("ANNUAL"), 1);
  assert.ok(isGapless(records.map((r) => r.number)));
  const dst = records.find((r) => r.frequency === "DAILY" && r.periodStart.toISOString() === "2026-03-29T00:00:00.000Z");
  assert.equal(dst?.periodEnd.toISOString(), "2026-03-29T23:00:00.000Z");
  assert.equal(await generatedThrough(lab.id), "2026-04-01");

  // The next day adds only that day's daily record.
  const [next] = await generateRecords(db, { now: new Date("2026-04-02T12:00:00Z"), labIds: [lab.id] });
  assert.equal(next!.created, 1);
  assert.equal(next!.firstNumber, records.length + 1);
});

test("only Active equipment of active models with an active task of the frequency, for periods ending after it became Active", async () => {
  const lab = await createLab(db, "ELI", "UTC", "2026-03-04");
  const full = await createModel(db, "Full");
  const retired = await createModel(db, "Retired model", { active: false });
  const weeklyOnly = await createModel(db, "Weekly only", { frequencies: ["WEEKLY"] });
  // Monthly is enabled but its only task is inactive; daily has a task but is not enabled.
  const partial = await createModel(db, "Partial", { frequencies: ["MONTHLY", "ANNUAL"], taskFrequencies: ["ANNUAL", "DAILY"], inactiveTaskFrequencies: ["MONTHLY"] });
  await createEquipment(db, lab.id, full.id, ["ELI-REPAIR"], { status: "IN_REPAIR" });
  await createEquipment(db, lab.id, full.id, ["ELI-OOS"], { status: "OUT_OF_SERVICE" });
  await createEquipment(db, lab.id, full.id, ["ELI-OBS"], { status: "OBSOLETE" });
  await createEquipment(db, lab.id, retired.id, ["ELI-RETIRED"]);
  const [weekly] = await createEquipment(db, lab.id, weeklyOnly.id, ["ELI-WEEKLY"]);
  const [part] = await createEquipment(db, lab.id, partial.id, ["ELI-PARTIAL"]);
  // Became Active at noon on 03-06: the daily periods of 03-05 and earlier ended before.
  const [late] = await createEquipment(db, lab.id, full.id, ["ELI-LATE"], { activeSince: "2026-03-06T12:00:00Z" });

  await generateRecords(db, { now: new Date("2026-03-07T09:00:00Z"), labIds: [lab.id] });
  const records = await recordsOf(db, lab.id);
  const byEquipment = (id: number) => records.filter((r) => r.equipmentId === id).map((r) => `${r.frequency}@${r.periodStart.toISOString().slice(0, 10)}`).sort();
  assert.deepEqual(byEquipment(weekly!), ["WEEKLY@2026-03-02"]);
  assert.deepEqual(byEquipment(part!), ["ANNUAL@2026-01-01"]);
  assert.deepEqual(byEquipment(late!), ["ANNUAL@2026-01-01", "DAILY@2026-03-06", "DAILY@2026-03-07", "MONTHLY@2026-03-01", "QUARTERLY@2026-01-01", "WEEKLY@2026-03-02"]);
  assert.equal(records.length, 8, "nothing for equipment that is not Active or whose model is inactive");
  assert.ok(isGapless(records.map((r) => r.number)));
});

test("numbers are gapless and increasing per lab, each lab with its own sequence", async () => {
  const a = await createLab(db, "NUA", "Australia/Sydney", "2026-05-31");
  const b = await createLab(db, "NUB", "Asia/Kathmandu", "2026-05-30");
  const model = await createModel(db, "Numbered");
  await createEquipment(db, a.id, model.id, ["NUA-1", "NUA-2", "NUA-3"]);
  await createEquipment(db, b.id, model.id, ["NUB-1"]);
  const now = new Date("2026-06-01T03:00:00Z");
  await generateRecords(db, { now, labIds: [a.id, b.id] });
  await generateRecords(db, { now: new Date("2026-06-02T03:00:00Z"), labIds: [a.id, b.id] });
  for (const lab of [a, b]) {
    const records = await recordsOf(db, lab.id);
    assert.ok(records.length > 0);
    assert.ok(isGapless(records.map((r) => r.number)), `lab ${lab.code} numbers are 1..n`);
    assert.equal(await counter(lab.id), records.length);
    for (let i = 1; i < records.length; i++) assert.ok(records[i]!.periodStart >= records[i - 1]!.periodStart || records[i]!.createdAt > records[i - 1]!.createdAt);
  }
});

test("four concurrent generators create no duplicate and leave no gap", async () => {
  const labs = await Promise.all([createLab(db, "CC1", "America/New_York", "2026-02-20"), createLab(db, "CC2", "Europe/London", "2026-02-20"), createLab(db, "CC3", "Asia/Kathmandu", "2026-02-20")]);
  const model = await createModel(db, "Concurrent");
  for (const lab of labs) await createEquipment(db, lab.id, model.id, Array.from({ length: 40 }, (_, i) => `${lab.code}-${String(i).padStart(3, "0")}`));
  const now = new Date("2026-03-02T12:00:00Z");
  const runs = await Promise.all(Array.from({ length: 4 }, () => generateRecords(db, { now, labIds: labs.map((l) => l.id) })));
  for (const lab of labs) {
    const records = await recordsOf(db, lab.id);
    // 2026-02-21 .. 2026-03-02: 10 days, 3 ISO weeks, 2 months, 1 quarter, 1 year per equipment.
    assert.equal(records.length, 40 * (10 + 3 + 2 + 1 + 1));
    assert.ok(isGapless(records.map((r) => r.number)), `lab ${lab.code} has no gap`);
    assert.equal(await counter(lab.id), records.length);
    const created = runs.map((run) => run.find((r) => r.labId === lab.id)!.created);
    assert.equal(created.reduce((s, n) => s + n, 0), records.length, "one run created them all");
    assert.equal(created.filter((n) => n > 0).length, 1);
  }
  const duplicates = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM pm_record GROUP BY equipment_id, frequency, period_start HAVING count(*) > 1) d`;
  assert.equal(duplicates[0]!.n, 0);
});

test("on demand: new equipment, equipment back to Active, a model gaining a frequency or a task", async () => {
  const clock = fixedClock("2026-07-15T16:00:00Z");
  const lab = await createLab(db, "DEM", "America/New_York");
  const model = await createModel(db, "On demand", { frequencies: ["DAILY", "MONTHLY"] });
  await createEquipment(db, lab.id, model.id, ["DEM-1"]);
  await generateRecords(db, { now: clock.now(), labIds: [lab.id] });
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 2);

  // New equipment gets its current-period records at once.
  const [fresh] = await createEquipment(db, lab.id, model.id, ["DEM-2"], { activeSince: clock.now().toISOString() });
  const [result] = await generateCurrentPeriod(db, clock, { equipmentIds: [fresh!] });
  assert.equal(result!.created, 2);
  assert.deepEqual((await recordsOf(db, lab.id)).map((r) => r.number), [1, 2, 3, 4]);
  assert.equal((await generateCurrentPeriod(db, clock, { equipmentIds: [fresh!] }))[0]!.created, 0, "idempotent");

  // Equipment back to Active (it was in repair when today's records were made).
  const [repaired] = await createEquipment(db, lab.id, model.id, ["DEM-3"], { status: "IN_REPAIR" });
  await generateCurrentPeriod(db, clock, { equipmentIds: [repaired!] });
  assert.equal(await db.pmRecord.count({ where: { equipmentId: repaired! } }), 0, "not while in repair");
  clock.advance(60_000);
  await db.equipment.update({ where: { id: repaired! }, data: { status: "ACTIVE", activeSince: clock.now() } });
  await generateCurrentPeriod(db, clock, { equipmentIds: [repaired!] });
  assert.equal(await db.pmRecord.count({ where: { equipmentId: repaired! } }), 2);

  // The model gains a frequency (with a task): every equipment of the model gets that period.
  await db.equipmentModel.update({ where: { id: model.id }, data: { frequencies: ["DAILY", "MONTHLY", "WEEKLY"], tasks: { create: { frequency: "WEEKLY", position: 1, title: "Weekly", kind: "CHECK" } } } });
  const [weekly] = await generateCurrentPeriod(db, clock, { modelIds: [model.id] });
  assert.equal(weekly!.created, 3);
  // The model's quarterly frequency is enabled first with no task, then gains one.
  await db.equipmentModel.update({ where: { id: model.id }, data: { frequencies: ["DAILY", "MONTHLY", "WEEKLY", "QUARTERLY"] } });
  assert.equal((await generateCurrentPeriod(db, clock, { modelIds: [model.id] }))[0]!.created, 0, "no task, no record");
  await db.checklistTask.create({ data: { modelId: model.id, frequency: "QUARTERLY", position: 1, title: "Quarterly", kind: "READING", unit: "°C", min: 2, max: 8 } });
  const [quarterly] = await generateCurrentPeriod(db, clock, { modelIds: [model.id] });
  assert.equal(quarterly!.created, 3);

  const records = await recordsOf(db, lab.id);
  assert.ok(isGapless(records.map((r) => r.number)));
  assert.equal(records.length, 2 + 2 + 2 + 3 + 3);
  const q = records.find((r) => r.frequency === "QUARTERLY")!;
  assert.equal(q.periodStart.toISOString(), "2026-07-01T04:00:00.000Z");
  assert.equal(await generatedThrough(lab.id), "2026-07-15", "on-demand generation does not move generatedThrough");

  // The next scheduled run does not repeat what was made on demand.
  const [nextDay] = await generateRecords(db, { now: new Date("2026-07-16T16:00:00Z"), labIds: [lab.id] });
  assert.equal(nextDay!.created, 3, "only the three daily records of 07-16");
});

test("generation is audited and the audit chain still verifies", async () => {
  const lab = await createLab(db, "AUD", "UTC", "2026-01-01");
  const model = await createModel(db, "Audited", { frequencies: ["DAILY"] });
  await createEquipment(db, lab.id, model.id, ["AUD-1", "AUD-2"]);
  await generateRecords(db, { now: new Date("2026-01-03T08:00:00Z"), labIds: [lab.id] });
  const events = await db.auditEvent.findMany({ where: { action: "records.generated", labId: lab.id } });
  assert.equal(events.length, 1);
  const event = events[0]!;
  assert.equal(event.source, "SCHEDULER");
  assert.equal(event.entityType, "record");
  assert.equal(event.entityId, "AUD-000001..AUD-000004");
  const payload = event.after as { count: number; firstNumber: string; lastNumber: string; from: string; through: string; periods: { frequency: string; count: number }[] };
  assert.equal(payload.count, 4);
  assert.equal(payload.firstNumber, "AUD-000001");
  assert.equal(payload.lastNumber, "AUD-000004");
  assert.equal(payload.from, "2026-01-02");
  assert.equal(payload.through, "2026-01-03");
  assert.deepEqual(payload.periods.map((p) => [p.frequency, p.count]), [["DAILY", 2], ["DAILY", 2]]);
  const chain = await verifyAuditChain(db);
  assert.equal(chain.ok, true);
  assert.ok(chain.checked >= 1);
});

test("the --date option generates through that lab-local date in every lab", async () => {
  const lab = await createLab(db, "DAT", "Asia/Kathmandu", "2026-08-30");
  const model = await createModel(db, "Dated", { frequencies: ["DAILY"] });
  await createEquipment(db, lab.id, model.id, ["DAT-1"]);
  // 2026-08-31T23:00Z is already 09-01 in Kathmandu; throughDate pins the lab-local date.
  const [result] = await generateRecords(db, { now: new Date("2026-08-31T23:00:00Z"), throughDate: "2026-08-31", labIds: [lab.id] });
  assert.equal(result!.created, 1);
  assert.equal(await generatedThrough(lab.id), "2026-08-31");
});

test("a past --date never moves a lab's start: a new lab starts today, a running one stays where it is", async () => {
  const fresh = await createLab(db, "PST", "America/New_York");
  const running = await createLab(db, "RUN", "America/New_York", "2026-03-09");
  const model = await createModel(db, "Past", { frequencies: ["DAILY", "MONTHLY"] });
  await createEquipment(db, fresh.id, model.id, ["PST-1", "PST-2"]);
  await createEquipment(db, running.id, model.id, ["RUN-1"]);
  const now = new Date("2026-03-10T14:00:00Z"); // 10:00 in New York
  const past = await generateRecords(db, { now, throughDate: "2020-01-15", labIds: [fresh.id, running.id] });
  assert.deepEqual(past.map((r) => [r.labCode, r.created, r.notStarted]), [["PST", 0, true], ["RUN", 0, false]]);
  assert.equal(await generatedThrough(fresh.id), null);
  assert.equal(await generatedThrough(running.id), "2026-03-09");
  assert.equal(await db.pmRecord.count({ where: { labId: { in: [fresh.id, running.id] } } }), 0);

  // The next scheduled run starts the new lab today: 2 pieces × (today's day + this month).
  const [next] = await generateRecords(db, { now, labIds: [fresh.id] });
  assert.deepEqual([next!.from, next!.through, next!.created], ["2026-03-10", "2026-03-10", 4]);
  const earliest = await db.pmRecord.findFirstOrThrow({ where: { labId: fresh.id }, orderBy: { periodStart: "asc" } });
  assert.equal(earliest.periodStart.toISOString(), "2026-03-01T05:00:00.000Z"); // this month, not 2020

  // A future --date on a new lab starts today too, not on that date.
  const ahead = await createLab(db, "AHD", "America/New_York");
  await createEquipment(db, ahead.id, model.id, ["AHD-1"]);
  const [forward] = await generateRecords(db, { now, throughDate: "2026-03-12", labIds: [ahead.id] });
  assert.deepEqual([forward!.from, forward!.through, forward!.created], ["2026-03-10", "2026-03-12", 4]); // 3 days + March
});

test("--backfill-from creates the missing past periods once, audited, without moving the lab's start", async () => {
  const lab = await createLab(db, "BKF", "Europe/London", "2026-03-10");
  const model = await createModel(db, "Backfilled", { frequencies: ["DAILY", "WEEKLY"] });
  await createEquipment(db, lab.id, model.id, ["BKF-1"]);
  const now = new Date("2026-03-10T12:00:00Z");
  const [result] = await generateRecords(db, { now, backfillFrom: "2026-03-01", labIds: [lab.id] });
  // 03-01 .. 03-10: ten days; weeks of Mon 02-23, 03-02 and 03-09.
  assert.deepEqual([result!.from, result!.through, result!.created], ["2026-03-01", "2026-03-10", 13]);
  assert.equal(await generatedThrough(lab.id), "2026-03-10");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "records.generated", labId: lab.id }, orderBy: { seq: "desc" } });
  assert.deepEqual([(audit.after as { backfillFrom?: string }).backfillFrom, (audit.after as { count: number }).count], ["2026-03-01", 13]);
  const [again] = await generateRecords(db, { now, backfillFrom: "2026-03-01", labIds: [lab.id] });
  assert.equal(again!.created, 0);
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 13);

  // Capped: 366 days back is allowed, 367 is refused and writes nothing.
  const [year] = await generateRecords(db, { now, backfillFrom: "2025-03-09", throughDate: "2025-03-09", labIds: [lab.id] });
  assert.equal(year!.created, 2); // that day and its week
  assert.equal(await generatedThrough(lab.id), "2026-03-10", "a back-fill never moves where the lab continues");
  const before = await db.pmRecord.count({ where: { labId: lab.id } });
  await assert.rejects(generateRecords(db, { now, backfillFrom: "2025-03-08", labIds: [lab.id] }), (error: unknown) => {
    assert.ok(error instanceof GenerationError);
    assert.match(error.message, /more than 366 days/);
    return true;
  });
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), before);
});

test("a lab that fails does not hold back the others, and the failure is reported", async () => {
  const broken = await createLab(db, "BRK", "Not/AZone", "2026-09-01");
  const fine = await createLab(db, "FIN", "UTC", "2026-09-01");
  const model = await createModel(db, "Sturdy", { frequencies: ["DAILY"] });
  await createEquipment(db, broken.id, model.id, ["BRK-1"]);
  await createEquipment(db, fine.id, model.id, ["FIN-1"]);
  await assert.rejects(generateRecords(db, { now: new Date("2026-09-02T12:00:00Z"), labIds: [broken.id, fine.id] }), (error: Error) => {
    assert.ok(error instanceof GenerationError);
    assert.match(error.message, /lab BRK: unknown IANA time zone "Not\/AZone"/);
    assert.deepEqual(error.results.map((r) => [r.labCode, r.created]), [["FIN", 1]]);
    return true;
  });
  assert.equal(await db.pmRecord.count({ where: { labId: fine.id } }), 1);
  assert.equal(await db.pmRecord.count({ where: { labId: broken.id } }), 0);
  assert.equal(await generatedThrough(broken.id), "2026-09-01");
});

test("a unique-key clash rolls the lab back whole: no record, no number, no date is half taken", async () => {
  const lab = await createLab(db, "CLA", "UTC", "2026-10-01");
  const model = await createModel(db, "Clash", { frequencies: ["DAILY"] });
  const [equipment] = await createEquipment(db, lab.id, model.id, ["CLA-1"]);
  // A record that took number 1 without going through the counter: every attempt clashes on it.
  await db.pmRecord.create({
    data: { labId: lab.id, number: 1, equipmentId: equipment!, frequency: "DAILY", periodStart: new Date("2026-09-01T00:00:00Z"), periodEnd: new Date("2026-09-02T00:00:00Z"), dueAt: new Date("2026-09-02T00:00:00Z") },
  });
  await assert.rejects(generateRecords(db, { now: new Date("2026-10-02T12:00:00Z"), labIds: [lab.id] }), /lab CLA: .*Unique constraint|lab CLA: .*23505|lab CLA: .*duplicate key/s);
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 1);
  assert.equal(await counter(lab.id), 0);
  assert.equal(await generatedThrough(lab.id), "2026-10-01");
  // Once the counter accounts for it, generation goes on after it.
  await db.labRecordCounter.upsert({ where: { labId: lab.id }, create: { labId: lab.id, lastNumber: 1 }, update: { lastNumber: 1 } });
  const [result] = await generateRecords(db, { now: new Date("2026-10-02T12:00:00Z"), labIds: [lab.id] });
  assert.deepEqual([result!.created, result!.firstNumber], [1, 2]);
});

test("scheduled and on-demand generation racing each other leave no duplicate and no gap", async () => {
  const lab = await createLab(db, "RAC", "Australia/Sydney", "2026-06-25");
  const model = await createModel(db, "Racing");
  await createEquipment(db, lab.id, model.id, Array.from({ length: 30 }, (_, i) => `RAC-${String(i).padStart(2, "0")}`));
  const clock = fixedClock("2026-06-30T03:00:00Z"); // 13:00 on 06-30 in Sydney
  await Promise.all([
    generateRecords(db, { now: clock.now(), labIds: [lab.id] }),
    generateCurrentPeriod(db, clock, { labIds: [lab.id] }),
    generateRecords(db, { now: clock.now(), labIds: [lab.id] }),
    generateCurrentPeriod(db, clock, { modelIds: [model.id] }),
  ]);
  const records = await recordsOf(db, lab.id);
  // 06-26 .. 06-30: five days, two ISO weeks (06-22, 06-29), one month, one quarter, one year.
  assert.equal(records.length, 30 * (5 + 2 + 1 + 1 + 1));
  assert.ok(isGapless(records.map((r) => r.number)));
  assert.equal(await counter(lab.id), records.length);
  assert.equal(new Set(records.map((r) => `${r.equipmentId}/${r.frequency}/${r.periodStart.toISOString()}`)).size, records.length);
});
