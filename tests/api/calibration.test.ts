import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inflateSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import jsQR from "jsqr";
import { DateTime } from "luxon";
import { PDFDocument, PDFName, PDFRawStream, type PDFDict } from "pdf-lib";
import { deepLink } from "../../bot/cards/links.ts";
import { PAPER } from "../../domain/calibration/labels.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** Every QR code in a label PDF, decoded from the very images the PDF holds (pdf-lib stores a PNG as Flate RGB samples). */
async function qrCodesIn(pdf: Uint8Array): Promise<{ pages: { width: number; height: number }[]; links: string[] }> {
  const doc = await PDFDocument.load(pdf);
  const links: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const dict: PDFDict = object.dict;
    if (dict.get(PDFName.of("Subtype")) !== PDFName.of("Image") || dict.get(PDFName.of("ColorSpace")) !== PDFName.of("DeviceRGB")) continue;
    const width = Number(dict.get(PDFName.of("Width"))!.toString());
    const height = Number(dict.get(PDFName.of("Height"))!.toString());
    const rgb = inflateSync(object.contents);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
    }
    const code = jsQR(rgba, width, height);
    assert.ok(code, "an image in the label sheet is not a readable QR code");
    links.push(code.data);
  }
  return { pages: doc.getPages().map((p) => p.getSize()), links };
}

describe("calibration register API and labels", () => {
  let server: TestServer;
  let world: ApiWorld;
  const tokens: Record<string, string> = {};
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true", TEAMS_APP_ID: "6f1c2d3e-0000-4000-8000-000000000abc", BOT_TAB_ENTITY_ID: "records" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    for (const upn of ["marie.manager", "tom.tech", "tara.tech", "rosalind.audit"]) tokens[upn] = await devToken(server, upn);
  });
  after(() => server?.close());

  const bosEquipment = async (take: number) =>
    server.database.prisma.equipment.findMany({ where: { labId: world.labs.BOS, status: "ACTIVE" }, orderBy: { assetTag: "asc" }, take, select: { id: true, assetTag: true } });

  it("plan, record over HTTP; the equipment list's badge follows; bad input 422 names the field; another lab's technician is refused", async () => {
    const [e] = await bosEquipment(1);
    const put = await server.call("PUT", `/api/equipment/${e!.id}/calibration`, { token: tokens["marie.manager"], body: { intervalCount: 6, intervalUnit: "MONTH", noticeDays: 14, provider: "INTERNAL", nextDueOn: "2020-01-31" } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const badge = async () => {
      const list = await server.call("GET", `/api/equipment?labId=${world.labs.BOS}&pageSize=200`, { token: tokens["marie.manager"] });
      return list.body.items.find((i: { id: number }) => i.id === e!.id).calibration;
    };
    assert.deepEqual(await badge(), { status: "OVERDUE", nextDueOn: "2020-01-31" });

    const bad = await server.call("POST", `/api/equipment/${e!.id}/calibrations`, { token: tokens["tom.tech"], body: { calibratedOn: "2020-08-31", points: [{ name: "Temp", unit: "°C", nominal: "37", tolerance: 0.5, asFound: 37 }] } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field), ["points.0.nominal"]);
    const refused = await server.call("POST", `/api/equipment/${e!.id}/calibrations`, { token: tokens["tara.tech"], body: { calibratedOn: "2020-08-31", points: [{ name: "Temp", unit: "°C", nominal: 37, tolerance: 0.5, asFound: 37 }] } });
    assert.equal(refused.status, 404);

    const recorded = await server.call("POST", `/api/equipment/${e!.id}/calibrations`, { token: tokens["tom.tech"], body: { calibratedOn: "2020-08-31", certificateNumber: "INT-0831", points: [{ name: "Temp", unit: "°C", nominal: 37, tolerance: 0.5, asFound: 37.2 }] } });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    assert.equal(recorded.body.calibration.nextDueOn, "2021-02-28");
    const register = await server.call("GET", `/api/equipment/${e!.id}/calibration`, { token: tokens["rosalind.audit"] });
    assert.deepEqual(register.body.history.map((h: { certificateNumber: string }) => h.certificateNumber), ["INT-0831"]);
    assert.equal(register.body.status, "OVERDUE");
    assert.deepEqual(await badge(), { status: "OVERDUE", nextDueOn: "2021-02-28" });
  });

  it("reports: calibration status by lab and overdue calibrations, in JSON and CSV, from the register's data", async () => {
    const plans = await server.database.prisma.calibrationPlan.findMany({ where: { active: true, equipment: { labId: world.labs.BOS } }, include: { equipment: { include: { model: true } } } });
    assert.equal(plans.length, 1, "the first test's instrument is the lab's only register entry");
    const [plan] = plans;
    const today = DateTime.now().setZone("America/New_York").startOf("day");
    const daysOverdue = Math.round(today.diff(DateTime.fromISO("2021-02-28", { zone: "America/New_York" }), "days").days);
    const json = await server.call("GET", `/api/reports/calibration?labId=${world.labs.BOS}`, { token: tokens["marie.manager"] });
    assert.equal(json.status, 200);
    assert.deepEqual(json.body.byLab.map((r: Record<string, unknown>) => [r.labCode, r.total, r.inCalibration, r.dueSoon, r.overdue, r.outOfTolerance]), [["BOS", 1, 0, 0, 1, 0]]);
    const csv = await server.call("GET", `/api/reports/overdue-calibrations.csv?labId=${world.labs.BOS}`, { token: tokens["marie.manager"] });
    assert.equal(csv.status, 200);
    const [header, ...rows] = parse(csv.body.replace(/^\ufeff/, "")) as string[][];
    assert.deepEqual(header!.slice(0, 3), ["Asset tag", "Lab", "Manufacturer"]);
    const e = plan!.equipment;
    assert.deepEqual(rows, [[e.assetTag, "BOS", e.model.manufacturer, e.model.name, e.serialNumber ?? "", e.location ?? "", "Overdue", "2021-02-28", String(daysOverdue), "2020-08-31", "INT-0831", "Internal"]]);
    const status = await server.call("GET", `/api/reports/calibration-status.csv`, { token: tokens["marie.manager"] });
    assert.deepEqual((parse(status.body.replace(/^\ufeff/, "")) as string[][]).slice(1).map((r) => [r[0], r[2], r[5]]), [["BOS", "1", "1"], ["SFO", "0", "0"]]);
    const tech = await server.call("GET", `/api/reports/calibration`, { token: tokens["tom.tech"] });
    assert.equal(tech.status, 403);
  });

  it("label sheet: 10 per page on A4 and Letter, each QR decodes to the tab deep link of its instrument", async () => {
    const chosen = await bosEquipment(12);
    assert.equal(chosen.length, 12);
    const expected = chosen.map((e) => deepLink("6f1c2d3e-0000-4000-8000-000000000abc", "records", `equipment:${e.id}`)).sort();
    for (const paper of ["A4", "LETTER"] as const) {
      const response = await fetch(`${server.url}/api/calibrations/labels.pdf?paper=${paper}&ids=${chosen.map((e) => e.id).join(",")}`, { headers: { authorization: `Bearer ${tokens["tom.tech"]}` } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/pdf");
      const { pages, links } = await qrCodesIn(new Uint8Array(await response.arrayBuffer()));
      assert.deepEqual(pages, [0, 1].map(() => ({ width: PAPER[paper][0], height: PAPER[paper][1] })));
      assert.deepEqual(links.sort(), expected);
      assert.match(decodeURIComponent(links[0]!.split("context=")[1]!), /^\{"subEntityId":"equipment:\d+"\}$/);
    }
    const other = await server.database.prisma.equipment.findFirstOrThrow({ where: { labId: world.labs.LON } });
    const hidden = await server.call("GET", `/api/calibrations/labels.pdf?ids=${chosen[0]!.id},${other.id}`, { token: tokens["tom.tech"] });
    assert.equal(hidden.status, 404);
    const malformed = await server.call("GET", `/api/calibrations/labels.pdf?ids=1,,x&paper=A3`, { token: tokens["tom.tech"] });
    assert.equal(malformed.status, 422);
    assert.deepEqual(malformed.body.error.details.fields.map((f: { field: string }) => f.field).sort(), ["ids", "paper"]);
  });
});
