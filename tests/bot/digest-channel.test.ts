import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO_TENANT_ID } from "../../domain/seed/identities.ts";
import { cardOf, channel, personal, startHarness, textsOf, type Harness } from "./harness.ts";
import { devToken } from "../support/server.ts";

/**
 * Issue 11: the lab dialog's digest channel. Choosing a channel through the API has the effect of
 * typing `link <CODE>` in it: that conversation gets the lab's digest, the same card.
 */
let h: Harness;
const typed = channel("bos-typed");
const chosen = channel("bos-chosen");
const idle = channel("not-linked");
const tokens: Record<string, string> = {};

before(async () => {
  h = await startHarness();
  await h.install(typed, "ada.admin");
  await h.message(typed, "ada.admin", "link BOS");
  // Teams names the channel in the conversation of the install event.
  await h.post(chosen, "ada.admin", { type: "conversationUpdate", membersAdded: [{ id: "28:labkeep-bot" }], conversation: { id: chosen.id, conversationType: "channel", tenantId: DEMO_TENANT_ID, isGroup: true, name: "Cold chain" } });
  await h.install(idle, "ada.admin");
  await h.install(personal("marie.manager"), "marie.manager");
  for (const who of ["ada.admin", "marie.manager"]) {
    tokens[who] = await devToken(h.server, who);
  }
});
after(async () => {
  await h?.close();
});

const db = () => h.server.database.prisma;
const installationOf = (conversationId: string) => db().botInstallation.findUniqueOrThrow({ where: { conversationId } });

test("an Administrator lists the channels, links one to a lab through the API (audited), and the digest of that lab goes there", async () => {
  const bos = h.labs.BOS;
  const listed = await h.server.call("GET", `/api/labs/${bos}/channels`, { token: tokens["ada.admin"] });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  const rows = await db().botInstallation.findMany({ where: { active: true, conversationType: { not: "PERSONAL" } }, include: { lab: true }, orderBy: { id: "asc" } });
  assert.deepEqual(listed.body.items.map((c: { id: number; lab: { code: string } | null }) => [c.id, c.lab?.code ?? null]), rows.map((r) => [r.id, r.lab?.code ?? null]));
  const target = await installationOf(chosen.id);
  assert.equal(listed.body.items.find((c: { id: number }) => c.id === target.id).name, "Cold chain");
  assert.equal(target.labId, null);

  const linked = await h.server.call("PUT", `/api/labs/${bos}/channel`, { token: tokens["ada.admin"], body: { installationId: target.id } });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  assert.deepEqual(linked.body, { id: target.id, name: "Cold chain", conversationType: "CHANNEL", lab: { id: bos, code: "BOS" } });
  assert.equal((await installationOf(chosen.id)).labId, bos);
  const audit = await db().auditEvent.findMany({ where: { action: "installation.linked", entityId: String(target.id) } });
  assert.deepEqual(audit.map((e) => [e.source, e.actorName, e.labId, e.before, e.after]), [["TAB", "Ada Lovelace", bos, { labId: null }, { labId: bos }]]);

  const since = Date.now();
  await h.bot.runDigest();
  const digest = (id: string) => h.connector.sent(id).filter((c) => c.at >= since).map((c) => textsOf(cardOf(c.body)));
  const [typedCard] = digest(typed.id);
  assert.ok(typedCard && typedCard.length > 0, "the channel linked by typing got the BOS digest");
  assert.deepEqual(digest(chosen.id), [typedCard], "the channel chosen in the tab got the same digest");
  assert.deepEqual(digest(idle.id), [], "a channel linked to no lab gets none");
});

test("only an Administrator chooses; a personal chat or an unknown installation is refused naming the field, nothing written", async () => {
  const bos = h.labs.BOS;
  const target = await installationOf(idle.id);
  assert.equal((await h.server.call("GET", `/api/labs/${bos}/channels`, { token: tokens["marie.manager"] })).status, 403);
  assert.equal((await h.server.call("PUT", `/api/labs/${bos}/channel`, { token: tokens["marie.manager"], body: { installationId: target.id } })).status, 403);
  const personalChat = await installationOf(personal("marie.manager").id);
  for (const installationId of [personalChat.id, 999_999, "x"]) {
    const refused = await h.server.call("PUT", `/api/labs/${bos}/channel`, { token: tokens["ada.admin"], body: { installationId } });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(refused.body.error.details.fields.map((f: { field: string }) => f.field), ["installationId"]);
  }
  assert.equal((await installationOf(idle.id)).labId, null);
  assert.equal((await installationOf(personal("marie.manager").id)).labId, null);
  assert.equal(await db().auditEvent.count({ where: { action: "installation.linked", entityId: { in: [String(target.id), String(personalChat.id)] } } }), 0);
});
