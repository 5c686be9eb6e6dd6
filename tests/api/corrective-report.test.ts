import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** Whole lab-calendar days from `from` to `to` in `zone`. */
const calendarDays = (from: Date, to: Date, zone: string) =>
  Math.round(DateTime.fromJSDate(to, { zone }).startOf("day").diff(DateTime.fromJSDate(from, { zone }).startOf("day"), "days").days);
const band = (age: number) => (age <= 7 ? "days0To7" : age <= 30 ? "days8To30" : age <= 90 ? "days31To90" : "over90Days");

describe("report: open corrective actions with ageing", () => {
  let server: TestServer;
  let world: ApiWorld;
  const tokens: Record<string, string> = {};
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    for (const upn of ["marie.manager", "tom.tech"]) tokens[upn] = await devToken(server, upn);
  });
  after(() => server?.close());

  /** An out-of-tolerance calibration of the lab's n-th active instrument, quarantined: one open CA. */
  async function openCa(lab: "BOS" | "SFO", n: number): Promise<number> {
    const token = tokens["marie.manager"]!;
    const equipment = await server.database.prisma.equipment.findMany({ where: { labId: world.labs[lab], status: "ACTIVE" }, orderBy: { assetTag: "asc" }, skip: n, take: 1 });
    const id = equipment[0]!.id;
    const plan = await server.call("PUT", `/api/equipment/${id}/calibration`, { token, body: { intervalCount: 6, intervalUnit: "MONTH", noticeDays: 14, provider: "INTERNAL" } });
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    const today = DateTime.now().setZone(lab === "BOS" ? "America/New_York" : "America/Los_Angeles").toISODate()!;
    const recorded = await server.call("POST", `/api/equipment/${id}/calibrations`, { token, body: { calibratedOn: today, points: [{ name: "Temp", unit: "°C", nominal: 37, tolerance: 0.5, asFound: 38.1, asLeft: 38.0 }] } });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    assert.equal(recorded.body.failure.offerQuarantine, true, "the demo labs OFFER quarantine");
    const quarantined = await server.call("POST", `/api/calibrations/${recorded.body.calibration.id}/quarantine`, { token, body: {} });
    assert.equal(quarantined.status, 201, JSON.stringify(quarantined.body));
    return quarantined.body.id as number;
  }

  it("per lab: open, age bands, not yet due and overdue, out of service, computed as the records say; CSV through the export", async () => {
    const ids = [await openCa("BOS", 0), await openCa("BOS", 1), await openCa("BOS", 2), await openCa("SFO", 0)];
    // Ages and due days spread over the bands: opened 40, 10 and 0 days ago in BOS, 100 in SFO; the oldest BOS one past due.
    const day = 86_400_000;
    const now = Date.now();
    const arrange: [number, number, number][] = [[ids[0]!, 40, -3], [ids[1]!, 10, 5], [ids[2]!, 0, 7], [ids[3]!, 100, 2]];
    for (const [id, ageDays, dueIn] of arrange) {
      await server.database.prisma.correctiveAction.update({
        where: { id },
        data: { openedAt: new Date(now - ageDays * day), failedAt: new Date(now - ageDays * day), dueOn: new Date(`${DateTime.fromMillis(now + dueIn * day, { zone: "UTC" }).toISODate()}T00:00:00Z`) },
      });
    }

    const json = await server.call("GET", "/api/reports/open-corrective-actions", { token: tokens["marie.manager"] });
    assert.equal(json.status, 200, JSON.stringify(json.body));

    // Expected figures from the rows themselves, each in its lab's calendar.
    const cas = await server.database.prisma.correctiveAction.findMany({ where: { status: "OPEN" }, include: { lab: true, equipment: true }, orderBy: { openedAt: "asc" } });
    assert.equal(cas.length, 4);
    const expected = new Map<string, Record<string, number>>();
    for (const ca of cas) {
      const row = expected.get(ca.lab.code) ?? { open: 0, days0To7: 0, days8To30: 0, days31To90: 0, over90Days: 0, notYetDue: 0, overdue: 0, quarantined: 0, oldestAgeDays: 0 };
      const age = calendarDays(ca.openedAt, new Date(), ca.lab.timeZone);
      const today = DateTime.now().setZone(ca.lab.timeZone).toISODate()!;
      row.open!++;
      row[band(age)]!++;
      if (today > ca.dueOn.toISOString().slice(0, 10)) row.overdue!++;
      else row.notYetDue!++;
      if (ca.equipment.status === "OUT_OF_SERVICE") row.quarantined!++;
      row.oldestAgeDays = Math.max(row.oldestAgeDays!, age);
      expected.set(ca.lab.code, row);
    }
    const keys = ["open", "days0To7", "days8To30", "days31To90", "over90Days", "notYetDue", "overdue", "quarantined", "oldestAgeDays"];
    const actual = json.body.rows.map((r: Record<string, number>) => [r.labCode, ...keys.map((k) => r[k])]);
    assert.deepEqual(actual, [...expected.entries()].sort().map(([code, r]) => [code, ...keys.map((k) => r[k])]));
    // The arrangement lands where it was meant to: every band used once, one BOS action overdue, all four out of service.
    assert.deepEqual(json.body.totals, { open: 4, notYetDue: 3, overdue: 1, quarantined: 4, oldestAgeDays: expected.get("SFO")!.oldestAgeDays, days0To7: 1, days8To30: 1, days31To90: 1, over90Days: 1 });
    const bos = json.body.rows.find((r: { labCode: string }) => r.labCode === "BOS");
    assert.deepEqual(bos.items.map((i: { id: number; band: string; overdue: boolean; trigger: string }) => [i.id, i.band, i.overdue, i.trigger.startsWith("Calibration of ")]), [
      [ids[0], "days31To90", true, true], [ids[1], "days8To30", false, true], [ids[2], "days0To7", false, true],
    ]);

    const filtered = await server.call("GET", `/api/reports/open-corrective-actions?labId=${world.labs.SFO}`, { token: tokens["marie.manager"] });
    assert.deepEqual(filtered.body.rows.map((r: { labCode: string; open: number }) => [r.labCode, r.open]), [["SFO", 1]]);

    const csv = await server.call("GET", "/api/reports/open-corrective-actions.csv", { token: tokens["marie.manager"] });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const [header, ...rows] = parse(String(csv.body).replace(/^\ufeff/, "")) as string[][];
    assert.deepEqual(header, ["Lab", "Lab name", "Open", "Open 0–7 days", "Open 8–30 days", "Open 31–90 days", "Open > 90 days", "Not yet due", "Overdue", "Out of service", "Oldest (days)"]);
    assert.deepEqual(rows.map((r) => [r[0], ...r.slice(2).map(Number)]), json.body.rows.map((r: Record<string, number>) => [r.labCode, r.open, r.days0To7, r.days8To30, r.days31To90, r.over90Days, r.notYetDue, r.overdue, r.quarantined, r.oldestAgeDays]));

    const tech = await server.call("GET", "/api/reports/open-corrective-actions", { token: tokens["tom.tech"] });
    assert.equal(tech.status, 403);
  });
});
