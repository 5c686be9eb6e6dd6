import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cardProblems } from "../../bot/cards/validate.ts";
import { cardOf, channel, personal, startHarness, teamsUserId, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

let h: Harness;
const lab = channel("bos-lab");
let digestActivityId = "";
let firstRecordId = 0;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

function lastCard(conversationId: string): Wire {
  const sent = h.connector.sent(conversationId);
  return cardOf(sent[sent.length - 1]?.body);
}

test("installing in a channel stores the conversation and says what the bot does", async () => {
  // Teams lists a channel's members as the team's.
  h.connector.setMembers("19:team@thread.tacv2", [
    { id: teamsUserId("tom.tech"), name: "Tom Edison", aadObjectId: "x" },
    { id: teamsUserId("marie.manager"), name: "Marie Curie", aadObjectId: "y" },
  ]);
  const response = await h.install(lab, "marie.manager");
  assert.equal(response.status, 200);
  const row = await h.server.database.prisma.botInstallation.findUniqueOrThrow({ where: { conversationId: lab.id } });
  assert.equal(row.conversationType, "CHANNEL");
  assert.equal(row.active, true);
  assert.deepEqual((row.reference as { memberIds: string[] }).memberIds, [teamsUserId("tom.tech"), teamsUserId("marie.manager")]);
  assert.match(textsOf(lastCard(lab.id)).join("\n"), /overdue/);
});

test("only a Manager or Administrator of the lab links the channel to it", async () => {
  await h.message(lab, "tom.tech", "link BOS");
  assert.match(textsOf(lastCard(lab.id)).join("\n"), /Only a Manager of BOS or an Administrator/);
  await h.message(lab, "lena.manager", "link BOS");
  assert.match(textsOf(lastCard(lab.id)).join("\n"), /not found/i);
  await h.message(lab, "marie.manager", "<at>Labkeep</at> link bos");
  assert.match(textsOf(lastCard(lab.id)).join("\n"), /daily digest of BOS at 07:00/);
  const row = await h.server.database.prisma.botInstallation.findUniqueOrThrow({ where: { conversationId: lab.id } });
  assert.equal(row.labId, h.labs.BOS);
});

test("the daily digest goes once to the linked channel, grouped by frequency, with the activity id saved", async () => {
  const before = h.connector.sent(lab.id).length;
  const run = await h.bot.runDigest();
  assert.equal(run.sent, 1);
  const sent = h.connector.sent(lab.id);
  assert.equal(sent.length, before + 1);
  const card = cardOf(sent[sent.length - 1]!.body);
  assert.equal(card.version, "1.5");
  assert.deepEqual(cardProblems(card), []);
  assert.ok(JSON.stringify(card).length < 28 * 1024);
  const texts = textsOf(card).join("\n");
  assert.match(texts, /Daily — \d+ overdue · \d+ due today/);
  assert.match(texts, /BOS-\d{6}/);
  assert.deepEqual(card.refresh.userIds, [teamsUserId("tom.tech"), teamsUserId("marie.manager")]);
  const delivery = await h.server.database.prisma.digestDelivery.findFirstOrThrow({ where: { installation: { conversationId: lab.id } } });
  assert.equal(delivery.status, "SENT");
  assert.equal(delivery.activityId, sent[sent.length - 1]!.responseId);
  digestActivityId = delivery.activityId!;
  // Oldest first: the first row is overdue and its due time is the earliest.
  const firstRow = JSON.stringify(card).match(/"verb":"record.open","data":\{"recordId":(\d+)\}/);
  firstRecordId = Number(firstRow![1]);

  const again = await h.bot.runDigest();
  assert.equal(again.sent, 0);
  assert.equal(h.connector.sent(lab.id).length, before + 1);
});

test("opening a row returns the record's checklist with inputs per task and a deep link", async () => {
  const response = await h.invoke(lab, "tom.tech", "record.open", { recordId: firstRecordId }, digestActivityId);
  assert.equal(response.status, 200);
  assert.equal(response.body.type, "application/vnd.microsoft.card.adaptive");
  const card = response.body.value;
  assert.deepEqual(cardProblems(card), []);
  const inputs = card.body.filter((e: Wire) => e.type.startsWith("Input."));
  assert.ok(inputs.some((i: Wire) => i.id.startsWith("task_")));
  assert.ok(inputs.some((i: Wire) => i.id === "comment"));
  const link = card.actions.find((a: Wire) => a.type === "Action.OpenUrl");
  assert.match(link.url, /^https:\/\/teams\.microsoft\.com\/l\/entity\/11111111-2222-4333-8444-555555555555\/records\?context=/);
  assert.equal(JSON.parse(decodeURIComponent(link.url.split("context=")[1])).subEntityId, `record:${firstRecordId}`);
  assert.deepEqual(card.refresh.action.data, { recordId: firstRecordId });
  assert.ok(card.refresh.userIds.includes(teamsUserId("tom.tech")));
});

/** Answers every task of the checklist card: done, readings inside limits, some text. */
function goodAnswers(card: Wire): Record<string, unknown> {
  const data: Record<string, unknown> = { comment: "All fine" };
  for (const input of card.body.filter((e: Wire) => e.id?.startsWith("task_"))) {
    if (input.type === "Input.ChoiceSet") data[input.id] = "DONE";
    else if (input.type === "Input.Number") {
      const limits = /limits (-?[\d.]+)–(-?[\d.]+)/.exec(input.label);
      data[input.id] = limits ? String((Number(limits[1]) + Number(limits[2])) / 2) : "5";
    } else data[input.id] = "ok";
  }
  return data;
}

test("someone without the right to complete gets a card that says so", async () => {
  const audit = await h.invoke(lab, "rosalind.audit", "record.open", { recordId: firstRecordId });
  assert.match(textsOf(audit.body.value).join("\n"), /not allow completing/);
  const opened = await h.invoke(lab, "tom.tech", "record.open", { recordId: firstRecordId });
  const submit = await h.invoke(lab, "rosalind.audit", "record.submit", { recordId: firstRecordId, ...goodAnswers(opened.body.value) });
  assert.match(textsOf(submit.body.value).join("\n"), /Not allowed/);
  const other = await h.invoke(lab, "tara.tech", "record.submit", { recordId: firstRecordId, ...goodAnswers(opened.body.value) });
  assert.match(textsOf(other.body.value).join("\n"), /Record was not found/);
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId } });
  assert.equal(record.status, "OPEN");
});

test("an invalid reading or a missing answer comes back marked on the checklist", async () => {
  const opened = await h.invoke(lab, "tom.tech", "record.open", { recordId: firstRecordId });
  const reading = opened.body.value.body.find((e: Wire) => e.type === "Input.Number");
  const data = goodAnswers(opened.body.value);
  if (reading) {
    data[reading.id] = "warm";
    const bad = await h.invoke(lab, "tom.tech", "record.submit", { recordId: firstRecordId, ...data });
    const texts = textsOf(bad.body.value).join("\n");
    assert.match(texts, /must be a number/);
    assert.deepEqual(cardProblems(bad.body.value), []);
    data[reading.id] = String(reading.placeholder ?? "5").split(/[^\d.-]/)[0] || "5";
  }
  const firstTask = opened.body.value.body.find((e: Wire) => e.id?.startsWith("task_") && e.isRequired);
  delete data[firstTask.id];
  const missing = await h.invoke(lab, "tom.tech", "record.submit", { recordId: firstRecordId, ...data });
  const card = missing.body.value;
  const index = card.body.findIndex((e: Wire) => e.id === firstTask.id);
  assert.equal(card.body[index + 1].color, "Attention");
  assert.match(card.body[index + 1].text, /required|needs/);
  assert.equal((await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId } })).status, "OPEN");
});

test("submitting completes the record through the domain service and refreshes the card for everyone", async () => {
  const opened = await h.invoke(lab, "tom.tech", "record.open", { recordId: firstRecordId });
  const updatesBefore = h.connector.updated(lab.id).length;
  const started = Date.now();
  const response = await h.invoke(lab, "tom.tech", "record.submit", { recordId: firstRecordId, ...goodAnswers(opened.body.value) }, digestActivityId);
  assert.ok(Date.now() - started < 2000, "answered well inside Teams' 5 s");
  const card = response.body.value;
  assert.match(textsOf(card).join("\n"), /BOS-\d{6} completed by Tom Edison at 20 Nov 2026, 10:00/);
  assert.deepEqual(cardProblems(card), []);
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId } });
  assert.equal(record.status, "COMPLETED");
  assert.equal(record.completedVia, "BOT");
  const updates = h.connector.updated(lab.id);
  assert.equal(updates.length, updatesBefore + 1);
  assert.equal(updates[updates.length - 1]!.activityId, digestActivityId);
  const audit = await h.server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "record.completed", entityId: String(firstRecordId) } });
  assert.equal(audit.source, "BOT");
  // Everyone else's card refreshes to the same state.
  const refreshed = await h.invoke(lab, "marie.manager", "record.refresh", { recordId: firstRecordId });
  assert.match(textsOf(refreshed.body.value).join("\n"), /completed by Tom Edison/);
});

test("a second submit says who completed it and when, and completes nothing twice", async () => {
  const response = await h.invoke(lab, "marie.manager", "record.submit", { recordId: firstRecordId, comment: "me too" });
  const texts = textsOf(response.body.value).join("\n");
  assert.match(texts, /completed by Tom Edison at 20 Nov 2026, 10:00/);
  assert.match(texts, /already completed/);
  assert.equal(await h.server.database.prisma.auditEvent.count({ where: { action: "record.completed", entityId: String(firstRecordId) } }), 1);
});

test("an optional check left blank is recorded as not answered, an explicit N/A as N/A, as the tab records them", async () => {
  const record = await h.server.database.prisma.pmRecord.findFirstOrThrow({
    where: { labId: h.labs.BOS, status: "OPEN", id: { not: firstRecordId } },
    include: { equipment: { select: { modelId: true } } },
    orderBy: { id: "asc" },
  });
  const checks = await h.server.database.prisma.checklistTask.findMany({
    where: { modelId: record.equipment.modelId, frequency: record.frequency, active: true, kind: "CHECK" },
    orderBy: { position: "asc" },
  });
  assert.ok(checks.length >= 2, "the demo model has two checks");
  const [blank, notApplicable] = checks as [(typeof checks)[number], (typeof checks)[number]];
  await h.server.database.prisma.checklistTask.update({ where: { id: blank.id }, data: { required: false } });
  try {
    const opened = await h.invoke(lab, "tom.tech", "record.open", { recordId: record.id });
    const data = goodAnswers(opened.body.value);
    delete data[`task_${blank.id}`];
    data[`task_${notApplicable.id}`] = "NOT_APPLICABLE";
    const response = await h.invoke(lab, "tom.tech", "record.submit", { recordId: record.id, ...data });
    const facts = response.body.value.body.find((e: Wire) => e.type === "FactSet").facts as { title: string; value: string }[];
    assert.equal(facts.find((f) => f.title === blank.title)?.value, "Not answered");
    assert.equal(facts.find((f) => f.title === notApplicable.title)?.value, "N/A");
    const stored = await h.server.database.prisma.pmTaskResult.findMany({ where: { recordId: record.id, taskId: { in: [blank.id, notApplicable.id] } } });
    assert.deepEqual(
      stored.map((r) => [r.taskId, r.outcome, r.passed]).sort(),
      [[blank.id, null, true], [notApplicable.id, "NOT_APPLICABLE", true]].sort(),
    );
  } finally {
    await h.server.database.prisma.checklistTask.update({ where: { id: blank.id }, data: { required: true } });
  }
});

test("chat commands: overdue, due today, help for anything else; personal digest opt-in", async () => {
  const me = personal("tom.tech");
  await h.message(me, "tom.tech", "overdue");
  let card = lastCard(me.id);
  assert.match(textsOf(card).join("\n"), /Overdue checklists/);
  assert.deepEqual(cardProblems(card), []);
  await h.message(me, "tom.tech", "due today");
  assert.match(textsOf(lastCard(me.id)).join("\n"), /Checklists due today/);
  await h.message(me, "tom.tech", "what's up?");
  card = lastCard(me.id);
  assert.ok(textsOf(card).some((t) => t.startsWith("overdue:")));
  await h.message(me, "tom.tech", "digest on");
  const row = await h.server.database.prisma.botInstallation.findUniqueOrThrow({ where: { conversationId: me.id } });
  assert.equal(row.personalDigest, true);
  assert.equal(row.userAadObjectId, "00000000-0000-4000-8000-00000000a005");
  const run = await h.bot.runDigest();
  assert.equal(run.sent, 1);
  assert.match(textsOf(lastCard(me.id)).join("\n"), /Daily maintenance digest/);
});

test("uninstalling deactivates the installation; it gets no digest", async () => {
  await h.post(lab, "marie.manager", { type: "installationUpdate", action: "remove" });
  const row = await h.server.database.prisma.botInstallation.findUniqueOrThrow({ where: { conversationId: lab.id } });
  assert.equal(row.active, false);
  assert.ok(row.deactivatedAt);
});
