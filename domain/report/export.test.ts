import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { fixedClock } from "../clock.ts";
import { serviceContext } from "../context.ts";
import type { Principal } from "../policy/policy.ts";
import { buildFixture, NOW, type Fixture } from "../../tests/support/fixtures/report.ts";
import { equipmentHistory, exportReport } from "./report.service.ts";

let db: TestDatabase;
let fx: Fixture;
before(async () => {
  db = await createTestDatabase();
  fx = await buildFixture(db.prisma);
});
after(async () => {
  await db?.close();
});

const ctx = (principal: Principal) => serviceContext(db.prisma, principal, "TAB", fixedClock(NOW));

test("equipment history: status and transfer events, and the records of labs the user can see", async () => {
  const history = await equipmentHistory(ctx(fx.auditor), fx.equipment.B1);
  assert.equal(history.equipment.assetTag, "BOS-FRZ-001");
  assert.equal(history.equipment.commissionedOn, "2024-05-01");
  assert.deepEqual(history.events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.fromLabCode, e.toLabCode, e.reason]), [
    ["CREATED", null, "ACTIVE", null, "SFO", null],
    ["TRANSFERRED", null, null, "SFO", "BOS", "Moved to Boston"],
    ["STATUS_CHANGED", "ACTIVE", "IN_REPAIR", null, null, "Compressor noise"],
  ]);
  // SFO-000014 was done on this freezer before its transfer; the auditor cannot see SFO.
  assert.deepEqual(history.records.map((r) => r.number), [
    "BOS-000007", "BOS-000006", "BOS-000005", "BOS-000008", "BOS-000004", "BOS-000015", "BOS-000003", "BOS-000002", "BOS-000001", "BOS-000009",
  ]);
  const failed = history.records.find((r) => r.number === "BOS-000002")!;
  assert.equal(failed.result, "FAIL");
  assert.equal(failed.completedBy, "Tess Tech");
  assert.deepEqual(failed.results.map((t) => [t.title, t.reading, t.passed]), [["Chamber temperature", -61.5, false], ["Door gasket intact", null, true]]);
  assert.equal(history.records.find((r) => r.number === "BOS-000001")!.amendments, 1);
  assert.deepEqual(history.records.filter((r) => r.overdue).map((r) => r.number), ["BOS-000006", "BOS-000005", "BOS-000008", "BOS-000003"]);
  const admin = await equipmentHistory(ctx(fx.admin), fx.equipment.B1);
  assert.equal(admin.records.length, 11);
  await assert.rejects(equipmentHistory(ctx(fx.auditor), fx.equipment.S1), { code: "not_found" });
  await assert.rejects(equipmentHistory(ctx(fx.auditor), 999_999), { code: "not_found" });
  await assert.rejects(equipmentHistory(ctx(fx.auditor), "abc"), { code: "validation_failed" });
});

test("compliance as CSV: header, rows, file name", async () => {
  const file = await exportReport(ctx(fx.auditor), "compliance", "csv", { from: "2026-01-01", to: "2026-02-28", labId: String(fx.labs.LON) });
  assert.equal(file.fileName, "labkeep-compliance-2026-01-01_2026-02-28.csv");
  assert.equal(file.contentType, "text/csv; charset=utf-8");
  const lines = file.body.toString("utf8").replace(/^\ufeff/, "").trim().split("\n");
  assert.deepEqual(lines, [
    "Lab,Lab name,Frequency,Month,Due,Completed on time,Completed late,Open (not yet due),Overdue,Reviewed,Awaiting review,Compliance %",
    "LON,LON lab,Daily,2026-01,2,1,1,0,0,0,0,50",
    "LON,LON lab,Daily,2026-02,2,1,0,0,1,0,0,50",
  ]);
});

test("equipment history CSV neutralises formulas typed into comments", async () => {
  const file = await exportReport(ctx(fx.auditor), "equipment-history", "csv", { equipmentId: String(fx.equipment.B1) });
  assert.match(file.fileName, /^labkeep-equipment-history-BOS-FRZ-001-2026-02-15\.csv$/);
  const text = file.body.toString("utf8");
  // Lab wall-clock times, sortable; the Lab column says whose clock.
  assert.equal(text.replace(/^\ufeff/, "").split("\n")[0], "When (lab time),Lab,Type,Record,Frequency,Status,Result,Details,By,Electronic signatures");
  const line = text.split("\n").find((l) => l.includes("BOS-000002"))!;
  assert.equal(line, "2026-01-12 05:00,BOS,PM record,BOS-000002,Daily,Completed late,Fail,Chamber temperature: -61.5 °C (limits -86–-74 °C),Tess Tech,Not signed");
  const formula = text.split("\n").find((l) => l.includes("BOS-000015"))!;
  assert.equal(formula, `2026-01-19 13:00,BOS,PM record,BOS-000015,Daily,Completed,Pass,"'=HYPERLINK(""http://x"")",Tess Tech,Not signed`);
  assert.ok(text.includes("2026-02-12 10:00,BOS,Status changed,,,Active → In Repair,,Compressor noise,Tess Tech"));
  // Before its transfer the freezer was kept by SFO: that record shows in Los Angeles time, and says SFO.
  const admin = (await exportReport(ctx(fx.admin), "equipment-history", "csv", { equipmentId: fx.equipment.B1 })).body.toString("utf8");
  assert.ok(admin.includes("\n2026-01-04 23:00,SFO,PM record,SFO-000014,Daily,Completed,Pass,,Tess Tech,Not signed\n"));
});

test("XLSX exports parse back with exceljs", async () => {
  const compliance = await exportReport(ctx(fx.auditor), "compliance", "xlsx", { from: "2026-01-01", to: "2026-02-28" });
  assert.equal(compliance.fileName, "labkeep-compliance-2026-01-01_2026-02-28.xlsx");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(compliance.body as never);
  const sheet = book.getWorksheet("PM compliance")!;
  assert.equal(sheet.rowCount, 6);
  assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1), ["BOS", "BOS lab", "Daily", "2026-01", 5, 3, 1, 0, 1, 0, 0, 60]);
  assert.deepEqual((sheet.getRow(6).values as unknown[]).slice(1), ["LON", "LON lab", "Daily", "2026-02", 2, 1, 0, 0, 1, 0, 0, 50]);

  const ageing = await exportReport(ctx(fx.auditor), "overdue-ageing", "xlsx", {});
  assert.equal(ageing.fileName, "labkeep-overdue-ageing-2026-02-15.xlsx");
  const ageingBook = new ExcelJS.Workbook();
  await ageingBook.xlsx.load(ageing.body as never);
  assert.deepEqual(ageingBook.worksheets.map((s) => s.name), ["Overdue ageing", "Oldest overdue"]);
  const oldest = ageingBook.getWorksheet("Oldest overdue")!.getRow(2).values as unknown[];
  // Lab wall-clock time: due 05:00 UTC on 12 January is midnight in Boston.
  assert.deepEqual(oldest.slice(1), ["BOS", "Daily", "BOS-000003", "BOS-FRZ-001", "Freezer -80", "Room 1", new Date("2026-01-12T00:00:00Z"), 35]);

  const history = await exportReport(ctx(fx.auditor), "equipment-history", "xlsx", { equipmentId: fx.equipment.B1 });
  const historyBook = new ExcelJS.Workbook();
  await historyBook.xlsx.load(history.body as never);
  assert.deepEqual(historyBook.worksheets.map((s) => s.name), ["Timeline", "Results", "Signatures", "Equipment"]);
  assert.equal(historyBook.getWorksheet("Timeline")!.rowCount, 1 + 3 + 10);
  assert.deepEqual((historyBook.getWorksheet("Results")!.getRow(2).values as unknown[]).slice(1, 9), ["BOS-000002", "Daily", new Date("2026-01-12T05:00:00Z"), 1, "Chamber temperature", "-61.5 °C", "-86–-74 °C", "No"]);
});

test("unknown report names and formats are refused", async () => {
  await assert.rejects(exportReport(ctx(fx.auditor), "salaries", "csv", {}), { code: "bad_request" });
  await assert.rejects(exportReport(ctx(fx.auditor), "compliance", "pdf", {}), { code: "bad_request" });
  await assert.rejects(exportReport(ctx(fx.technician), "overdue-ageing", "csv", {}), { code: "forbidden" });
});
