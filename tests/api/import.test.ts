import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { HEADERS, xlsx } from "../support/fixtures/workbook.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld } from "./world.ts";

/** R-IMPORT over HTTP: the template, the raw-body upload (its own size limit), the dry run, the import, the export. */
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let server: TestServer;
let model: { manufacturer: string; name: string };
const tokens: Record<string, string> = {};

before(async () => {
  server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (await buildApiWorld(db.prisma)) });
  model = await server.database.prisma.equipmentModel.findFirstOrThrow({ where: { active: true }, orderBy: { id: "asc" } });
  for (const upn of ["marie.manager", "tom.tech"]) tokens[upn] = await devToken(server, upn);
});
after(() => server?.close());

async function upload(path: string, body: Buffer | string, type: string, who = "marie.manager") {
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${tokens[who]}`, "content-type": type }, body });
  // The answer is asserted value by value, as TestServer.call's is.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

const equipmentFile = (...tags: string[]) => xlsx({ Equipment: [HEADERS.Equipment, ...tags.map((tag) => [tag, "SN", model.manufacturer, model.name, "BOS", "Lab 2", "ACTIVE", "2025-01-15", null])] });

test("GET /api/import/template.xlsx: a workbook for those who may import, 403 for a technician", async () => {
  const response = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { authorization: `Bearer ${tokens["marie.manager"]}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  assert.deepEqual(workbook.worksheets.map((s) => s.name), ["Models", "Tasks", "Equipment", "Maintenance history", "Notes"]);
  assert.equal((await server.call("GET", "/api/import/template.xlsx", { token: tokens["tom.tech"] })).status, 403);
});

test("POST /api/import?dryRun=true checks and writes nothing; without it the file is imported and audited from the tab", async () => {
  const file = await equipmentFile("HTTP-1", "HTTP-2");
  const dry = await upload("/api/import?dryRun=true", file, XLSX);
  assert.equal(dry.status, 200);
  assert.deepEqual([dry.body.dryRun, dry.body.rows.equipment, dry.body.problems], [true, 2, []]);
  assert.equal(await server.database.prisma.equipment.count({ where: { assetTag: { startsWith: "HTTP-" } } }), 0);
  const tooLong = await upload(`/api/import?fileName=${"x".repeat(256)}.xlsx`, file, XLSX);
  assert.deepEqual([tooLong.status, tooLong.body.error.details.fields], [422, [{ field: "fileName", message: "fileName must be at most 255 characters." }]]);
  assert.equal(await server.database.prisma.equipment.count({ where: { assetTag: { startsWith: "HTTP-" } } }), 0);
  const done = await upload(`/api/import?fileName=${encodeURIComponent("Asset log 2026.xlsx")}`, file, XLSX);
  assert.equal(done.status, 200);
  assert.equal(done.body.counts.equipmentCreated, 2);
  const event = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "data.imported" } });
  const recorded = event.after as { sha256: string; fileName: string };
  assert.deepEqual([event.source, recorded.sha256, recorded.fileName], ["TAB", done.body.sha256, "Asset log 2026.xlsx"]);

  const exported = await fetch(`${server.url}/api/export/workbook.xlsx`, { headers: { authorization: `Bearer ${tokens["marie.manager"]}` } });
  assert.equal(exported.status, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await exported.arrayBuffer());
  const tags: unknown[] = [];
  workbook.getWorksheet("Equipment")!.eachRow((row) => tags.push(row.getCell(1).value));
  assert.ok(tags.includes("HTTP-1") && tags.includes("HTTP-2"));
});

test("a file with problems answers 422 with each problem by sheet, row and column, and writes nothing", async () => {
  const response = await upload("/api/import", await equipmentFile("BAD-1", "bad-1"), XLSX);
  assert.deepEqual([response.status, response.body.error.code, response.body.error.message], [422, "validation_failed", "The file has 1 problem(s): nothing was imported."]);
  assert.deepEqual(response.body.error.details.problems.map((p: { sheet: string; row: number; column: string }) => `${p.sheet}:${p.row}:${p.column}`), ["Equipment:3:Asset tag"]);
  assert.equal(await server.database.prisma.equipment.count({ where: { assetTag: { in: ["BAD-1", "bad-1"] } } }), 0);
});

test("the upload has its own limit: a 300 KB CSV passes (the JSON limit is 256 KB), 11 MB is 413, JSON is 400, a technician 403", async () => {
  const notes = "n".repeat(300);
  const csv = [HEADERS.Equipment.join(","), ...Array.from({ length: 1000 }, (_, i) => `CSV-${i},SN,"${model.manufacturer}","${model.name}",BOS,,,,${notes}`)].join("\n");
  assert.ok(csv.length > 300_000);
  const dry = await upload("/api/import?dryRun=true", csv, "text/csv");
  assert.equal(dry.status, 200, JSON.stringify(dry.body).slice(0, 300));
  assert.equal(dry.body.rows.equipment, 1000);
  const big = await upload("/api/import?dryRun=true", Buffer.alloc(11 * 1024 * 1024, 0x41), "text/csv");
  assert.deepEqual([big.status, big.body.error.code], [413, "payload_too_large"]);
  assert.match(big.body.error.message, /10 MB/);
  const json = await upload("/api/import?dryRun=true", JSON.stringify({ rows: [] }), "application/json");
  assert.deepEqual([json.status, json.body.error.code], [400, "bad_request"]);
  assert.match(json.body.error.message, /Content-Type/);
  const unclear = await upload("/api/import?dryRun=yes", csv, "text/csv");
  assert.deepEqual([unclear.status, unclear.body.error.details.fields], [422, [{ field: "dryRun", message: "dryRun must be true or false." }]]);
  assert.equal(await server.database.prisma.equipment.count({ where: { assetTag: { startsWith: "CSV-" } } }), 0);
  const tech = await upload("/api/import?dryRun=true", csv, "text/csv", "tom.tech");
  assert.equal(tech.status, 403);
});
