import assert from "node:assert/strict";
import { test } from "node:test";
import { checklistCard, completedCard, digestCard, helpCard, messageCard, type DigestGroup, type Frequency } from "../../bot/cards/index.ts";
import { ROWS_PER_GROUP } from "../../bot/digest/build.ts";
import { cardProblems } from "../../bot/cards/validate.ts";
import type { Wire } from "./wire.ts";

const FREQUENCIES: Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"];
const users = Array.from({ length: 80 }, (_, i) => `29:user-${i}`);

/** The largest digest a lab can produce: every frequency full, long names, 60 refresh users. */
function worstDigest() {
  const groups: DigestGroup[] = FREQUENCIES.map((frequency, f) => ({
    frequency,
    overdue: 400,
    dueToday: 250,
    listed: 650,
    rows: Array.from({ length: ROWS_PER_GROUP }, (_, i) => ({
      id: 100_000 + f * 10 + i,
      number: `BOS-${String(123_456 + i).padStart(6, "0")}`,
      equipment: `BOS-ULT-FRZ-${i}0001 · Thermo Scientific TSX Series Ultra-Low Freezer -80 °C`,
      location: "Building 4, Floor 3, Room 3.117 (cold room, bay B)",
      frequency,
      dueAt: new Date(Date.UTC(2026, 10, 19 - i)),
      timeZone: "America/New_York",
      labCode: "BOS",
      overdue: i % 2 === 0,
      doneBy: null,
    })),
  }));
  return digestCard({
    title: "Daily maintenance digest",
    subtitle: "Friday, November 20, 2026 · Boston Clinical Lab",
    timeZone: "America/New_York",
    groups,
    now: new Date("2026-11-20T15:00:00Z"),
    ref: { labId: 1, kind: "digest", at: "2026-11-20T15:00:00.000Z" },
    listUrl: "https://teams.microsoft.com/l/entity/11111111-2222-4333-8444-555555555555/records?context=%7B%22subEntityId%22%3A%22records%3A1%3Aopen%22%7D",
    refresh: { verb: "digest.refresh", data: { labId: 1, kind: "digest" }, userIds: users },
  });
}

test("the largest possible digest is under 28 KB, bounded rows, at most 60 refresh users, and parses cleanly", () => {
  const card: Wire = worstDigest();
  const size = Buffer.byteLength(JSON.stringify(card));
  assert.ok(size < 28 * 1024, `digest is ${size} bytes`);
  assert.deepEqual(cardProblems(card), []);
  assert.equal(card.refresh.userIds.length, 60);
  const rows = JSON.stringify(card).match(/"type":"task\/fetch"\},"verb":"record.open"/g) ?? [];
  assert.equal(rows.length, FREQUENCIES.length * ROWS_PER_GROUP);
  const texts = JSON.stringify(card);
  assert.match(texts, /Daily — 400 overdue · 250 due today/);
  assert.match(texts, /and 645 more in Labkeep/);
});

test("an empty digest says there is nothing to do", () => {
  const card = digestCard({ title: "Overdue checklists", subtitle: "s", timeZone: "UTC", groups: [], now: new Date(), ref: { kind: "overdue" }, listUrl: "https://example.test/list", refresh: null });
  assert.match(JSON.stringify(card.body), /Nothing is overdue or due today/);
  assert.equal(card.refresh, undefined);
  assert.deepEqual(cardProblems(card), []);
});

test("the checklist has one input per task by kind, limits and unit in the reading's label, problems under their field", () => {
  const card: Wire = checklistCard({
    recordId: 7, number: "BOS-000007", equipment: "FRZ-1 · Freezer", location: null, frequency: "DAILY",
    dueAt: new Date("2026-11-20T05:00:00Z"), overdue: true, timeZone: "America/New_York", labCode: "BOS", mode: "message",
    tasks: [
      { taskId: 1, title: "Door seal intact", kind: "CHECK", unit: null, min: null, max: null, required: true },
      { taskId: 2, title: "Temperature", kind: "READING", unit: "°C", min: -86, max: -70, required: true },
      { taskId: 3, title: "Remarks", kind: "TEXT", unit: null, min: null, max: null, required: false },
    ],
    answers: { 2: { reading: "warm" } },
    problems: { 0: ["Some answers need attention."], 2: ["The reading of \"Temperature\" must be a number."] },
    url: "https://example.test/record/7", userIds: users,
  });
  assert.deepEqual(cardProblems(card), []);
  const ids = card.body.filter((e: Wire) => e.id).map((e: Wire) => `${e.type}:${e.id}`);
  assert.deepEqual(ids, ["Input.ChoiceSet:task_1", "Input.Number:task_2", "Input.Text:task_3", "Input.Text:comment"]);
  const reading = card.body.find((e: Wire) => e.id === "task_2");
  assert.equal(reading.label, "Temperature (limits -86–-70 °C)");
  assert.equal(reading.min, undefined, "a reading outside the limits is recorded as failed, not refused");
  const after = card.body[card.body.indexOf(reading) + 1];
  assert.equal(after.color, "Attention");
  assert.equal(card.body[2].text, "Overdue: was due by end of Nov 19, 2026 (BOS time)");
  assert.equal(card.actions[0].verb, "record.submit");
  assert.equal(card.refresh.userIds.length, 60);
});

test("completed, help and message cards parse cleanly and say who and when", () => {
  const done = completedCard({
    recordId: 7, number: "BOS-000007", equipment: "FRZ-1 · Freezer", completedBy: "Tom Edison", completedAt: new Date("2026-11-20T15:00:00Z"),
    timeZone: "America/New_York", labCode: "BOS", result: "FAIL", results: [{ title: "Temperature", value: "-60 °C", passed: false }], comment: null,
    alreadyCompleted: true, url: "https://example.test/record/7", userIds: ["29:a"],
  });
  assert.match(JSON.stringify(done), /BOS-000007 completed by Tom Edison at Nov 20, 2026, 10:00 AM \(BOS time\)/);
  assert.match(JSON.stringify(done), /-60 °C \(failed\)/);
  for (const card of [done, helpCard("https://example.test/"), messageCard("Not allowed", "No.")]) assert.deepEqual(cardProblems(card), []);
});

/** A digest row as the query returns it. */
function digestRow(id: number, labCode: string, timeZone: string, dueAt: string, doneBy: string | null = null) {
  return { id, number: `${labCode}-${String(id).padStart(6, "0")}`, equipment: `EQ-${id} · Fridge`, location: null, frequency: "MONTHLY" as const, dueAt: new Date(dueAt), timeZone, labCode, overdue: true, doneBy };
}

test("rows of two labs read each in its own lab's time, zone named, as the tab's 'by end of' day", () => {
  // Both due at their own lab's midnight that starts Nov 1: the period's last day is Oct 31.
  const bos = digestRow(1, "BOS", "America/New_York", "2026-11-01T04:00:00Z");
  const sfo = digestRow(2, "SFO", "America/Los_Angeles", "2026-11-01T07:00:00Z");
  const card = digestCard({
    title: "Overdue checklists", subtitle: "s", timeZone: "America/New_York", now: new Date("2026-11-20T15:00:00Z"), ref: { kind: "overdue" },
    groups: [{ frequency: "MONTHLY", overdue: 2, dueToday: 0, listed: 2, rows: [bos, sfo] }], listUrl: "https://example.test/list", refresh: null,
  });
  const texts = JSON.stringify(card.body);
  assert.match(texts, /"Due by end of Oct 31 \(BOS time\)"/);
  assert.match(texts, /"Due by end of Oct 31 \(SFO time\)"/);
  assert.doesNotMatch(texts, /Nov 2026, 00:00|1 Nov/);
  assert.deepEqual(cardProblems(card), []);
});

test("each open row has a visible Open button (a Teams dialog, task/fetch) and a row tap for clients without dialogs; a row done since shows who did it and neither", () => {
  const open = digestRow(11, "BOS", "America/New_York", "2026-11-20T05:00:00Z");
  const done = digestRow(12, "BOS", "America/New_York", "2026-11-20T05:00:00Z", "Tom Edison");
  const ref = { labId: 3, kind: "digest" as const, at: "2026-11-20T12:00:00.000Z" };
  const card: Wire = digestCard({
    title: "Daily maintenance digest", subtitle: "s", timeZone: "America/New_York", now: new Date("2026-11-20T15:00:00Z"), ref,
    groups: [{ frequency: "DAILY", overdue: 1, dueToday: 0, listed: 1, rows: [open, done] }], listUrl: "https://example.test/list", refresh: null,
  });
  const [first, second] = card.body[3].items.slice(1);
  const button = first.columns[1].items[0].actions[0];
  assert.equal(button.type, "Action.Submit");
  assert.equal(button.title, "Open");
  // The digest it came from, in the short form every row carries (lab, kind, first drawn in epoch seconds).
  const wire = { l: 3, k: "d", t: Date.parse(ref.at) / 1000 };
  assert.deepEqual(button.data, { msteams: { type: "task/fetch" }, verb: "record.open", recordId: 11, digest: wire });
  assert.equal(second.columns.length, 1, "no button on a done row");
  const doneText = second.columns[0].items.at(-1);
  assert.equal(doneText.text, "✓ Done by Tom Edison");
  assert.equal(doneText.weight, "Bolder");
  assert.equal(doneText.color, undefined, "default text colour: readable on white and in dark theme");
  // Clients without dialogs (the Agents Playground) send nothing for the button: tapping the row posts the checklist as a message.
  assert.deepEqual(first.selectAction, { type: "Action.Execute", verb: "record.open", data: { recordId: 11, digest: wire } });
  assert.equal(second.selectAction, undefined);
  assert.deepEqual(cardProblems(card), []);
});

test("help shows `link <LAB>` escaped so Teams does not take it for HTML", () => {
  const card: Wire = helpCard("https://example.test/");
  const titles = card.body.find((e: Wire) => e.type === "FactSet").facts.map((f: Wire) => f.title);
  const link = titles.find((t: string) => t.startsWith("link"));
  assert.equal(link, "link \\<LAB\\>");
  // What a markdown renderer shows: the backslash escapes undone.
  assert.equal(link.replace(/\\(.)/g, "$1"), "link <LAB>");
});

test("'already completed' is bold default text on an attention container, not yellow text on white", () => {
  const card: Wire = completedCard({
    recordId: 7, number: "BOS-000007", equipment: "FRZ-1 · Freezer", completedBy: "Tom Edison", completedAt: new Date("2026-11-20T15:00:00Z"),
    timeZone: "America/New_York", labCode: "BOS", result: "PASS", results: [], comment: null, alreadyCompleted: true, url: "https://example.test/record/7", userIds: [],
  });
  const notice = card.body.find((e: Wire) => e.type === "Container" && JSON.stringify(e).includes("already completed"));
  assert.equal(notice.style, "attention");
  assert.equal(notice.items[0].weight, "Bolder");
  assert.equal(notice.items[0].color, undefined);
  assert.doesNotMatch(JSON.stringify(card), /"Warning"/);
  assert.deepEqual(cardProblems(card), []);
});

test("a completed record's card counts its attached files and links to the tab for them, never to the files", () => {
  const base = {
    recordId: 9, number: "BOS-000009", equipment: "INC-1 · Incubator", completedBy: "Tom Edison", completedAt: new Date("2026-11-20T15:00:00Z"),
    timeZone: "America/New_York", labCode: "BOS", result: "FAIL" as const, results: [{ title: "CO2", value: "6.2 %", passed: false }], comment: null,
    alreadyCompleted: false, url: "https://example.test/record/9", userIds: ["29:a"],
  };
  const withFiles = completedCard({ ...base, attachments: 2 }) as unknown as { body: { text?: string }[]; actions: { title: string; url: string }[] };
  assert.deepEqual(withFiles.body.map((e) => e.text).filter((t) => t?.includes("attached")), ["2 files attached (photos, certificates): open in Labkeep to see them."]);
  assert.deepEqual(withFiles.actions.map((a) => [a.title, a.url]), [["Open in Labkeep (2 files)", "https://example.test/record/9"]]);
  assert.doesNotMatch(JSON.stringify(withFiles), /\/api\/attachments/);
  const without = completedCard({ ...base, attachments: 0 }) as unknown as { body: { text?: string }[]; actions: { title: string }[] };
  assert.deepEqual([without.body.some((e) => e.text?.includes("attached")), without.actions[0]!.title], [false, "Open in Labkeep"]);
  assert.deepEqual(cardProblems(completedCard({ ...base, attachments: 1 })), []);
});
