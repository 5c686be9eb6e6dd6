import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { calibrationStatus, CALIBRATION_STATUS_TEXT } from "../../domain/calibration/status.ts";
import { calendarDay } from "../../domain/time/format.ts";
import { devToken } from "../support/server.ts";
import { personal, startHarness, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

/**
 * R-CAL in the bot: the instrument card (message extension) and the checklist card header carry
 * the calibration badge, status + next due as the lab's calendar day, through the real
 * /api/messages. The expected words are computed from the plan row the API wrote.
 */
let h: Harness;
const tokens: Record<string, string> = {};
const db = () => h.server.database.prisma;
const TAG = "BOS-INC-001";

before(async () => {
  h = await startHarness();
  for (const who of ["marie.manager", "tom.tech"]) tokens[who] = await devToken(h.server, who);
});
after(async () => {
  await h?.close();
});

/** The badge as the plan row says it should read, through the one status predicate. */
async function expectedBadge(equipmentId: number): Promise<string> {
  const plan = await db().calibrationPlan.findUniqueOrThrow({ where: { equipmentId }, include: { equipment: { include: { lab: true } } } });
  const nextDueOn = plan.nextDueOn.toISOString().slice(0, 10);
  const status = calibrationStatus({ ...plan, nextDueOn }, h.clock.now(), plan.equipment.lab.timeZone)!;
  return `${CALIBRATION_STATUS_TEXT[status]} · next due ${calendarDay(nextDueOn)} (${plan.equipment.lab.code} time)`;
}

const point = (asLeft: number) => ({ name: "CO₂ 5 %", unit: "%", nominal: 5, tolerance: 0.3, asFound: asLeft, asLeft });

async function instrumentFacts(handle: string): Promise<Record<string, string>> {
  const res = await h.post(personal(handle), handle, { type: "invoke", name: "composeExtension/query", value: { commandId: "lookup", parameters: [{ name: "query", value: TAG }], queryOptions: { skip: 0, count: 5 } } });
  assert.equal(res.status, 200);
  const card = res.body.composeExtension.attachments[0].content;
  assert.equal(card.body[0].text.split(" · ")[0], TAG);
  return Object.fromEntries(card.body.find((e: Wire) => e.type === "FactSet").facts.map((f: Wire) => [f.title, f.value]));
}

test("instrument and checklist cards show the calibration badge; recording a calibration changes it", async () => {
  const equipment = await db().equipment.findFirstOrThrow({ where: { assetTag: TAG } });
  await db().calibrationPlan.deleteMany({ where: { equipmentId: equipment.id } });
  assert.equal((await instrumentFacts("marie.manager")).Calibration, undefined, "not in the register: no badge");

  // A six-month plan calibrated on 10 May: due 10 Nov, overdue at the harness clock (20 Nov 2026).
  const plan = { intervalCount: 6, intervalUnit: "MONTH", noticeDays: 30, provider: "INTERNAL", nextDueOn: "2026-12-01" };
  assert.equal((await h.server.call("PUT", `/api/equipment/${equipment.id}/calibration`, { token: tokens["marie.manager"], body: plan })).status, 200);
  const first = await h.server.call("POST", `/api/equipment/${equipment.id}/calibrations`, { token: tokens["tom.tech"], body: { calibratedOn: "2026-05-10", points: [point(5.1)] } });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const overdue = await expectedBadge(equipment.id);
  assert.equal(overdue, "Overdue · next due Nov 10, 2026 (BOS time)");
  assert.equal((await instrumentFacts("marie.manager")).Calibration, overdue);

  const record = await db().pmRecord.findFirstOrThrow({ where: { equipmentId: equipment.id, status: "OPEN" }, orderBy: { dueAt: "asc" } });
  const checklist = async () => textsOf((await h.invoke(personal("tom.tech"), "tom.tech", "record.refresh", { recordId: record.id })).body.value);
  assert.ok((await checklist()).includes(`Calibration: ${overdue}`), (await checklist()).join("\n"));

  // The second thing people do: calibrate again today; both cards follow.
  const second = await h.server.call("POST", `/api/equipment/${equipment.id}/calibrations`, { token: tokens["tom.tech"], body: { calibratedOn: "2026-11-20", points: [point(5.0)] } });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  const fresh = await expectedBadge(equipment.id);
  assert.equal(fresh, "In calibration · next due May 20, 2027 (BOS time)");
  assert.equal((await instrumentFacts("marie.manager")).Calibration, fresh);
  assert.ok((await checklist()).includes(`Calibration: ${fresh}`));

  // Out of tolerance as left: the badge says so whatever the date.
  const failed = await h.server.call("POST", `/api/equipment/${equipment.id}/calibrations`, { token: tokens["tom.tech"], body: { calibratedOn: "2026-11-20", points: [point(6.2)] } });
  assert.equal(failed.status, 201, JSON.stringify(failed.body));
  assert.equal((await instrumentFacts("marie.manager")).Calibration, await expectedBadge(equipment.id));
  assert.ok((await expectedBadge(equipment.id)).startsWith("Out of tolerance · "));
});
