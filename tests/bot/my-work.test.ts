import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { devToken } from "../support/server.ts";
import { cardOf, personal, startHarness, textsOf, type Harness } from "./harness.ts";

// Issue 14 §3: assignments through the real API, "My work" through GET /api/me/work and the bot's
// `my` command through /api/messages. Expected lists are computed here from the rows.

let h: Harness;
const tom = personal("tom.tech");
let tokens: Record<string, string>;

before(async () => {
  h = await startHarness();
  tokens = {};
  for (const who of ["marie.manager", "tom.tech", "tara.tech"]) tokens[who] = await devToken(h.server, who);
  await h.install(tom, "tom.tech");
});
after(async () => {
  await h?.close();
});

const userId = async (handle: string) => (await h.server.database.prisma.user.findUniqueOrThrow({ where: { upn: `${handle}@labkeep.dev` } })).id;

/** Open, begun records assigned to the user or (unassigned) of equipment they are responsible for, earliest due first. */
async function expectedNumbers(id: number, now: Date): Promise<string[]> {
  const rows = await h.server.database.prisma.pmRecord.findMany({
    where: { status: "OPEN", periodStart: { lte: now }, OR: [{ assigneeId: id }, { assigneeId: null, equipment: { responsibleId: id } }] },
    include: { lab: { select: { code: true } } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => `${r.lab.code}-${String(r.number).padStart(6, "0")}`);
}

test("a manager assigns through the API; My work and the bot's `my` list exactly Tom's records in due order", async () => {
  const prisma = h.server.database.prisma;
  const now = h.clock.now();
  const tomId = await userId("tom.tech");
  const open = await prisma.pmRecord.findMany({ where: { labId: h.labs.BOS, status: "OPEN", periodStart: { lte: now } }, orderBy: { dueAt: "desc" }, take: 3 });
  assert.ok(open.length === 3, "the demo data has open BOS records");
  const [assignedOne, , ofInstrument] = open;

  const assign = await h.server.call("PUT", `/api/records/${assignedOne!.id}/assignee`, { token: tokens["marie.manager"], body: { assigneeId: tomId } });
  assert.equal(assign.status, 200);
  assert.deepEqual(assign.body.assignee, { id: tomId, displayName: "Tom Edison" });
  const responsibility = await h.server.call("PUT", `/api/equipment/${ofInstrument!.equipmentId}/responsibility`, { token: tokens["marie.manager"], body: { responsibleId: tomId, deputyId: null } });
  assert.equal(responsibility.status, 200);

  // Bad input and a technician's attempt are refused with the field named / 403, never a 500.
  const bad = await h.server.call("PUT", `/api/records/${assignedOne!.id}/assignee`, { token: tokens["marie.manager"], body: { assigneeId: await userId("tara.tech") } });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field), ["assigneeId"]);
  const nul = await h.server.call("PUT", `/api/equipment/${ofInstrument!.equipmentId}/responsibility`, { token: tokens["marie.manager"], body: { responsibleId: "1\u0000", deputyId: null } });
  assert.equal(nul.status, 422);
  const tech = await h.server.call("PUT", `/api/records/${assignedOne!.id}/assignee`, { token: tokens["tom.tech"], body: { assigneeId: tomId } });
  assert.equal(tech.status, 403);

  const expected = await expectedNumbers(tomId, now);
  assert.ok(expected.length >= 2 && expected.length <= 15, `Tom has a few records (${expected.length})`);
  const work = await h.server.call("GET", "/api/me/work", { token: tokens["tom.tech"] });
  assert.equal(work.status, 200);
  assert.deepEqual(work.body.items.map((i: { record: { number: string } }) => i.record.number), expected);
  assert.equal(work.body.total, expected.length);
  assert.equal(work.body.items.find((i: { record: { id: number } }) => i.record.id === assignedOne!.id).reason, "assigned");

  // Tara (SFO) has nothing of Tom's.
  const tara = await h.server.call("GET", "/api/me/work", { token: tokens["tara.tech"] });
  assert.deepEqual(tara.body.items, []);

  await h.message(tom, "tom.tech", "my");
  const sent = h.connector.sent(tom.id);
  const texts = textsOf(cardOf(sent[sent.length - 1]?.body));
  assert.equal(texts[0], "My work");
  const shown = texts.map((t) => /^\*\*([A-Z]+-\d{6})\*\*/.exec(t)?.[1]).filter(Boolean);
  assert.deepEqual(shown, expected);
  const overdue = expected.length - (await prisma.pmRecord.count({ where: { status: "OPEN", dueAt: { gte: now }, OR: [{ assigneeId: tomId }, { assigneeId: null, equipment: { responsibleId: tomId } }], periodStart: { lte: now } } }));
  assert.equal(texts[1], `${expected.length} to do · ${overdue} overdue`);
});
