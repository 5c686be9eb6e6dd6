import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cardProblems } from "../../bot/cards/validate.ts";
import { serviceContext } from "../../domain/context.ts";
import { labScope } from "../../domain/policy/policy.ts";
import { amendRecord, completeRecord, getRecord } from "../../domain/record/record.service.ts";
import { AMENDED_AFTER_REVIEW } from "../../domain/review/requeue.ts";
import { reviewRecord } from "../../domain/review/review.service.ts";
import { DEMO_TENANT_ID } from "../../domain/seed/identities.ts";
import { demoUser } from "./fixture.ts";
import { cardOf, personal, startHarness, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

// R-REVIEW through Teams: the "review" command's card counts what awaits the reader from the
// data, its buttons review or return through the domain, and the performer is refused.

let h: Harness;
const db = () => h.server.database.prisma;
const marieChat = personal("marie.manager");
const adaChat = personal("ada.admin");
const tomChat = personal("tom.tech");
let marieRecord = 0;
let tomRecords: number[] = [];

const principal = async (handle: string) => {
  const user = demoUser(handle);
  return h.server.services.identity.principalForAadObjectId(user.aadObjectId, DEMO_TENANT_ID, { upn: user.upn, name: user.displayName });
};
const ctxOf = async (handle: string) => serviceContext(db(), await principal(handle), "TAB", h.clock);

/** Completes the open BOS record with every task answered as the checklist needs. */
async function complete(handle: string, recordId: number) {
  const ctx = await ctxOf(handle);
  const record = await getRecord(ctx, recordId);
  const results = record.checklist.map((t) =>
    t.kind === "CHECK" ? { taskId: t.taskId!, outcome: "DONE" as const } : t.kind === "READING" ? { taskId: t.taskId!, reading: t.min ?? t.max ?? 1 } : { taskId: t.taskId!, text: "ok" },
  );
  await completeRecord(ctx, recordId, { results });
}

function lastCard(conversationId: string): Wire {
  const sent = h.connector.sent(conversationId);
  return cardOf(sent[sent.length - 1]?.body);
}

/** What awaits `handle`'s review, from the rows: labs with the review right, performed by someone else. */
async function awaitingFor(handle: string): Promise<number> {
  const p = await principal(handle);
  const scope = labScope(p, "record", "review");
  const rows = await db().pmRecord.findMany({ where: { reviewState: "AWAITING", status: "COMPLETED" } });
  return rows.filter((r) => (scope === "all" || scope.includes(r.labId)) && r.completedById !== p.userId).length;
}

const title = (n: number) => (n === 1 ? "1 record awaits your review" : `${n} records await your review`);

before(async () => {
  h = await startHarness();
  await db().lab.update({ where: { id: h.labs.BOS }, data: { reviewRequired: true } });
  const open = await db().pmRecord.findMany({ where: { labId: h.labs.BOS, status: "OPEN" }, orderBy: { id: "asc" }, take: 4 });
  marieRecord = open[0]!.id;
  tomRecords = open.slice(1).map((r) => r.id);
  await complete("marie.manager", marieRecord);
  for (const id of tomRecords) await complete("tom.tech", id);
  for (const [chat, who] of [[marieChat, "marie.manager"], [adaChat, "ada.admin"], [tomChat, "tom.tech"]] as const) await h.install(chat, who);
});
after(async () => {
  await h?.close();
});

test("the review command's card counts the records awaiting the reader, never their own", async () => {
  await h.message(marieChat, "marie.manager", "review");
  const card = lastCard(marieChat.id);
  const expected = await awaitingFor("marie.manager");
  assert.equal(expected, tomRecords.length);
  assert.equal(textsOf(card)[0], title(expected));
  assert.deepEqual(cardProblems(card), []);
  const listed: number[] = [];
  JSON.stringify(card, (_k, v) => (v?.verb === "review.approve" ? void listed.push(v.data.recordId) : v));
  assert.deepEqual(listed.sort(), [...tomRecords].sort());

  await h.message(adaChat, "ada.admin", "review");
  assert.equal(textsOf(lastCard(adaChat.id))[0], title(await awaitingFor("ada.admin")));
  assert.equal(await awaitingFor("ada.admin"), tomRecords.length + 1);
});

test("the performer's Reviewed is refused with the reason; another manager's needs the signature only the tab can take", async () => {
  const refused = await h.invoke(marieChat, "marie.manager", "review.approve", { recordId: marieRecord });
  assert.equal(refused.status, 200);
  assert.match(textsOf(refused.body.value).join("\n"), /You completed this record, so you cannot review or return it/);
  assert.equal((await db().pmRecord.findUniqueOrThrow({ where: { id: marieRecord } })).reviewState, "AWAITING");
  const returnedOwn = await h.invoke(marieChat, "marie.manager", "review.return", { recordId: marieRecord, [`returnReason-${marieRecord}`]: "mine" });
  assert.match(textsOf(returnedOwn.body.value).join("\n"), /second person must check it/);
  assert.equal(await db().auditEvent.count({ where: { entityId: String(marieRecord), action: { in: ["record.reviewed", "record.returned"] } } }), 0);

  const tom = await h.invoke(tomChat, "tom.tech", "review.approve", { recordId: tomRecords[0]! });
  assert.match(textsOf(tom.body.value).join("\n"), /You do not have permission/); // a technician has no review right at all

  // R-SIGN: a chat card cannot take a fresh sign-in, so the review is refused and sent to the tab.
  const before = await awaitingFor("ada.admin");
  const unsigned = await h.invoke(adaChat, "ada.admin", "review.approve", { recordId: marieRecord });
  const texts = textsOf(unsigned.body.value);
  assert.match(texts[0]!, /^Reviewing is an electronic signature and needs a fresh sign-in/);
  assert.equal(texts[1], title(before));
  assert.equal((await db().pmRecord.findUniqueOrThrow({ where: { id: marieRecord } })).reviewState, "AWAITING");
  assert.equal(await db().signature.count({ where: { subjectId: String(marieRecord), meaning: "REVIEWED" } }), 0);
});

test("Return needs a reason; with one the performer sees it in their own card", async () => {
  const target = tomRecords[1]!;
  const empty = await h.invoke(marieChat, "marie.manager", "review.return", { recordId: target, [`returnReason-${target}`]: "  " });
  assert.equal(textsOf(empty.body.value)[0], "A reason is required.");
  assert.equal((await db().pmRecord.findUniqueOrThrow({ where: { id: target } })).reviewState, "AWAITING");

  const returned = await h.invoke(marieChat, "marie.manager", "review.return", { recordId: target, [`returnReason-${target}`]: "Rotor speed not written down" });
  assert.match(textsOf(returned.body.value)[0]!, /^BOS-\d{6} returned to Tom Edison\.$/);
  assert.equal(textsOf(returned.body.value)[1], title(await awaitingFor("marie.manager")));
  const row = await db().pmRecord.findUniqueOrThrow({ where: { id: target } });
  assert.deepEqual([row.reviewState, row.reviewComment], ["RETURNED", "Rotor speed not written down"]);

  await h.message(tomChat, "tom.tech", "review");
  const texts = textsOf(lastCard(tomChat.id));
  const returnedToTom = await db().pmRecord.count({ where: { reviewState: "RETURNED", completedById: (await principal("tom.tech")).userId } });
  assert.equal(returnedToTom, 1);
  assert.ok(texts.includes("1 of your records was returned to you for correction."), texts.join(" | "));
  assert.equal(texts[0], title(0));
});

test("a reviewer's personal digest says how many records await their review", async () => {
  await h.message(marieChat, "marie.manager", "digest on");
  const run = await h.bot.runDigest();
  assert.ok(run.sent >= 1);
  const texts = textsOf(lastCard(marieChat.id));
  assert.match(texts.join("\n"), /Daily maintenance digest/);
  assert.ok(texts.includes(title(await awaitingFor("marie.manager"))), texts.join(" | "));
});

test("a record amended after its review is back on the reviewer's card with the note saying why", async () => {
  const marie = await ctxOf("marie.manager");
  const signed = { ...marie, signing: { aadObjectId: marie.principal.aadObjectId, authTime: h.clock.now(), method: "dev-pin" as const, problem: null, maxAgeSeconds: 300 } };
  const [id] = tomRecords;
  const reviewed = await reviewRecord(signed, id, { comment: "Checked" });
  assert.equal(reviewed.review?.state, "REVIEWED");
  await amendRecord(marie, id, { reason: "Comment was on the wrong record", comment: "Seal inspected" });
  const stored = await db().pmRecord.findUniqueOrThrow({ where: { id } });
  assert.deepEqual([stored.reviewState, stored.reviewReason], ["AWAITING", AMENDED_AFTER_REVIEW]);

  await h.message(adaChat, "ada.admin", "review");
  const card = lastCard(adaChat.id);
  const number = (await getRecord(marie, id)).number;
  // The row of that record carries the note; no other row does (the others await their first decision).
  const rows = (card.body as { type: string; items?: { text?: string }[] }[]).filter((el) => el.type === "Container" && el.items?.some((i) => i.text?.startsWith(`**${number}**`)));
  assert.equal(rows.length, 1);
  assert.ok(rows[0]!.items!.some((i) => i.text === `Note: ${AMENDED_AFTER_REVIEW}`), JSON.stringify(rows[0]));
  assert.equal(textsOf(card).filter((t) => t.startsWith("Note: ")).length, 1);
  assert.deepEqual(cardProblems(card), []);
});
