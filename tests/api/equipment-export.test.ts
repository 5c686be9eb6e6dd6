import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

const NOTE = '=HYPERLINK("http://evil.example/","Click")';

/** The Equipment page's export buttons: the list with its filters, as CSV and XLSX. */
describe("equipment list export", () => {
  let server: TestServer;
  let world: ApiWorld;
  const tokens: Record<string, string> = {};
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    for (const upn of ["ada.admin", "marie.manager", "tom.tech"]) {
      tokens[upn] = await devToken(server, upn);
    }
  });
  after(() => server?.close());

  const csv = (text: string): string[][] => parse(text.replace(/^\ufeff/, ""));

  it("CSV: the rows of listEquipment for the same filters, a formula-like note neutralised", async () => {
    const noted = await server.database.prisma.equipment.findFirstOrThrow({ where: { labId: world.labs.BOS, status: "ACTIVE" }, orderBy: { assetTag: "asc" } });
    const patched = await server.call("PATCH", `/api/equipment/${noted.id}`, { token: tokens["ada.admin"], body: { notes: NOTE } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));

    const answer = await server.call("GET", `/api/equipment/export.csv?labId=${world.labs.BOS}&status=ACTIVE`, { token: tokens["marie.manager"] });
    assert.equal(answer.status, 200, answer.body);
    const [header, ...rows] = csv(answer.body);
    assert.deepEqual(header!.slice(0, 2), ["Asset tag", "Serial"]);
    const expected = await server.database.prisma.equipment.findMany({ where: { labId: world.labs.BOS, status: "ACTIVE" }, orderBy: { assetTag: "asc" }, include: { model: true, lab: true } });
    assert.ok(expected.length > 1);
    assert.deepEqual(
      rows,
      expected.map((e) => [e.assetTag, e.serialNumber ?? "", e.model.manufacturer, e.model.name, e.lab.code, e.location ?? "", e.status, e.commissionedOn?.toISOString().slice(0, 10) ?? "", e.id === noted.id ? `'${NOTE}` : (e.notes ?? "")]),
    );
    const listed = await server.call("GET", `/api/equipment?labId=${world.labs.BOS}&status=ACTIVE&pageSize=200`, { token: tokens["marie.manager"] });
    assert.deepEqual(rows.map((r) => r[0]), listed.body.items.map((e: { assetTag: string }) => e.assetTag));
  });

  it("XLSX: the same list, filtered by search, and nothing for a Technician", async () => {
    const search = "FRZ";
    const response = await fetch(`${server.url}/api/equipment/export.xlsx?search=${search}&includeObsolete=true`, { headers: { authorization: `Bearer ${tokens["ada.admin"]}` } });
    assert.equal(response.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const tags: string[] = [];
    workbook.getWorksheet("Equipment")!.eachRow((row, n) => void (n > 1 && tags.push(String(row.getCell(1).value))));
    const contains = { contains: search, mode: "insensitive" as const };
    const expected = await server.database.prisma.equipment.findMany({
      where: { OR: [{ assetTag: contains }, { serialNumber: contains }, { location: contains }, { model: { name: contains } }, { model: { manufacturer: contains } }] },
      orderBy: { assetTag: "asc" },
    });
    assert.ok(expected.length > 0);
    assert.deepEqual(tags, expected.map((e) => e.assetTag));
    for (const format of ["csv", "xlsx"]) {
      assert.equal((await server.call("GET", `/api/equipment/export.${format}`, { token: tokens["tom.tech"] })).status, 403);
    }
  });
});
