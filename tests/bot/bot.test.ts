import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DateTime } from "luxon";
import { cardProblems } from "../../bot/cards/validate.ts";
import { labTime, recordClock } from "../../domain/time/format.ts";
import { devToken } from "../support/server.ts";
import { cardOf, channel, goodAnswers, personal, startHarness, teamsUserId, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

let h: Harness;
const lab = channel("bos-lab");
let digestActivityId = "";
let firstRecordId = 0;
let digestRows: Wire[] = [];
let digestCard: Wire;

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
  digestRows = openButtons(card);
  digestCard = card;
  firstRecordId = digestRows[0]!.recordId;

  const again = await h.bot.runDigest();
  assert.equal(again.sent, 0);
  assert.equal(h.connector.sent(lab.id).length, before + 1);
});

/** The data of every row's Open button in a digest card. */
function openButtons(card: Wire): Wire[] {
  const out: Wire[] = [];
  JSON.stringify(card, (_key, value) => {
    if (value?.type === "Action.Submit" && value.data?.verb === "record.open") out.push(value.data);
    return value;
  });
  return out;
}

/** The card of a dialog answer (task continue). */
const dialogCard = (body: Wire): Wire => body.task.value.card.content;

test("opening a row shows the record's checklist in a Teams dialog, with inputs per task and a deep link; the digest is untouched", async () => {
  const updatesBefore = h.connector.updated(lab.id).length;
  const postsBefore = h.connector.sent(lab.id).length;
  const response = await h.taskFetch(lab, "tom.tech", digestRows[0], digestActivityId);
  assert.equal(response.status, 200);
  assert.equal(response.body.task.type, "continue");
  assert.equal(response.body.task.value.card.contentType, "application/vnd.microsoft.card.adaptive");
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId }, include: { lab: true } });
  assert.equal(response.body.task.value.title, `${record.lab.code}-${String(record.number).padStart(6, "0")} checklist`);
  const card = dialogCard(response.body);
  assert.deepEqual(cardProblems(card), []);
  const inputs = card.body.filter((e: Wire) => e.type.startsWith("Input."));
  assert.ok(inputs.some((i: Wire) => i.id.startsWith("task_")));
  assert.ok(inputs.some((i: Wire) => i.id === "comment"));
  const link = card.actions.find((a: Wire) => a.type === "Action.OpenUrl");
  assert.match(link.url, /^https:\/\/teams\.microsoft\.com\/l\/entity\/11111111-2222-4333-8444-555555555555\/records\?context=/);
  assert.equal(JSON.parse(decodeURIComponent(link.url.split("context=")[1])).subEntityId, `record:${firstRecordId}`);
  const submit = card.actions.find((a: Wire) => a.title === "Submit");
  assert.equal(submit.type, "Action.Submit", "a dialog takes Action.Submit, answered by task/submit");
  assert.equal(submit.data.verb, "record.submit");
  assert.equal(submit.data.digest.a, digestActivityId, "the digest to update travels with the checklist");
  assert.equal(card.refresh, undefined);
  assert.equal(h.connector.updated(lab.id).length, updatesBefore, "the digest message is not replaced");
  assert.equal(h.connector.sent(lab.id).length, postsBefore);
});

const openDialog = async (handle = "tom.tech") => dialogCard((await h.taskFetch(lab, handle, digestRows[0], digestActivityId)).body);

test("someone without the right to complete gets a card that says so", async () => {
  const audit = await h.taskFetch(lab, "rosalind.audit", digestRows[0], digestActivityId);
  assert.match(textsOf(dialogCard(audit.body)).join("\n"), /not allow completing/);
  const opened = await openDialog();
  const submit = await h.taskSubmit(lab, "rosalind.audit", goodAnswers(opened, { comment: "All fine" }));
  assert.match(textsOf(dialogCard(submit.body)).join("\n"), /Not allowed/);
  const other = await h.taskSubmit(lab, "tara.tech", goodAnswers(opened, { comment: "All fine" }));
  assert.match(textsOf(dialogCard(other.body)).join("\n"), /Record was not found/);
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId } });
  assert.equal(record.status, "OPEN");
});

test("an invalid reading or a missing answer comes back marked on the checklist, in the dialog", async () => {
  const opened = await openDialog();
  const reading = opened.body.find((e: Wire) => e.type === "Input.Number");
  const data = goodAnswers(opened, { comment: "All fine" });
  if (reading) {
    data[reading.id] = "warm";
    const bad = await h.taskSubmit(lab, "tom.tech", data);
    assert.equal(bad.body.task.type, "continue");
    const texts = textsOf(dialogCard(bad.body)).join("\n");
    assert.match(texts, /must be a number/);
    assert.deepEqual(cardProblems(dialogCard(bad.body)), []);
    data[reading.id] = String(reading.placeholder ?? "5").split(/[^\d.-]/)[0] || "5";
  }
  const firstTask = opened.body.find((e: Wire) => e.id?.startsWith("task_") && e.isRequired);
  delete data[firstTask.id];
  const missing = await h.taskSubmit(lab, "tom.tech", data);
  const card = dialogCard(missing.body);
  const index = card.body.findIndex((e: Wire) => e.id === firstTask.id);
  assert.equal(card.body[index + 1].color, "Attention");
  assert.match(card.body[index + 1].text, /required|needs/);
  assert.equal((await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId } })).status, "OPEN");
});

/** Overdue and due-tonight counts of BOS's open records, computed here from the rows in the lab's zone. */
async function bosCounts(now: Date): Promise<string> {
  const records = await h.server.database.prisma.pmRecord.findMany({ where: { status: "OPEN", labId: h.labs.BOS }, select: { dueAt: true, lab: { select: { timeZone: true } } } });
  let overdue = 0;
  let dueToday = 0;
  for (const r of records) {
    const tonight = DateTime.fromJSDate(now, { zone: r.lab.timeZone }).plus({ days: 1 }).startOf("day").toMillis();
    if (r.dueAt.getTime() < now.getTime()) overdue++;
    else if (r.dueAt.getTime() <= tonight) dueToday++;
  }
  return `${overdue} overdue · ${dueToday} due today`;
}

test("submitting in the dialog completes the record; the channel's digest stays, its row marked done and its counts the database's", async () => {
  const countsBefore = await bosCounts(h.clock.now());
  const opened = await openDialog();
  const updatesBefore = h.connector.updated(lab.id).length;
  const started = Date.now();
  const response = await h.taskSubmit(lab, "tom.tech", goodAnswers(opened, { comment: "All fine" }));
  assert.ok(Date.now() - started < 2000, "answered well inside Teams' 5 s");
  // Completed from a card, the record awaits Tom's signature (R-SIGN): the dialog stays on the completed card, which says who and when.
  assert.equal(response.body.task.type, "continue");
  const completed = dialogCard(response.body);
  // The card's time is the tab's text for the same record: the tab's formatter (formatLabTime binds it to the
  // viewer's locale, en-US here as in Teams' default) on the record as the tab's API sends it.
  const shown = await h.server.call("GET", `/api/records/${firstRecordId}`, { token: await devToken(h.server, "tom.tech") });
  assert.equal(shown.status, 200);
  const asTab = shown.body as { number: string; completedAt: string; labCode: string; labTimeZone: string };
  assert.equal(textsOf(completed)[0], `${asTab.number} completed by Tom Edison at ${labTime(asTab.completedAt, recordClock(asTab), "en-US")}`);
  assert.ok(textsOf(completed).includes("Not signed yet: sign in Labkeep"));
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId } });
  assert.equal(record.status, "COMPLETED");
  assert.equal(record.completedVia, "BOT");
  const audit = await h.server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "record.completed", entityId: String(firstRecordId) } });
  assert.equal(audit.source, "BOT");

  const updates = h.connector.updated(lab.id);
  assert.equal(updates.length, updatesBefore + 1);
  const update = updates[updates.length - 1]!;
  assert.equal(update.activityId, digestActivityId, "the digest message itself is updated");
  const digest = cardOf(update.body);
  assert.deepEqual(cardProblems(digest), []);
  assert.match(textsOf(digest).join("\n"), /Daily maintenance digest/);
  // The counts are the database's now: one fewer than before.
  const counts = await bosCounts(h.clock.now());
  assert.notEqual(counts, countsBefore);
  assert.ok(textsOf(digest).includes(counts), `${counts} in ${textsOf(digest).join(" | ")}`);
  // The rest stays: the same rows, the completed one marked done without its button.
  const stillOpen = openButtons(digest).map((d) => d.recordId);
  assert.deepEqual(stillOpen, digestRows.slice(1).map((d) => d.recordId));
  assert.ok(textsOf(digest).includes("✓ Done by Tom Edison"));

  // Everyone else's digest refreshes to the same state.
  const refreshed = await h.invoke(lab, "marie.manager", "digest.refresh", digest.refresh.action.data);
  assert.deepEqual(openButtons(refreshed.body.value).map((d) => d.recordId), stillOpen);
  assert.ok(textsOf(refreshed.body.value).includes(counts));
});

test("a second submit says who completed it and when, and completes nothing twice", async () => {
  const opened = await h.taskFetch(lab, "marie.manager", digestRows[0], digestActivityId);
  assert.match(textsOf(dialogCard(opened.body)).join("\n"), /completed by Tom Edison/);
  const response = await h.taskSubmit(lab, "marie.manager", { verb: "record.submit", recordId: firstRecordId, comment: "me too" });
  const texts = textsOf(dialogCard(response.body)).join("\n");
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: firstRecordId }, include: { lab: true } });
  assert.ok(texts.includes(`completed by Tom Edison at ${labTime(record.completedAt, record.lab, "en-US")}`), texts);
  assert.match(texts, /already completed/);
  assert.equal(await h.server.database.prisma.auditEvent.count({ where: { action: "record.completed", entityId: String(firstRecordId) } }), 1);
});

test("a client that posts Action.Submit as a message (Web Chat) gets the checklist as its own message; submitting it marks the digest's row done", async () => {
  const row = digestRows[1]!;
  const postsBefore = h.connector.sent(lab.id).length;
  const updatesBefore = h.connector.updated(lab.id).length;
  // Web Chat posts an Action.Submit as a message whose value is the action's data.
  await h.submitMessage(lab, "tom.tech", row, digestActivityId);
  const posts = h.connector.sent(lab.id);
  assert.equal(posts.length, postsBefore + 1, "a new message, not a replacement");
  assert.equal(h.connector.updated(lab.id).length, updatesBefore);
  const checklist = cardOf(posts[posts.length - 1]!.body);
  const submit = checklist.actions.find((a: Wire) => a.title === "Submit");
  assert.equal(submit.type, "Action.Execute");
  assert.equal(submit.data.recordId, row.recordId);
  const checklistId = posts[posts.length - 1]!.responseId!;
  assert.equal(checklist.refresh.action.data.digest.a, digestActivityId, "a refreshed copy still knows its digest");

  const answered = await h.invoke(lab, "tom.tech", "record.submit", goodAnswers(checklist, { comment: "All fine" }), checklistId);
  assert.match(textsOf(answered.body.value).join("\n"), /completed by Tom Edison/);
  const updates = h.connector.updated(lab.id).slice(updatesBefore);
  assert.deepEqual(updates.map((u) => u.activityId).sort(), [checklistId, digestActivityId].sort(), "the checklist message and the digest");
  const digest = cardOf(updates.find((u) => u.activityId === digestActivityId)!.body);
  assert.deepEqual(openButtons(digest).map((d) => d.recordId), digestRows.slice(2).map((d) => d.recordId));
  assert.equal(textsOf(digest).filter((t) => t === "✓ Done by Tom Edison").length, 2);
  assert.ok(textsOf(digest).includes(await bosCounts(h.clock.now())));
  // Everyone else's checklist message refreshes to the completed state.
  const refreshed = await h.invoke(lab, "marie.manager", "record.refresh", { recordId: row.recordId });
  assert.match(textsOf(refreshed.body.value).join("\n"), /completed by Tom Edison/);
});

test("tapping a row (a Universal Action, for clients without dialogs such as the Agents Playground) posts the checklist as its own message; the digest stays", async () => {
  const row = digestRows[2]!;
  const postsBefore = h.connector.sent(lab.id).length;
  const updatesBefore = h.connector.updated(lab.id).length;
  let tap: Wire;
  JSON.stringify(digestCard, (_key, value) => {
    if (value?.selectAction?.data?.recordId === row.recordId) tap = value.selectAction;
    return value;
  });
  assert.equal(tap.type, "Action.Execute");
  const response = await h.invoke(lab, "tom.tech", tap.verb, tap.data, digestActivityId);
  assert.equal(response.body.type, "application/vnd.microsoft.activity.message", "the clicked card is not replaced");
  const posts = h.connector.sent(lab.id);
  assert.equal(posts.length, postsBefore + 1);
  const checklist = cardOf(posts[posts.length - 1]!.body);
  const submit = checklist.actions.find((a: Wire) => a.title === "Submit");
  assert.equal(submit.data.recordId, row.recordId);
  assert.equal(submit.data.digest.a, digestActivityId, "its submit will mark the digest's row done");
  assert.equal(h.connector.updated(lab.id).length, updatesBefore);
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
    // The checklist as a Universal Action draws it (the refresh of its own message).
    const opened = await h.invoke(lab, "tom.tech", "record.refresh", { recordId: record.id });
    const data = goodAnswers(opened.body.value, { comment: "All fine" });
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
