import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeModel, makeRecord, type World } from "../../tests/support/fixtures/world.ts";
import { AppError } from "../errors.ts";
import { createEquipment } from "../equipment/equipment.service.ts";
import { completeRecord } from "../record/record.service.ts";
import { assignRecord, listAssignees, setResponsibility } from "./assignment.service.ts";
import { myWork } from "./my-work.ts";

let tdb: TestDatabase;
let w: World;
let modelId: number;
let taskId: number;

const code = (expected: string, field?: string) => (error: unknown) =>
  error instanceof AppError && error.code === expected && (!field || JSON.stringify(error.details).includes(`"field":"${field}"`));
// BOS is on New York time: February's period is overdue at NOW (March 10), March's is due.
const FEB = { start: new Date("2026-02-01T05:00:00Z"), due: new Date("2026-03-01T05:00:00Z") };

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  const made = await makeModel(tdb.prisma, "MONTHLY", [{ title: "Check seals", kind: "CHECK" }]);
  modelId = made.model.id;
  taskId = made.tasks[0]!.id;
});
after(async () => {
  await tdb?.close();
});

/** BOS equipment with March's period generated and February's open and overdue. */
async function instrument(assetTag: string) {
  const equipment = await createEquipment(w.as("marie.manager"), { assetTag, modelId, labId: w.labs.BOS });
  const march = await tdb.prisma.pmRecord.findFirstOrThrow({ where: { equipmentId: equipment.id } });
  const february = await makeRecord(tdb.prisma, { id: equipment.id, labId: w.labs.BOS }, "MONTHLY", FEB.start, FEB.due);
  return { id: equipment.id, march: march.id, february: february.id };
}

const ids = (items: { record: { id: number } }[]) => items.map((i) => i.record.id);

test("My work: assigned records, records of instruments I answer for, the deputy's when nobody else does, earliest due first", async () => {
  const u = (who: string) => w.users[who]!.id;
  const mine = await instrument("MW-MINE");
  const standIn = await instrument("MW-STANDIN");
  const vacant = await instrument("MW-VACANT");
  const other = await instrument("MW-OTHER");
  await setResponsibility(w.as("marie.manager"), mine.id, { responsibleId: u("tom.tech"), deputyId: u("theo.tech") });
  await setResponsibility(w.as("marie.manager"), standIn.id, { responsibleId: u("theo.tech"), deputyId: u("tom.tech") });
  await setResponsibility(w.as("marie.manager"), vacant.id, { responsibleId: null, deputyId: u("tom.tech") });
  await setResponsibility(w.as("marie.manager"), other.id, { responsibleId: u("marie.manager"), deputyId: u("theo.tech") });
  // One of Marie's instrument's records is given to Tom; one of Tom's is given to Theo.
  await assignRecord(w.as("marie.manager"), other.march, { assigneeId: u("tom.tech") });
  await assignRecord(w.as("marie.manager"), mine.february, { assigneeId: u("theo.tech") });

  // Theo is active: the stand-in instrument is his, not Tom's.
  const tom = await myWork(w.as("tom.tech"));
  assert.deepEqual(ids(tom.items), [vacant.february, mine.march, vacant.march, other.march]);
  assert.deepEqual(tom.items.map((i) => i.reason), ["deputy", "responsible", "deputy", "assigned"]);
  assert.deepEqual(tom.items.map((i) => i.record.overdue), [true, false, false, false]);
  assert.equal(tom.total, 4);

  const theo = await myWork(w.as("theo.tech"));
  assert.deepEqual(ids(theo.items), [mine.february, standIn.february, standIn.march]);
  assert.deepEqual(theo.items.map((i) => i.reason), ["assigned", "responsible", "responsible"]);

  // Theo's account is disabled: his deputy Tom stands in for the instrument (not for Theo's assignment).
  await tdb.prisma.user.update({ where: { id: u("theo.tech") }, data: { status: "DISABLED" } });
  const during = await myWork(w.as("tom.tech"));
  assert.deepEqual(ids(during.items), [standIn.february, vacant.february, mine.march, standIn.march, vacant.march, other.march]);
  await tdb.prisma.user.update({ where: { id: u("theo.tech") }, data: { status: "ACTIVE" } });

  // Completing a record takes it off the list; clearing an assignment gives it back to the responsible person.
  await completeRecord(w.as("tom.tech"), vacant.february, { results: [{ taskId, outcome: "DONE" }] });
  await assignRecord(w.as("marie.manager"), mine.february, { assigneeId: null });
  const afterwards = await myWork(w.as("tom.tech"));
  assert.deepEqual(ids(afterwards.items), [mine.february, mine.march, vacant.march, other.march]);
  assert.equal(afterwards.items[0]!.reason, "responsible");

  const audit = await tdb.prisma.auditEvent.findMany({ where: { action: "record.assigned", entityId: String(mine.february) }, orderBy: { seq: "asc" } });
  assert.deepEqual(audit.map((e) => [e.before, e.after]), [
    [{ assigneeId: null }, { assigneeId: u("theo.tech") }],
    [{ assigneeId: u("theo.tech") }, { assigneeId: null }],
  ]);
});

test("assignment refuses people who may not do the work there, closed records, and non-managers", async () => {
  const u = (who: string) => w.users[who]!.id;
  const item = await instrument("MW-RULES");
  // Tara is a technician of SFO only; Grace (Global Audit) may not complete; Dan is disabled.
  await assert.rejects(assignRecord(w.as("marie.manager"), item.march, { assigneeId: u("tara.tech") }), code("validation_failed", "assigneeId"));
  await assert.rejects(assignRecord(w.as("marie.manager"), item.march, { assigneeId: u("grace.audit") }), code("validation_failed", "assigneeId"));
  await assert.rejects(setResponsibility(w.as("marie.manager"), item.id, { responsibleId: u("dan.disabled"), deputyId: null }), code("validation_failed", "responsibleId"));
  await assert.rejects(setResponsibility(w.as("marie.manager"), item.id, { responsibleId: u("tom.tech"), deputyId: u("tom.tech") }), code("validation_failed", "deputyId"));
  await assert.rejects(assignRecord(w.as("marie.manager"), item.march, { assigneeId: "7" }), code("validation_failed", "assigneeId"));
  await assert.rejects(assignRecord(w.as("tom.tech"), item.march, { assigneeId: u("tom.tech") }), code("forbidden"));
  await assert.rejects(assignRecord(w.as("tara.tech"), item.march, { assigneeId: u("tara.tech") }), code("not_found"));
  await completeRecord(w.as("tom.tech"), item.march, { results: [{ taskId, outcome: "DONE" }] });
  await assert.rejects(assignRecord(w.as("marie.manager"), item.march, { assigneeId: u("tom.tech") }), code("conflict"));
  const row = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: item.march } });
  assert.equal(row.assigneeId, null);
});

test("the people a lab's work may be given to are exactly those assignment accepts there", async () => {
  const item = await instrument("MW-LIST");
  const listed = await listAssignees(w.as("marie.manager"), w.labs.BOS);
  const names = listed.map((a) => a.displayName);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  // Every user of the world, listed or not, tried against the assignment rule itself.
  for (const [who, user] of Object.entries(w.users)) {
    const attempt = assignRecord(w.as("marie.manager"), item.march, { assigneeId: user.id });
    if (listed.some((a) => a.id === user.id)) assert.equal((await attempt).assignee?.id, user.id, who);
    else await assert.rejects(attempt, code("validation_failed", "assigneeId"), who);
  }
  assert.ok(listed.some((a) => a.id === w.users["tom.tech"]!.id) && !listed.some((a) => a.id === w.users["grace.audit"]!.id));
  // Listing is for those who may assign there.
  await assert.rejects(listAssignees(w.as("tom.tech"), w.labs.BOS), code("forbidden"));
  await assert.rejects(listAssignees(w.as("tara.tech"), w.labs.BOS), code("not_found"));
});
