import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DateTime } from "luxon";
import { generateRecords } from "../../domain/generator/generator.ts";
import { cardOf, channel, personal, startHarness, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

// Issue 10 "Due today is always empty": what the cards count must be what the records say, each
// lab's "today" ending at its own local midnight. Expected counts are computed here from the rows.

let h: Harness;
const bos = channel("bos-due");
const ada = personal("ada.admin");
/** 04:16 in Boston (EST), 01:16 in San Francisco, 09:16 in London. */
const EARLY = new Date("2026-11-21T09:16:00Z");
/** 07:30 in Boston: BOS's digest hour (07:00) has come. */
const DIGEST_TIME = new Date("2026-11-21T12:30:00Z");

before(async () => {
  h = await startHarness();
  h.clock.set(EARLY);
  // The scheduler's generation at this hour: today's daily checklists (due tonight) exist.
  await generateRecords(h.server.database.prisma, { now: EARLY });
  await h.install(bos, "ada.admin");
  await h.message(bos, "ada.admin", "link BOS");
});
after(async () => {
  await h?.close();
});

/** Overdue and due-tonight counts of open records, computed from the rows in each lab's zone. */
async function expected(labCodes: string[], now: Date): Promise<{ overdue: number; dueToday: number }> {
  const records = await h.server.database.prisma.pmRecord.findMany({
    where: { status: "OPEN", lab: { code: { in: labCodes } } },
    select: { dueAt: true, lab: { select: { timeZone: true } } },
  });
  let overdue = 0;
  let dueToday = 0;
  for (const r of records) {
    const tonight = DateTime.fromJSDate(now, { zone: r.lab.timeZone }).plus({ days: 1 }).startOf("day").toMillis();
    if (r.dueAt.getTime() < now.getTime()) overdue++;
    else if (r.dueAt.getTime() <= tonight) dueToday++;
  }
  return { overdue, dueToday };
}

function lastCard(conversationId: string): Wire {
  const sent = h.connector.sent(conversationId);
  return cardOf(sent[sent.length - 1]?.body);
}

/** The card's total line, "N overdue · M due today". */
function shown(card: Wire): { overdue: number; dueToday: number } {
  const line = textsOf(card).map((t) => /^(\d+) overdue · (\d+) due today$/.exec(t)).find(Boolean);
  assert.ok(line, `no count line in ${textsOf(card).join(" | ")}`);
  return { overdue: Number(line[1]), dueToday: Number(line[2]) };
}

test("at 04:16 Boston time the records due tonight are counted as due today, and the due command shows the true overdue count", async () => {
  h.clock.set(EARLY);
  const want = await expected(["BOS"], EARLY);
  assert.ok(want.dueToday > 0 && want.overdue > 0, `the fixture has both kinds: ${JSON.stringify(want)}`);
  await h.message(bos, "ada.admin", "due today");
  const due = lastCard(bos.id);
  assert.deepEqual(shown(due), want);
  assert.equal((JSON.stringify(due).match(/"verb":"record.open"/g) ?? []).length > 0, true, "rows are listed");
  assert.doesNotMatch(textsOf(due).join("\n"), /Nothing is overdue or due today/);
  await h.message(bos, "ada.admin", "overdue");
  assert.deepEqual(shown(lastCard(bos.id)), want);
});

test("a personal list over several labs counts each lab's today in its own zone", async () => {
  h.clock.set(EARLY);
  await h.message(ada, "ada.admin", "due today");
  assert.deepEqual(shown(lastCard(ada.id)), await expected(["BOS", "SFO", "LON"], EARLY));
});

test("`overdue SFO` lists San Francisco's records only, from a channel linked to Boston", async () => {
  h.clock.set(EARLY);
  await h.message(bos, "ada.admin", "overdue SFO");
  const card = lastCard(bos.id);
  assert.deepEqual(shown(card), await expected(["SFO"], EARLY));
  const numbers = JSON.stringify(card).match(/[A-Z]{3}-\d{6}/g) ?? [];
  assert.ok(numbers.length > 0);
  assert.ok(numbers.every((n) => n.startsWith("SFO-")), numbers.join(","));
  await h.message(bos, "tom.tech", "overdue LON");
  assert.match(textsOf(lastCard(bos.id)).join("\n"), /not found/i, "a lab the user cannot see does not exist for them");
});

test("the daily digest counts what is due today", async () => {
  h.clock.set(DIGEST_TIME);
  const run = await h.bot.runDigest();
  assert.equal(run.sent, 1);
  assert.deepEqual(shown(lastCard(bos.id)), await expected(["BOS"], DIGEST_TIME));
});

test("a list over several labs writes each row's due day in its own lab's zone, named, as the tab does", async () => {
  h.clock.set(EARLY);
  await h.message(ada, "ada.admin", "overdue");
  const rows: { number: string; due: string }[] = [];
  JSON.stringify(lastCard(ada.id).body, (_key, value) => {
    if (value?.type === "ColumnSet") {
      const texts = value.columns[0].items.map((i: Wire) => i.text as string);
      rows.push({ number: /[A-Z]{3}-\d{6}/.exec(texts[0])![0], due: texts[1] });
    }
    return value;
  });
  const labsShown = new Set(rows.map((r) => r.number.slice(0, 3)));
  assert.ok(labsShown.size >= 2, `rows from several labs: ${[...labsShown].join(",")}`);
  for (const row of rows) {
    const [code, number] = row.number.split("-");
    const record = await h.server.database.prisma.pmRecord.findFirstOrThrow({ where: { number: Number(number), lab: { code } }, include: { lab: true } });
    // The period's last day in the record's own lab zone: the instant before its due midnight.
    const lastDay = DateTime.fromJSDate(new Date(record.dueAt.getTime() - 1), { zone: record.lab.timeZone }).toFormat("LLL d");
    assert.equal(row.due, `Due by end of ${lastDay} (${code} time)`);
  }
});
