import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { personal, startHarness, type Harness } from "./harness.ts";

/**
 * A mapped newcomer's first contact registers them, audited with the door they came through:
 * a first message to the bot is a BOT registration (it used to be recorded as TAB).
 */
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test("a newcomer who first talks to the bot is registered with source BOT", async () => {
  const newcomer = { aadObjectId: "00000000-0000-4000-8000-00000000b07a", name: "Nadia Newcomer" };
  await h.server.database.prisma.devDirectoryMembership.create({ data: { aadObjectId: newcomer.aadObjectId, groupId: "00000000-0000-4000-8000-0000000b0501", groupName: "Labkeep-BOS-Technician" } });

  const response = await h.post(personal("nadia"), "tom.tech", { type: "message", text: "overdue", from: { id: `29:${newcomer.aadObjectId}`, name: newcomer.name, aadObjectId: newcomer.aadObjectId } });
  assert.equal(response.status, 200);

  const user = await h.server.database.prisma.user.findUniqueOrThrow({ where: { aadObjectId: newcomer.aadObjectId } });
  assert.equal(user.displayName, newcomer.name);
  assert.equal(user.primaryLabId, h.labs.BOS);
  const events = await h.server.database.prisma.auditEvent.findMany({ where: { action: "user.registered", entityId: String(user.id) } });
  assert.deepEqual(events.map((e) => [e.source, e.actorId]), [["BOT", user.id]]);
});
