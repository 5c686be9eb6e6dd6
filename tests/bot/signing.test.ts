import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cardProblems } from "../../bot/cards/validate.ts";
import { DEMO_SIGNING_PINS } from "../../domain/seed/pins.ts";
import { devToken } from "../support/server.ts";
import { channel, goodAnswers, startHarness, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

// R-SIGN from Teams: a card cannot carry the fresh sign-in a signature needs, so a checklist
// completed from a card is completed unsigned; its card says so and links to the record in the
// tab, where the performer signs it.

let h: Harness;
const bos = channel("bos-signing");

before(async () => {
  h = await startHarness();
  await h.install(bos, "marie.manager");
  await h.message(bos, "marie.manager", "link BOS");
});
after(async () => {
  await h?.close();
});

const db = () => h.server.database.prisma;

/** The record a Teams deep link opens in the tab (its subEntityId is `record:<id>`). */
function linkedRecordId(url: string): number {
  assert.match(url, /^https:\/\/teams\.microsoft\.com\/l\/entity\/11111111-2222-4333-8444-555555555555\/records\?context=/);
  const subEntityId = JSON.parse(decodeURIComponent(url.split("context=")[1]!)).subEntityId as string;
  assert.match(subEntityId, /^record:\d+$/);
  return Number(subEntityId.slice("record:".length));
}

async function openBosRecords(count: number) {
  const records = await db().pmRecord.findMany({ where: { labId: h.labs.BOS, status: "OPEN" }, orderBy: { id: "asc" }, take: count });
  assert.equal(records.length, count);
  return records;
}

function assertNotSignedYet(card: Wire, recordId: number) {
  assert.deepEqual(cardProblems(card), []);
  const texts = textsOf(card);
  assert.ok(texts.includes("Not signed yet: sign in Labkeep"), texts.join(" | "));
  assert.ok(texts.includes("Tom Edison, who completed it, signs it as performed in the Labkeep tab: a card cannot ask for the fresh sign-in a signature needs."), texts.join(" | "));
  const links = card.actions.filter((a: Wire) => a.type === "Action.OpenUrl");
  const sign = links.find((a: Wire) => a.title === "Sign in Labkeep");
  assert.ok(sign, JSON.stringify(links));
  assert.equal(linkedRecordId(sign.url), recordId);
}

test("completed from a card (Universal Action and dialog), the record is unsigned and its card links to it in the tab to sign", async () => {
  const [inMessage, inDialog] = await openBosRecords(2);

  const checklist = (await h.invoke(bos, "tom.tech", "record.refresh", { recordId: inMessage!.id })).body.value as Wire;
  const submitted = await h.invoke(bos, "tom.tech", "record.submit", goodAnswers(checklist));
  assert.equal(submitted.status, 200);
  assertNotSignedYet(submitted.body.value, inMessage!.id);

  const opened = await h.taskFetch(bos, "tom.tech", { verb: "record.open", recordId: inDialog!.id });
  const dialog = await h.taskSubmit(bos, "tom.tech", goodAnswers(opened.body.task.value.card.content));
  assert.equal(dialog.body.task.type, "continue", "the dialog stays open on the completed card");
  assertNotSignedYet(dialog.body.task.value.card.content, inDialog!.id);

  for (const record of [inMessage!, inDialog!]) {
    const stored = await db().pmRecord.findUniqueOrThrow({ where: { id: record.id }, include: { completedBy: true } });
    assert.deepEqual([stored.status, stored.completedVia, stored.completedBy?.displayName], ["COMPLETED", "BOT", "Tom Edison"]);
    assert.equal(await db().signature.count({ where: { subjectType: "record", subjectId: String(record.id) } }), 0);
  }
  // Anyone refreshing the card reads the same: the record's state, not the submitter's.
  assertNotSignedYet((await h.invoke(bos, "marie.manager", "record.refresh", { recordId: inMessage!.id })).body.value, inMessage!.id);
});

test("once Tom signs the record in the tab (fresh PIN sign-in), its card no longer asks for a signature", async () => {
  const record = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.BOS, status: "COMPLETED", completedVia: "BOT" }, orderBy: { id: "asc" } });
  const tom = await devToken(h.server, "tom.tech");
  const before = await h.server.call("GET", `/api/records/${record.id}`, { token: tom });
  assert.equal(before.body.awaitingSignature, true);
  const pin = (await h.server.call("POST", "/api/dev/signing-token", { token: tom, body: { pin: DEMO_SIGNING_PINS["tom.tech@labkeep.dev"] } })).body.token as string;
  const signed = await h.server.call("POST", `/api/records/${record.id}/signatures`, { token: tom, body: { meaning: "PERFORMED" }, headers: { "x-labkeep-signature": pin } });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  assert.equal(signed.body.awaitingSignature, false);

  const card = (await h.invoke(bos, "tom.tech", "record.refresh", { recordId: record.id })).body.value as Wire;
  assert.deepEqual(cardProblems(card), []);
  assert.ok(!textsOf(card).includes("Not signed yet: sign in Labkeep"));
  const links = card.actions.filter((a: Wire) => a.type === "Action.OpenUrl");
  assert.deepEqual(links.map((a: Wire) => a.title), ["Open in Labkeep"]);
  assert.equal(linkedRecordId(links[0].url), record.id);
});
