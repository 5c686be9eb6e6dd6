import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { channel, personal, startHarness, type Harness } from "./harness.ts";

// Issue 9: Teams sends installationUpdate and conversationUpdate together for one install; the
// install was audited twice.

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

async function addedEvents(conversationId: string): Promise<number> {
  const row = await h.server.database.prisma.botInstallation.findUniqueOrThrow({ where: { conversationId } });
  return h.server.database.prisma.auditEvent.count({ where: { action: "installation.added", entityType: "installation", entityId: String(row.id) } });
}

test("one install, announced by two simultaneous activities, is audited once", async () => {
  for (const conversation of [channel("install-race"), personal("tom.tech")]) {
    const responses = await Promise.all([
      h.post(conversation, "marie.manager", { type: "installationUpdate", action: "add" }),
      h.install(conversation, "marie.manager"),
      h.message(conversation, "marie.manager", "help"),
    ]);
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
    assert.equal(await addedEvents(conversation.id), 1, conversation.id);
  }
});

test("a reinstall after removal is audited once more", async () => {
  const conversation = channel("install-race");
  await h.post(conversation, "marie.manager", { type: "installationUpdate", action: "remove" });
  await Promise.all([h.post(conversation, "marie.manager", { type: "installationUpdate", action: "add" }), h.install(conversation, "marie.manager")]);
  assert.equal(await addedEvents(conversation.id), 2);
});
