import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DateTime } from "luxon";
import { serviceContext } from "../../domain/context.ts";
import { changeEquipmentStatus } from "../../domain/equipment/equipment.service.ts";
import { DEMO_TENANT_ID } from "../../domain/seed/identities.ts";
import { cardOf, channel, startHarness, textsOf, type Harness } from "./harness.ts";
import { demoUser } from "./fixture.ts";
import type { Wire } from "./wire.ts";

// Issue 10: equipment taken out of service leaves no open records behind; the digest and the
// "due today" list leave its closed records out, and a closed record's card offers no checklist.

let h: Harness;
const bos = channel("bos-not-required");
let closedIds: number[] = [];

before(async () => {
  h = await startHarness();
  await h.install(bos, "marie.manager");
  await h.message(bos, "marie.manager", "link BOS");
});
after(async () => {
  await h?.close();
});

const db = () => h.server.database.prisma;

function lastCard(conversationId: string): Wire {
  const sent = h.connector.sent(conversationId);
  return cardOf(sent[sent.length - 1]?.body);
}

/** The record ids of every row's Open button. */
function rowIds(card: Wire): number[] {
  const ids: number[] = [];
  JSON.stringify(card, (_key, value) => {
    if (value?.type === "Action.Submit" && value.data?.verb === "record.open") ids.push(value.data.recordId);
    return value;
  });
  return ids;
}

/** Overdue and due-tonight counts of BOS's open records, from the rows. */
async function expected(now: Date): Promise<{ overdue: number; dueToday: number }> {
  const records = await db().pmRecord.findMany({ where: { status: "OPEN", labId: h.labs.BOS }, select: { dueAt: true } });
  const tonight = DateTime.fromJSDate(now, { zone: "America/New_York" }).plus({ days: 1 }).startOf("day").toMillis();
  return {
    overdue: records.filter((r) => r.dueAt.getTime() < now.getTime()).length,
    dueToday: records.filter((r) => r.dueAt.getTime() >= now.getTime() && r.dueAt.getTime() <= tonight).length,
  };
}

test("equipment out of service: its records due tonight leave the due-today list and the digest", async () => {
  const now = h.clock.now();
  const tonight = DateTime.fromJSDate(now, { zone: "America/New_York" }).plus({ days: 1 }).startOf("day").toJSDate();
  const dueTonight = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.BOS, status: "OPEN", dueAt: { gte: now, lte: tonight } }, orderBy: { id: "asc" } });
  await h.message(bos, "marie.manager", "due today");
  assert.ok(rowIds(lastCard(bos.id)).includes(dueTonight.id), "listed before the change");

  const marie = demoUser("marie.manager");
  const principal = await h.server.services.identity.principalForAadObjectId(marie.aadObjectId, DEMO_TENANT_ID, { upn: marie.upn, name: marie.displayName });
  await changeEquipmentStatus(serviceContext(db(), principal, "TAB", h.clock), dueTonight.equipmentId, { status: "OUT_OF_SERVICE", reason: "Compressor failed" });
  const closed = await db().pmRecord.findMany({ where: { equipmentId: dueTonight.equipmentId, status: "NOT_REQUIRED" } });
  closedIds = closed.map((r) => r.id);
  assert.ok(closedIds.includes(dueTonight.id));

  await h.message(bos, "marie.manager", "due today");
  const due = lastCard(bos.id);
  const want = await expected(now);
  const line = textsOf(due).map((t) => /^(\d+) overdue · (\d+) due today$/.exec(t)).find(Boolean);
  assert.ok(line, textsOf(due).join(" | "));
  assert.deepEqual({ overdue: Number(line[1]), dueToday: Number(line[2]) }, want);
  assert.deepEqual(rowIds(due).filter((id) => closedIds.includes(id)), []);

  const run = await h.bot.runDigest();
  assert.equal(run.sent, 1);
  const digest = lastCard(bos.id);
  assert.ok(rowIds(digest).length > 0, "the digest lists the other records");
  assert.deepEqual(rowIds(digest).filter((id) => closedIds.includes(id)), []);
});

test("a closed record's card says who closed it and why, and offers no checklist", async () => {
  const recordId = closedIds[0]!;
  const opened = await h.invoke(bos, "tom.tech", "record.refresh", { recordId });
  const card = opened.body.value as Wire;
  const text = textsOf(card).join("\n");
  assert.match(text, /is not required/);
  assert.match(text, /Closed as not required by Marie Curie at .*: Out of Service: Compressor failed/);
  assert.doesNotMatch(JSON.stringify(card), /record\.submit/);
  const submitted = await h.invoke(bos, "tom.tech", "record.submit", { recordId });
  assert.doesNotMatch(JSON.stringify(submitted.body.value), /record\.submit/);
  assert.equal((await db().pmRecord.findUniqueOrThrow({ where: { id: recordId } })).status, "NOT_REQUIRED");
});
