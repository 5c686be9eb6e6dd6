import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { deepLink } from "../../bot/cards/links.ts";
import { personal, startHarness, teamsUserId, textsOf, type Harness } from "./harness.ts";
import type { Wire } from "./wire.ts";

// Issue 14 §1, §2 (R-TEAMS): the message extension's search, link unfurling and the inserted card's
// refresh, driven through the real /api/messages as Teams sends them.

const APP_ID = "11111111-2222-4333-8444-555555555555";
let h: Harness;
const chat = { id: "19:lookup-chat@thread.v2", type: "groupChat" as const };
const db = () => h.server.database.prisma;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

function query(handle: string, text: string, queryOptions: { skip: number; count: number } = { skip: 0, count: 25 }) {
  return h.post(chat, handle, { type: "invoke", name: "composeExtension/query", value: { commandId: "lookup", parameters: [{ name: "query", value: text }], queryOptions } });
}
const queryLink = (handle: string, url: string) => h.post(chat, handle, { type: "invoke", name: "composeExtension/queryLink", value: { url } });
const refresh = (handle: string, data: Record<string, unknown>) =>
  h.post(chat, handle, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "lookup.refresh", data }, trigger: "automatic" } });

/** The headings of a composeExtension result's cards. */
function headings(body: Wire): string[] {
  return body.composeExtension.attachments.map((a: Wire) => a.content.body[0].text);
}
const facts = (card: Wire): Record<string, string> => Object.fromEntries(card.body.find((e: Wire) => e.type === "FactSet").facts.map((f: Wire) => [f.title, f.value]));

/** The search's match on equipment, written out: tag, serial, location, model name or manufacturer. */
const matching = (like: string) => {
  const contains = { contains: like, mode: "insensitive" as const };
  return { OR: [{ assetTag: contains }, { location: contains }, { serialNumber: contains }, { model: { name: contains } }, { model: { manufacturer: contains } }] };
};

/** Open records of matching, non-obsolete equipment in the given labs, as the search should list them. */
async function expectedOpenRecords(labIds: number[], like: string) {
  const rows = await db().pmRecord.findMany({
    where: { labId: { in: labIds }, status: "OPEN", equipment: matching(like) },
    include: { lab: true },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => `${r.lab.code}-${String(r.number).padStart(6, "0")}`);
}

describe("message extension search (composeExtension/query)", () => {
  test("a manager gets the matching instruments of her labs, then their open records, with live status", async () => {
    // The first request of a fresh server also resolves Marie's identity and warms the query plans.
    await query("marie.manager", "centrifuge");
    const started = performance.now();
    const { status, body } = await query("marie.manager", "freezer", { skip: 0, count: 50 });
    const elapsed = performance.now() - started;
    assert.equal(status, 200);
    assert.ok(elapsed < 1500, `answered in ${Math.round(elapsed)} ms (Teams allows 5 s)`);
    console.log(`# composeExtension/query "freezer", 50 results: ${Math.round(elapsed)} ms`);
    const equipment = await db().equipment.findMany({
      where: { labId: { in: [h.labs.BOS!, h.labs.SFO!] }, status: { not: "OBSOLETE" }, AND: [matching("freezer")] },
      include: { model: true },
      orderBy: { assetTag: "asc" },
    });
    assert.ok(equipment.length >= 2, "the demo fleet has freezers in BOS and SFO");
    const result = body.composeExtension;
    assert.equal(result.type, "result");
    assert.equal(result.attachmentLayout, "list");
    const wantInstruments = equipment.map((e) => `${e.assetTag} · ${e.model.name}`);
    const records = await expectedOpenRecords([h.labs.BOS!, h.labs.SFO!], "freezer");
    assert.deepEqual(headings(body).slice(0, equipment.length), wantInstruments);
    assert.deepEqual(headings(body).slice(equipment.length).map((t: string) => t.split(" · ")[0]), records.slice(0, 50 - equipment.length));
    assert.ok(!headings(body).some((t: string) => t.startsWith("LON-")), "nothing of LON");

    // The first instrument's card: status, open work and the next due record, from the rows.
    const first = equipment[0]!;
    const card = result.attachments[0].content;
    const open = await db().pmRecord.findMany({ where: { equipmentId: first.id, status: "OPEN" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
    const overdue = open.filter((r) => r.dueAt < h.clock.now()).length;
    assert.equal(facts(card).Status, "Active");
    assert.equal(facts(card)["Open work"], `${overdue} overdue · ${open.length} open`);
    assert.ok(facts(card)["Next due"]!.startsWith(`${first.assetTag.slice(0, 3)}-${String(open[0]!.number).padStart(6, "0")}`));
    const openButton = card.actions.find((a: Wire) => a.title === "Open checklist");
    assert.deepEqual(openButton.data, { msteams: { type: "task/fetch" }, verb: "record.open", recordId: open[0]!.id });
    assert.deepEqual(card.refresh, { action: { type: "Action.Execute", title: "Refresh", verb: "lookup.refresh", data: { kind: "equipment", id: first.id } }, userIds: [teamsUserId("marie.manager")] });
    assert.equal(card.actions.find((a: Wire) => a.type === "Action.OpenUrl").url, deepLink(APP_ID, "records", `equipment:${first.id}`));
    assert.equal(result.attachments[0].preview.content.title, `${first.assetTag} · ${first.model.name}`);
  });

  test("paging follows queryOptions: windows of the same query join up to the whole list", async () => {
    const whole = headings((await query("marie.manager", "freezer", { skip: 0, count: 50 })).body);
    const pages: string[] = [];
    for (let skip = 0; skip < whole.length; skip += 4) pages.push(...headings((await query("marie.manager", "freezer", { skip, count: 4 })).body));
    assert.deepEqual(pages, whole);
    const beyond = (await query("marie.manager", "freezer", { skip: 10_000, count: 4 })).body.composeExtension;
    assert.deepEqual(beyond.attachments, []);
  });

  test("a technician, who may not open the equipment register, gets only the open records of his lab", async () => {
    const { body } = await query("tom.tech", "freezer", { skip: 0, count: 50 });
    const want = await expectedOpenRecords([h.labs.BOS!], "freezer");
    assert.deepEqual(headings(body).map((t: string) => t.split(" · ")[0]), want.slice(0, 50));
  });

  test("an exact record number finds that record, completed or not; another lab's is not found", async () => {
    const record = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.LON! }, orderBy: { id: "asc" } });
    const number = `LON-${String(record.number).padStart(6, "0")}`;
    const lena = (await query("lena.manager", number)).body.composeExtension;
    assert.equal(lena.attachments[0].content.body[0].text.split(" · ")[0], number);
    const marie = (await query("marie.manager", number)).body.composeExtension;
    assert.deepEqual(marie, { type: "message", text: `Nothing in your labs matches “${number}”.` });
  });

  test("bad input answers a message naming the problem, never a 500", async () => {
    const nul = await query("marie.manager", "fr\u0000eezer");
    assert.equal(nul.status, 200);
    assert.match(nul.body.composeExtension.text, /cannot be stored/);
    const blank = await query("marie.manager", "   ");
    assert.deepEqual(blank.body.composeExtension, { type: "message", text: "Type something to look for." });
    const stranger = await h.post(chat, "marie.manager", { type: "invoke", name: "composeExtension/query", from: { id: "29:someone" }, value: { commandId: "lookup", parameters: [{ name: "query", value: "x" }] } });
    assert.equal(stranger.body.composeExtension.type, "message");
  });
});

describe("link unfurling (composeExtension/queryLink, anonymousQueryLink)", () => {
  test("a record's Teams deep link and the tab's URL unfurl into the same record card", async () => {
    const record = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.BOS!, status: "OPEN" }, include: { equipment: true }, orderBy: { dueAt: "asc" } });
    const fromTeams = (await queryLink("tom.tech", deepLink(APP_ID, "records", `record:${record.id}`))).body.composeExtension;
    const fromTab = (await queryLink("tom.tech", `https://labkeep.example.com/?inTeams=1#/maintenance/record/${record.id}`)).body.composeExtension;
    const card = fromTeams.attachments[0].content;
    assert.deepEqual(fromTab.attachments[0].content, card);
    assert.equal(card.body[0].text, `BOS-${String(record.number).padStart(6, "0")} · ${record.equipment.assetTag}`);
    assert.equal(facts(card).Status, record.dueAt < h.clock.now() ? "Overdue" : "Open");
    assert.deepEqual(card.refresh.action.data, { kind: "record", id: record.id });
  });

  test("an instrument link shows a technician its due work but not the register's status", async () => {
    const equipment = await db().equipment.findFirstOrThrow({ where: { labId: h.labs.BOS!, status: "ACTIVE" }, orderBy: { id: "asc" } });
    const card = (await queryLink("tom.tech", deepLink(APP_ID, "records", `equipment:${equipment.id}`))).body.composeExtension.attachments[0].content;
    assert.equal(facts(card).Status, undefined);
    const open = await db().pmRecord.count({ where: { equipmentId: equipment.id, status: "OPEN" } });
    assert.match(facts(card)["Open work"]!, new RegExp(`· ${open} open$`));
    const managers = (await queryLink("marie.manager", deepLink(APP_ID, "records", `equipment:${equipment.id}`))).body.composeExtension.attachments[0].content;
    assert.equal(facts(managers).Status, "Active");
  });

  test("a link to another lab's record shows nothing of it; another app's deep link has no preview", async () => {
    const lon = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.LON! }, orderBy: { id: "asc" } });
    const hidden = (await queryLink("tom.tech", deepLink(APP_ID, "records", `record:${lon.id}`))).body.composeExtension.attachments[0];
    assert.deepEqual(textsOf(hidden.content), ["Labkeep", "You cannot see this item in Labkeep."]);
    assert.ok(!JSON.stringify(hidden).includes(`LON-${String(lon.number).padStart(6, "0")}`));
    const other = (await queryLink("tom.tech", deepLink("99999999-2222-4333-8444-555555555555", "records", `record:${lon.id}`))).body.composeExtension;
    assert.deepEqual(other, { type: "message", text: "This Labkeep link has no preview." });
  });

  test("zero-install unfurling: no identity, so the card shows nothing of the item and refreshes per viewer", async () => {
    const record = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.BOS! }, orderBy: { id: "asc" } });
    const { status, body } = await h.post(chat, "tom.tech", { type: "invoke", name: "composeExtension/anonymousQueryLink", from: { id: "29:anonymized-viewer" }, value: { url: deepLink(APP_ID, "records", `record:${record.id}`) } });
    assert.equal(status, 200);
    const card = body.composeExtension.attachments[0].content;
    assert.deepEqual(textsOf(card), ["Labkeep", "Open Labkeep to see this item: what it shows depends on who you are."]);
    assert.deepEqual(card.refresh, { action: { type: "Action.Execute", title: "Refresh", verb: "lookup.refresh", data: { kind: "record", id: record.id } } });
  });
});

describe("the inserted card's refresh (adaptiveCard/action lookup.refresh)", () => {
  test("after a completion the card shows who completed it; a viewer without access sees nothing of it", async () => {
    const record = await db().pmRecord.findFirstOrThrow({ where: { labId: h.labs.BOS!, status: "OPEN" }, orderBy: { id: "desc" } });
    const before = await refresh("tom.tech", { kind: "record", id: record.id });
    assert.equal(before.body.type, "application/vnd.microsoft.card.adaptive");
    assert.equal(facts(before.body.value).Status, record.dueAt < h.clock.now() ? "Overdue" : "Open");

    // Tom completes it from a checklist opened on the card (the dialog the Open checklist button fetches).
    const fetched = await h.taskFetch(personal("tom.tech"), "tom.tech", { verb: "record.open", recordId: record.id });
    const checklist = fetched.body.task.value.card.content;
    const inputs: Record<string, unknown> = {};
    JSON.stringify(checklist, (_k, v) => {
      if (v?.type === "Input.ChoiceSet") inputs[v.id] = "DONE";
      if (v?.type === "Input.Number") inputs[v.id] = String(v.placeholder).split("–")[0]!.replace(/[^\d.-]/g, "") || "1";
      if (v?.type === "Input.Text" && v.id !== "comment") inputs[v.id] = "ok";
      return v;
    });
    const submitData = checklist.actions.find((a: Wire) => a.data?.verb === "record.submit").data;
    await h.taskSubmit(personal("tom.tech"), "tom.tech", { ...submitData, ...inputs });
    const done = await db().pmRecord.findUniqueOrThrow({ where: { id: record.id } });
    assert.equal(done.status, "COMPLETED");

    const afterCard = (await refresh("marie.manager", { kind: "record", id: record.id })).body.value;
    assert.match(facts(afterCard).Status!, /^Completed by Tom Edison at /);
    assert.ok(!afterCard.actions.some((a: Wire) => a.title === "Open checklist"), "nothing left to open");
    assert.deepEqual(afterCard.refresh.userIds, [teamsUserId("marie.manager")]);

    const lena = (await refresh("lena.manager", { kind: "record", id: record.id })).body.value;
    assert.deepEqual(textsOf(lena), ["Labkeep", "You cannot see this item in Labkeep."]);
    const equipmentForLena = (await refresh("lena.manager", { kind: "equipment", id: record.equipmentId })).body.value;
    assert.deepEqual(textsOf(equipmentForLena), ["Labkeep", "You cannot see this item in Labkeep."]);
  });

  test("an instrument card refreshes to its current status", async () => {
    const equipment = await db().equipment.findFirstOrThrow({ where: { labId: h.labs.SFO!, status: "ACTIVE" }, orderBy: { id: "asc" } });
    await db().equipment.update({ where: { id: equipment.id }, data: { status: "IN_REPAIR" } });
    const card = (await refresh("marie.manager", { kind: "equipment", id: equipment.id })).body.value;
    assert.equal(facts(card).Status, "In repair");
    const bad = await refresh("marie.manager", { kind: "equipment", id: "x" });
    assert.equal(bad.status, 200);
  });
});

