import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { fixedClock } from "../clock.ts";
import { realisticRows, xlsx } from "../../tests/support/fixtures/workbook.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { exportWorkbook, importFile, importTemplate } from "./import.service.ts";
import { commandLineContext } from "./system.ts";

/** A realistic onboarding (three labs, 200 instruments, three months of history) and its round trip. */
let tdb: TestDatabase;
let w: World;
let empty: TestDatabase;
let w2: World;

before(async () => {
  [tdb, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  [w, w2] = await Promise.all([createWorld(tdb.prisma), createWorld(empty.prisma)]);
});
after(async () => {
  await Promise.all([tdb?.close(), empty?.close()]);
});

/** Every sheet of a workbook as rows of plain values, for comparing two exports. */
async function sheetsOf(body: Buffer): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[sheet.name] = rows;
  });
  return out;
}

test("template: the four sheets with their headers, one example row each, drop-downs and notes", async () => {
  const sheets = await sheetsOf(await importTemplate(w.as("ada.admin")));
  assert.deepEqual(Object.keys(sheets), ["Models", "Tasks", "Equipment", "Maintenance history", "Notes"]);
  assert.deepEqual(sheets.Equipment![0], ["Asset tag", "Serial", "Manufacturer", "Model", "Lab", "Location", "Status", "Commissioned", "Notes"]);
  for (const name of ["Models", "Tasks", "Equipment", "Maintenance history"]) assert.equal(sheets[name]!.length, 2, name);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await importTemplate(w.as("ada.admin"))) as unknown as ArrayBuffer);
  assert.deepEqual(workbook.getWorksheet("Tasks")!.getCell("C2").dataValidation.formulae, ['"DAILY,WEEKLY,MONTHLY,QUARTERLY,ANNUAL"']);
  assert.ok(sheets.Notes!.some((row) => String(row[3]).includes("day first")));
});

test("template: its example imports cleanly except for the example person, who is not a user here", async () => {
  const report = await importFile(w.as("ada.admin"), await importTemplate(w.as("ada.admin")), { dryRun: true });
  assert.deepEqual(report.problems.map((p) => `${p.sheet}:${p.row}:${p.column}`), ["Maintenance history:2:Completed by"]);
});

test("realistic workbook: dry run writes nothing, import writes it all, numbered and audited", async () => {
  const rows = realisticRows(200);
  const file = await xlsx(rows);
  const ada = w.as("ada.admin");
  const dry = await importFile(ada, file, { dryRun: true });
  assert.deepEqual(dry.problems, []);
  assert.deepEqual(dry.rows, { models: 3, tasks: 9, equipment: 200, history: rows["Maintenance history"]!.length - 1 });
  assert.equal(await tdb.prisma.equipment.count(), 0);
  assert.equal(await tdb.prisma.auditEvent.count(), 0);

  const done = await importFile(ada, file, { dryRun: false, fileName: "onboarding.xlsx" });
  assert.equal(done.counts!.equipmentCreated, 200);
  assert.equal(done.counts!.historyCreated, rows["Maintenance history"]!.length - 1);
  assert.equal(await tdb.prisma.equipment.count(), 200);
  assert.equal(await tdb.prisma.pmRecord.count({ where: { importedAt: { not: null } } }), rows["Maintenance history"]!.length - 1);
  // Each lab's numbers stay gapless: 1..n over imported and generated records together.
  for (const labId of Object.values(w.labs)) {
    const numbers = (await tdb.prisma.pmRecord.findMany({ where: { labId }, select: { number: true }, orderBy: { number: "asc" } })).map((r) => r.number);
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1));
    const counter = await tdb.prisma.labRecordCounter.findUniqueOrThrow({ where: { labId } });
    assert.equal(counter.lastNumber, numbers.length);
  }
  const event = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "data.imported" } });
  assert.equal((event.after as { sha256: string }).sha256, done.sha256);
  assert.equal((event.after as { equipmentCreated: number }).equipmentCreated, 200);
  // A reading outside its range fails its result; formula-looking text stays text.
  const freezer = await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: "EQ-00001" } });
  assert.equal(freezer.notes, "=not a formula, typed by a lab");
  assert.equal(freezer.commissionedOn?.toISOString().slice(0, 10), "2024-05-01");
  assert.equal((await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: "EQ-00002" } })).commissionedOn?.toISOString().slice(0, 10), "2024-05-02");
  assert.equal((await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: "EQ-00003" } })).commissionedOn?.toISOString().slice(0, 10), "2024-05-03");

  const again = await importFile(ada, file, { dryRun: false });
  const changed = Object.entries(again.counts!).filter(([key, n]) => key !== "unchanged" && n !== 0);
  assert.deepEqual(changed, []);
  assert.equal(again.counts!.unchanged, 3 + 9 + 200 + rows["Maintenance history"]!.length - 1);
  assert.equal(await tdb.prisma.equipment.count(), 200);
  assert.ok((await verifyAuditChain(tdb.prisma)).ok);
});

test("a changed row updates that row only, audited before and after", async () => {
  const rows = realisticRows(200);
  rows.Equipment![5]![5] = "Room 99";
  rows.Equipment![6]![6] = "IN_REPAIR";
  const report = await importFile(w.as("ada.admin"), await xlsx(rows), { dryRun: false });
  assert.equal(report.counts!.equipmentUpdated, 2);
  const events = await tdb.prisma.auditEvent.findMany({ where: { action: "equipment.updated" }, orderBy: { seq: "asc" } });
  assert.deepEqual(events.map((e) => [e.before, e.after]), [
    [{ location: "Room 5" }, { location: "Room 99" }],
    [{ status: "ACTIVE" }, { status: "IN_REPAIR" }],
  ]);
  const repaired = await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: "EQ-00006" }, include: { events: { orderBy: { id: "asc" } } } });
  assert.deepEqual([repaired.location, repaired.status, repaired.events.map((e) => `${e.kind}:${e.toStatus}`)], ["Room 6", "IN_REPAIR", ["CREATED:ACTIVE", "STATUS_CHANGED:IN_REPAIR"]]);
  rows.Equipment![5]![5] = "Room 5";
  rows.Equipment![6]![6] = "ACTIVE";
  const nextDay = new Date(NOW.getTime() + 86_400_000);
  const back = await importFile({ ...w.as("ada.admin"), clock: fixedClock(nextDay) }, await xlsx(rows), { dryRun: false });
  assert.equal(back.counts!.equipmentUpdated, 2);
  // Back in service: eligible for records from now on; a moved instrument keeps its date.
  const activeSince = async (tag: string) => (await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: tag } })).activeSince.getTime();
  assert.deepEqual([await activeSince("EQ-00006"), await activeSince("EQ-00005")], [nextDay.getTime(), NOW.getTime()]);
});

test("export → import into an empty database → export gives identical rows", async () => {
  const exported = await exportWorkbook(w.as("ada.admin"));
  const report = await importFile(w2.as("ada.admin"), exported, { dryRun: false });
  assert.deepEqual(report.problems, []);
  const [a, b] = [await sheetsOf(exported), await sheetsOf(await exportWorkbook(w2.as("ada.admin")))];
  for (const name of ["Models", "Tasks", "Equipment", "Maintenance history"]) assert.deepEqual(b[name], a[name], name);
  assert.equal(a.Equipment!.length, 201);
  assert.ok(a["Maintenance history"]!.length > 3000);
  // Completion times are the lab's wall clock, sortable, and the header says so; the files labs
  // write (tests/support/fixtures/workbook.ts) keep the earlier header "Completed at", still read.
  assert.equal(a["Maintenance history"]![0]![4], "Completed at (lab time)");
  assert.match(String(a["Maintenance history"]![1]![4]), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
});

test("export is scoped: a Manager of BOS and SFO sees no LON equipment", async () => {
  const sheets = await sheetsOf(await exportWorkbook(w.as("marie.manager")));
  const labs = new Set(sheets.Equipment!.slice(1).map((row) => row[4]));
  assert.deepEqual([...labs].sort(), ["BOS", "SFO"]);
});

test("the command line imports with an Administrator's rights, audited with source SYSTEM and no user", async () => {
  const rows = realisticRows(3, "2026-03-09", 0);
  rows.Equipment = [rows.Equipment![0]!, ["CLI-1", "SN", "Eppendorf", "Centrifuge 5810 R", "LON", "Bay 1", "ACTIVE", null, null]];
  delete rows["Maintenance history"];
  const report = await importFile(commandLineContext(tdb.prisma, w.clock), await xlsx(rows), { dryRun: false, fileName: "cli.xlsx" });
  assert.equal(report.counts!.equipmentCreated, 1);
  const event = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "data.imported" }, orderBy: { seq: "desc" } });
  assert.deepEqual([event.source, event.actorId, event.actorName, (event.after as { fileName: string }).fileName], ["SYSTEM", null, "Labkeep command line", "cli.xlsx"]);
});
