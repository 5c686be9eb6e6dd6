import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { devToken } from "../support/server.ts";
import { cardOf, channel, startHarness, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";
import { addDays, startOfLocalDate } from "../../domain/periods/periods.ts";
import { dueByEndOf, labTime } from "../../domain/time/format.ts";

/**
 * R-QUAR through the real server and /api/messages: a failed reading offers quarantine; accepting
 * it (tab API or the card's Action.Execute) takes the instrument out of service, opens a numbered
 * corrective action and posts to the lab's channel through the connector stand-in.
 */
let h: Harness;
const bosChannel = channel("bos-quarantine");
const tokens: Record<string, string> = {};

before(async () => {
  h = await startHarness();
  await h.install(bosChannel, "ada.admin");
  await h.message(bosChannel, "ada.admin", "link BOS");
  for (const who of ["tom.tech", "marie.manager"]) tokens[who] = await devToken(h.server, who);
});
after(async () => {
  h?.bot.stop();
  await h?.close();
});

const db = () => h.server.database.prisma;

/** The open daily record of an instrument and answers that fail: the named reading at `value`, the rest passing. */
async function failingAnswers(assetTag: string, failTitle: string, value: number) {
  const record = await db().pmRecord.findFirstOrThrow({ where: { equipment: { assetTag }, frequency: "DAILY", status: "OPEN" }, orderBy: { periodStart: "desc" } });
  const detail = await h.server.call("GET", `/api/records/${record.id}`, { token: tokens["tom.tech"] });
  const results = detail.body.checklist.map((t: Wire) =>
    t.kind === "READING" ? { taskId: t.taskId, reading: t.title === failTitle ? value : (t.min + t.max) / 2 } : t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : { taskId: t.taskId, text: "ok" },
  );
  return { record, results };
}

test("a failed CO₂ reading offers quarantine; accepting posts 'BOS-INC-001 failed … CA-n assigned to Marie' to the lab's channel", async () => {
  const { record, results } = await failingAnswers("BOS-INC-001", "CO₂ concentration", 6.2);
  const done = await h.server.call("POST", `/api/records/${record.id}/complete`, { token: tokens["tom.tech"], body: { results } });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.deepEqual(done.body.failure, { problem: "CO₂ concentration 6.2 % (4.7–5.3)", correctiveAction: null, offerQuarantine: true });

  const marie = await db().user.findUniqueOrThrow({ where: { upn: "marie.manager@labkeep.dev" } });
  const sentBefore = h.connector.sent(bosChannel.id).length;
  const opened = await h.server.call("POST", `/api/records/${record.id}/quarantine`, { token: tokens["tom.tech"], body: { assigneeId: marie.id } });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const counter = await db().labRecordCounter.findUniqueOrThrow({ where: { labId: h.labs.BOS } });
  assert.equal(opened.body.number, `CA-${counter.lastCaNumber}`);
  assert.deepEqual([opened.body.equipment.assetTag, opened.body.equipment.status, opened.body.assignee.displayName], ["BOS-INC-001", "OUT_OF_SERVICE", "Marie Curie"]);

  await h.bot.noticesIdle();
  const posts = h.connector.sent(bosChannel.id).slice(sentBefore);
  assert.equal(posts.length, 1);
  const expected = `BOS-INC-001 failed CO₂ concentration 6.2 % (4.7–5.3) — out of service, corrective action ${opened.body.number} assigned to Marie`;
  assert.equal(posts[0]!.body!.text, expected);
  assert.deepEqual(textsOf(cardOf(posts[0]!.body)), [expected]);
  const notice = await db().channelNotice.findFirstOrThrow({ where: { labId: h.labs.BOS }, orderBy: { id: "desc" } });
  assert.deepEqual([notice.status, notice.activityId], ["SENT", posts[0]!.responseId]);

  // Out of Service shows in the equipment list, with the reason in its history.
  const listed = await h.server.call("GET", `/api/equipment?labId=${h.labs.BOS}&search=BOS-INC-001`, { token: tokens["marie.manager"] });
  assert.equal(listed.body.items[0].status, "OUT_OF_SERVICE");
  // A second quarantine of the same failure is refused, and posts nothing more.
  assert.equal((await h.server.call("POST", `/api/records/${record.id}/quarantine`, { token: tokens["tom.tech"], body: {} })).status, 409);
  await h.bot.noticesIdle();
  assert.equal(h.connector.sent(bosChannel.id).length, sentBefore + 1);
});

test("the failed check's card offers 'Take out of service' (Action.Execute through /api/messages); it answers with the CA card, and `ca` lists it", async () => {
  const equipment = await db().equipment.findFirstOrThrow({ where: { labId: h.labs.BOS, assetTag: { startsWith: "BOS-FRZ" } } });
  const task = await db().checklistTask.findFirstOrThrow({ where: { modelId: equipment.modelId, frequency: "DAILY", kind: "READING" }, orderBy: { position: "asc" } });
  const { record, results } = await failingAnswers(equipment.assetTag, task.title, task.max! + 10);
  assert.equal((await h.server.call("POST", `/api/records/${record.id}/complete`, { token: tokens["tom.tech"], body: { results } })).status, 200);

  const refreshed = await h.invoke(bosChannel, "tom.tech", "record.refresh", { recordId: record.id });
  const offer = refreshed.body.value.actions.find((a: Wire) => a.verb === "record.quarantine");
  assert.deepEqual([offer.type, offer.title, offer.data], ["Action.Execute", "Take out of service", { recordId: record.id }]);
  // Local Audit sees the failed card without the offer.
  const audit = await h.invoke(bosChannel, "rosalind.audit", "record.refresh", { recordId: record.id });
  assert.equal(audit.body.value.actions.some((a: Wire) => a.verb === "record.quarantine"), false);

  const answered = await h.invoke(bosChannel, "tom.tech", "record.quarantine", offer.data);
  assert.equal(answered.status, 200);
  const ca = await db().correctiveAction.findFirstOrThrow({ where: { equipmentId: equipment.id }, include: { assignee: true } });
  const texts = textsOf(answered.body.value);
  assert.equal(texts[0], `CA-${ca.number} · ${equipment.assetTag} · Out of Service`);
  assert.ok(texts.includes("Assigned to: Tom Edison"), texts.join("\n"));
  // Due by the end of the CA's lab-local due day, worded as every due time; opened just now.
  const lab = await db().lab.findUniqueOrThrow({ where: { id: h.labs.BOS } });
  const dueAt = startOfLocalDate(addDays(ca.dueOn.toISOString().slice(0, 10), 1), lab.timeZone);
  assert.ok(texts.includes(`Due: ${dueByEndOf(dueAt, lab, h.clock.now())}`), texts.join("\n"));
  assert.ok(texts.includes(`Opened: ${labTime(ca.openedAt, lab)}, today`), texts.join("\n"));
  assert.equal((await db().equipment.findUniqueOrThrow({ where: { id: equipment.id } })).status, "OUT_OF_SERVICE");
  const trail = await db().auditEvent.findFirstOrThrow({ where: { action: "ca.opened", entityId: String(ca.id) } });
  assert.deepEqual([trail.source, trail.actorName], ["BOT", "Tom Edison"]);

  const again = await h.invoke(bosChannel, "tom.tech", "record.quarantine", offer.data);
  assert.match(textsOf(again.body.value).join("\n"), new RegExp(`CA-${ca.number} is already open`));

  const listed = await h.message(bosChannel, "tom.tech", "ca");
  assert.equal(listed.status, 200);
  await h.bot.noticesIdle();
  const last = h.connector.sent(bosChannel.id).filter((c) => textsOf(cardOf(c.body))[0] === "Corrective actions").at(-1)!;
  const lines = textsOf(cardOf(last.body));
  const open = await db().correctiveAction.findMany({ where: { labId: h.labs.BOS, status: "OPEN" }, orderBy: { openedAt: "asc" }, include: { equipment: true, assignee: true } });
  const mine = open.filter((c) => c.assignee?.displayName === "Tom Edison");
  assert.equal(lines[1], `Assigned to me (${mine.length})`);
  assert.equal(lines.filter((l) => /^\*\*CA-\d+\*\*/.test(l)).length, open.length);
  assert.ok(lines.includes(`Tom Edison · due ${dueByEndOf(dueAt, lab, h.clock.now())} · opened today`), lines.join("\n"));
});
