import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cardOf, channel, startHarness, textsOf, type Harness } from "./harness.ts";
import { cuttableDatabase, type CuttableDatabase } from "./outage.ts";
import type { Wire } from "./wire.ts";

// Issue 10: with the database unreachable, a card action used to become "Something went wrong"
// (the typed readings lost) and a chat command got no answer at all.

let h: Harness;
let db: CuttableDatabase;
const lab = channel("bos-outage");
let row: Wire;
const rows: Wire[] = [];
let digestId = "";

before(async () => {
  db = await cuttableDatabase();
  h = await startHarness({ database: db.database });
  await h.install(lab, "ada.admin");
  await h.message(lab, "ada.admin", "link BOS");
  await h.bot.runDigest();
  const sent = h.connector.sent(lab.id);
  digestId = sent[sent.length - 1]!.responseId!;
  JSON.stringify(cardOf(sent[sent.length - 1]!.body), (_key, value) => {
    if (value?.type === "Action.Submit" && value.data?.verb === "record.open") rows.push(value.data);
    return value;
  });
  row = rows[0];
});
after(async () => {
  db?.restore();
  await h?.close();
});

/** Typed answers for every input of a checklist card, plus its Submit's data. */
function typed(card: Wire): Record<string, unknown> {
  const submit = card.actions.find((a: Wire) => a.title === "Submit");
  const data: Record<string, unknown> = { ...submit.data, comment: "Seal replaced, reading taken" };
  for (const input of card.body.filter((e: Wire) => e.id?.startsWith("task_"))) {
    if (input.type === "Input.ChoiceSet") data[input.id] = "DONE";
    else if (input.type === "Input.Number") data[input.id] = "4.5";
    else data[input.id] = "checked by hand";
  }
  return data;
}

/** The card comes back with each typed value in its input, and a request to try again. */
function assertKept(card: Wire, data: Record<string, unknown>): void {
  for (const input of card.body.filter((e: Wire) => e.id?.startsWith("task_") || e.id === "comment")) {
    const expected = input.type === "Input.Number" ? Number(data[input.id]) : data[input.id];
    assert.equal(input.value, expected, `${input.id} keeps what was typed`);
  }
  assert.match(textsOf(card).join("\n"), /could not save this just now.*submit again/i);
  assert.doesNotMatch(textsOf(card).join("\n"), /Something went wrong/);
}

test("database down during a dialog's submit: the same checklist comes back with the values entered", async () => {
  const opened = await h.taskFetch(lab, "tom.tech", row, digestId);
  const card = opened.body.task.value.card.content;
  const data = typed(card);
  db.cut();
  const started = Date.now();
  const response = await h.taskSubmit(lab, "tom.tech", data);
  assert.ok(Date.now() - started < 4000, `answered inside Teams' 5 s (${Date.now() - started} ms)`);
  assert.equal(response.status, 200);
  assert.equal(response.body.task.type, "continue");
  assertKept(response.body.task.value.card.content, data);
  db.restore();
  const record = await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: row.recordId } });
  assert.equal(record.status, "OPEN");
  // Back up: the same submit completes it.
  const again = await h.taskSubmit(lab, "tom.tech", data);
  // Completed (unsigned, from a card): the dialog stays on the completed card.
  assert.equal(again.body.task.type, "continue");
  assert.match(textsOf(again.body.task.value.card.content).join("\n"), /completed by Tom Edison[\s\S]*Not signed yet: sign in Labkeep/);
  assert.equal((await h.server.database.prisma.pmRecord.findUniqueOrThrow({ where: { id: row.recordId } })).status, "COMPLETED");
});

test("database down during a message checklist's submit (Universal Action): the card keeps the values", async () => {
  await h.submitMessage(lab, "tom.tech", rows[1], digestId);
  const sent = h.connector.sent(lab.id);
  const card = cardOf(sent[sent.length - 1]!.body);
  const data = typed(card);
  db.cut();
  try {
    const response = await h.invoke(lab, "tom.tech", "record.submit", data, sent[sent.length - 1]!.responseId);
    assert.equal(response.status, 200);
    assertKept(response.body.value, data);
  } finally {
    db.restore();
  }
});

test("database down: a chat command is answered with a short apology", async () => {
  const before = h.connector.sent(lab.id).length;
  db.cut();
  try {
    const response = await h.message(lab, "tom.tech", "overdue");
    assert.equal(response.status, 200);
  } finally {
    db.restore();
  }
  const sent = h.connector.sent(lab.id);
  assert.equal(sent.length, before + 1, "one reply");
  assert.match(textsOf(cardOf(sent[sent.length - 1]!.body)).join("\n"), /Sorry[\s\S]*try again/i);
});
