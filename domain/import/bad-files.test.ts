import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, type World } from "../../tests/support/fixtures/world.ts";
import { HEADERS, xlsx, type SheetRows } from "../../tests/support/fixtures/workbook.ts";
import { AppError } from "../errors.ts";
import { exportSheetCsv, exportWorkbook, importFile } from "./import.service.ts";

/** Every bad file R-IMPORT names: refused whole, or answered with row-level problems; nothing written. */
let tdb: TestDatabase;
let w: World;

const MODEL = { Models: [HEADERS.Models, ["Binder", "KB 115 Incubator", "WEEKLY"]], Tasks: [HEADERS.Tasks, ["Binder", "KB 115 Incubator", "WEEKLY", 1, "Temperature", "READING", "°C", 36, 38, "YES"]] };
const equipment = (...rows: unknown[][]): SheetRows => ({ ...MODEL, Equipment: [HEADERS.Equipment, ...rows] });
const row = (tag: string, extra: Partial<Record<"lab" | "commissioned" | "notes" | "model", unknown>> = {}) => [tag, "SN1", "Binder", extra.model ?? "KB 115 Incubator", extra.lab ?? "BOS", "Room 1", "ACTIVE", extra.commissioned ?? "2025-01-15", extra.notes ?? null];

const refusal = (pattern: RegExp, code = "bad_request") => (error: unknown) => error instanceof AppError && error.code === code && pattern.test(error.message);

async function problems(sheets: SheetRows | Buffer, who = "ada.admin"): Promise<string[]> {
  const body = Buffer.isBuffer(sheets) ? sheets : await xlsx(sheets);
  const report = await importFile(w.as(who), body, { dryRun: false });
  return report.problems.map((p) => `${p.sheet}:${p.row}:${p.column}:${p.message}`);
}

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  const report = await importFile(w.as("ada.admin"), await xlsx(equipment(row("INC-1"))), { dryRun: false });
  assert.equal(report.counts?.equipmentCreated, 1);
});
after(async () => {
  await tdb?.close();
});

test("wrong file type, password-protected, macros: refused by their bytes, whatever they are called", async () => {
  await assert.rejects(importFile(w.as("ada.admin"), Buffer.from("%PDF-1.7\n\u0000\u0001 binary"), { dryRun: true }), refusal(/neither an Excel workbook/));
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
  await assert.rejects(importFile(w.as("ada.admin"), ole, { dryRun: true }), refusal(/password-protected/));
  const zip = await JSZip.loadAsync(await xlsx(equipment(row("MAC-1"))));
  zip.file("xl/vbaProject.bin", Buffer.from("macro"));
  const xlsm = await zip.generateAsync({ type: "nodebuffer" });
  await assert.rejects(importFile(w.as("ada.admin"), xlsm, { dryRun: false }), refusal(/macros/));
  await assert.rejects(importFile(w.as("ada.admin"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { dryRun: true }), refusal(/could not be opened/));
  // A zip bomb: the central directory announces more than the workbook may unpack to.
  const bomb = await xlsx(equipment(row("BOMB-1")));
  const directory = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  bomb.writeUInt32LE(400 * 1024 * 1024, directory + 24);
  await assert.rejects(importFile(w.as("ada.admin"), bomb, { dryRun: true }), refusal(/unpacks to more than 100 MB/, "payload_too_large"));
  assert.equal(await tdb.prisma.equipment.count({ where: { assetTag: "MAC-1" } }), 0);
});

test("size limits: over 10 MB and over 50,000 rows are refused with the limit named", async () => {
  const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(10 * 1024 * 1024)]);
  await assert.rejects(importFile(w.as("ada.admin"), big, { dryRun: true }), refusal(/larger than 10 MB/, "payload_too_large"));
  const csv = [HEADERS.Equipment.join(","), ...Array.from({ length: 50_001 }, (_, i) => `T${i},,Binder,KB 115 Incubator,BOS,,,,`)].join("\n");
  await assert.rejects(importFile(w.as("ada.admin"), Buffer.from(csv), { dryRun: true }), refusal(/50001 rows; at most 50000/, "payload_too_large"));
});

test("formulas: the cached value is read, never evaluated; formula-like text stays text and exports as text", async () => {
  const sheets = equipment(
    [{ formula: 'CONCAT("FOR","-1")', result: "FOR-1" }, "SN", "Binder", "KB 115 Incubator", "BOS", null, "ACTIVE", null, '=HYPERLINK("http://evil.example","click")'],
    [{ formula: "NOW()" }, "SN", "Binder", "KB 115 Incubator", "BOS", null, "ACTIVE", null, null],
  );
  assert.deepEqual(await problems(sheets), ["Equipment:3:Asset tag:Asset tag is required."]);
  sheets.Equipment!.pop();
  const report = await importFile(w.as("ada.admin"), await xlsx(sheets), { dryRun: false });
  assert.equal(report.counts?.equipmentCreated, 1);
  const stored = await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: "FOR-1" } });
  assert.equal(stored.notes, '=HYPERLINK("http://evil.example","click")');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await exportWorkbook(w.as("ada.admin"))) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Equipment")!;
  let cell: ExcelJS.Cell | undefined;
  sheet.eachRow((r) => { if (r.getCell(1).value === "FOR-1") cell = r.getCell(9); });
  assert.equal(cell?.type, ExcelJS.ValueType.String);
  assert.equal(cell?.value, '=HYPERLINK("http://evil.example","click")');

  // The CSV export escapes it with an apostrophe (the reports' CSV writer); the CSV import takes it off again.
  const csv = (await exportSheetCsv(w.as("ada.admin"), "equipment")).body.toString("utf8");
  assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), csv.slice(0, 400));
  const again = await importFile(w.as("ada.admin"), Buffer.from(csv), { dryRun: false });
  assert.deepEqual([again.counts?.equipmentCreated, again.counts?.equipmentUpdated, again.counts?.unchanged], [0, 0, again.rows.equipment]);
  await assert.rejects(exportSheetCsv(w.as("ada.admin"), "secrets"), refusal(/Unknown sheet "secrets"/));
});

test("layout: unknown columns, missing columns, missing and unknown sheets", async () => {
  const unknownColumn = equipment(row("COL-1"));
  unknownColumn.Equipment![0] = [...HEADERS.Equipment, "Colour"];
  assert.deepEqual(await problems(unknownColumn), ['Equipment:1:Colour:Unknown column "Colour". The columns of Equipment are: Asset tag, Serial, Manufacturer, Model, Lab, Location, Status, Commissioned, Notes.']);
  const noLab = { Equipment: [HEADERS.Equipment.filter((h) => h !== "Lab"), ["NL-1", "SN", "Binder", "KB 115 Incubator", "Room", "ACTIVE", null, null]] };
  assert.ok((await problems(noLab)).includes('Equipment:1:Lab:The column "Lab" is missing.'));
  assert.deepEqual(await problems({ Sheet1: [["a"], [1]] }), [
    'Sheet1:0::Unknown sheet "Sheet1" is ignored. The sheets are: Models, Tasks, Equipment, Maintenance history.',
    ":0::The workbook has none of the sheets Models, Tasks, Equipment, Maintenance history. Start from the template.",
  ]);
  assert.ok((await problems({ Tasks: MODEL.Tasks })).includes("Models:0::The Tasks sheet needs a Models sheet (it may list only the models the tasks belong to)."));
});

test("duplicate asset tags inside the file (any case) and against the database; unknown models and labs", async () => {
  assert.deepEqual(await problems(equipment(row("DUP-1"), row("dup-1"), row("inc-1"), row("OK-1", { model: "KB 999" }), row("OK-2", { lab: "XYZ" }))), [
    "Equipment:3:Asset tag:Asset tag dup-1 is used twice in the file (row 2); tags are compared without regard to case.",
    "Equipment:4:Asset tag:Labkeep already has asset tag INC-1; write it exactly so, or choose another tag.",
    "Equipment:5:Model:Unknown model Binder KB 999: add it to the Models sheet.",
    'Equipment:6:Lab:Unknown lab "XYZ".',
  ]);
  assert.equal(await tdb.prisma.equipment.count({ where: { assetTag: { startsWith: "DUP" } } }), 0);
});

test("dates: ISO, day-first slashes and dots, Excel serials and date cells; month-first and impossible dates refused", async () => {
  const rows = [row("D-1", { commissioned: "2025-02-28" }), row("D-2", { commissioned: "31/03/2025" }), row("D-3", { commissioned: "1.4.2025" }), row("D-4", { commissioned: 45000 }), row("D-5", { commissioned: new Date("2025-05-06T00:00:00Z") })];
  assert.deepEqual(await problems(equipment(...rows, row("D-6", { commissioned: "03-04-2025" }), row("D-7", { commissioned: "31/02/2025" }))), [
    'Equipment:7:Commissioned:"03-04-2025" is not a date: write 2026-03-31 or 31/03/2026 (day first).',
    'Equipment:8:Commissioned:"31/02/2025" is not a date of the calendar.',
  ]);
  await importFile(w.as("ada.admin"), await xlsx(equipment(...rows)), { dryRun: false });
  const dates = await tdb.prisma.equipment.findMany({ where: { assetTag: { startsWith: "D-" } }, orderBy: { assetTag: "asc" }, select: { commissionedOn: true } });
  assert.deepEqual(dates.map((d) => d.commissionedOn?.toISOString().slice(0, 10)), ["2025-02-28", "2025-03-31", "2025-04-01", "2023-03-15", "2025-05-06"]);
});

test("history: readings with units, unknown people, unknown tasks and repeated periods are row-level problems", async () => {
  const history = (...rows: unknown[][]): SheetRows => ({ "Maintenance history": [HEADERS.History, ...rows] });
  assert.deepEqual(await problems(history(
    ["INC-1", "WEEKLY", "2026-03-02", "tom.tech@labkeep.dev", "02/03/2026 10:15", "PASS", "Temperature = 5 °C"],
    ["INC-1", "WEEKLY", "2026-02-23", "nobody@labkeep.dev", "2026-02-23 10:15", "PASS", null],
    ["INC-1", "WEEKLY", "2026-02-16", "tom.tech@labkeep.dev", "2026-02-16 10:15", "PASS", "Humidity = 40"],
    ["INC-1", "WEEKLY", "2026-02-09", "tom.tech@labkeep.dev", "2026-02-09 10:15", "PASS", "Temperature = 37"],
    ["INC-1", "WEEKLY", "2026-02-11", "tom.tech@labkeep.dev", "2026-02-11 10:15", "PASS", "Temperature = 37"],
    ["INC-1", "DAILY", "2026-02-11", "tom.tech@labkeep.dev", "2026-02-11 10:15", "MAYBE", null],
  )), [
    'Maintenance history:2:Readings:Reading "Temperature": "5 °C" has a unit or text after the number: write the number only (the unit is on the Tasks sheet).',
    "Maintenance history:3:Completed by:No active Labkeep user signs in as nobody@labkeep.dev.",
    'Maintenance history:4:Readings:"humidity" is not a reading task of the WEEKLY checklist.',
    "Maintenance history:6:Period date:This period of INC-1 is listed twice (row 5).",
    'Maintenance history:7:Result:"MAYBE" is not one of PASS, FAIL.',
    "Maintenance history:7:Frequency:INC-1's model is not checked DAILY.",
  ]);
  assert.equal(await tdb.prisma.pmRecord.count({ where: { importedAt: { not: null } } }), 0);
});

test("rights: models need an Administrator, equipment a Manager of that lab; a lab not seen is unknown", async () => {
  // A Manager may send back model and task rows Labkeep already has, unchanged, but not add or change them.
  assert.deepEqual(await problems(equipment(row("M-1")), "marie.manager"), []);
  const changed = equipment(row("M-0"));
  changed.Models!.push(["Binder", "KB 400", "DAILY"]);
  changed.Tasks![1]![7] = 35;
  assert.deepEqual(await problems(changed, "marie.manager"), [
    "Models:3:Model:Only an Administrator can add models: ask one to import Binder KB 400.",
    "Tasks:2:Title:Only an Administrator can add or change checklist tasks.",
  ]);
  assert.equal(await tdb.prisma.equipment.count({ where: { assetTag: "M-0" } }), 0);
  await assert.rejects(importFile(w.as("tom.tech"), await xlsx({ Equipment: [HEADERS.Equipment, row("T-1")] }), { dryRun: true }), refusal(/Manager role/, "forbidden"));
  await assert.rejects(importFile(w.as("rosalind.audit"), await xlsx({ Equipment: [HEADERS.Equipment, row("T-1")] }), { dryRun: true }), (e: unknown) => e instanceof AppError && e.code === "forbidden");
  assert.deepEqual(await problems({ Equipment: [HEADERS.Equipment, row("M-2", { lab: "LON" }), row("M-3", { lab: "SFO" })] }, "marie.manager"), ['Equipment:2:Lab:Unknown lab "LON".']);
});

test("CSV: one sheet recognised by its header, byte-order mark and quotes handled, formula-like text kept", async () => {
  const csv = `\ufeff${HEADERS.Equipment.join(",")}\nCSV-1,SN9,Binder,KB 115 Incubator,SFO,"Room 3, bench 2",IN_REPAIR,15/01/2025,"=1+1"\n`;
  const report = await importFile(w.as("marie.manager"), Buffer.from(csv), { dryRun: false });
  assert.deepEqual(report.problems, []);
  const stored = await tdb.prisma.equipment.findUniqueOrThrow({ where: { assetTag: "CSV-1" } });
  assert.deepEqual([stored.location, stored.status, stored.commissionedOn?.toISOString().slice(0, 10), stored.notes, stored.labId], ["Room 3, bench 2", "IN_REPAIR", "2025-01-15", "=1+1", w.labs.SFO]);
});
