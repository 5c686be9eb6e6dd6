import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { systemActor } from "../audit/events.ts";
import { createLab } from "../../tests/support/fixtures/generator.ts";
import { claimDelivery, markSent, STALE_CLAIM_MS } from "./delivery.service.ts";
import { deactivateInstallation, digestInstallations, linkInstallation, saveInstallation, type StoredReference } from "./installation.service.ts";

let tdb: TestDatabase;
const actor = systemActor("BOT", "Labkeep bot");
const NOW = new Date("2026-11-20T15:00:00Z");

before(async () => {
  tdb = await createTestDatabase();
});
after(async () => {
  await tdb?.close();
});

const reference = (id: string, type: "channel" | "personal"): StoredReference => ({
  serviceUrl: "https://smba.example.test/amer/",
  conversation: { id, conversationType: type, tenantId: "t1" },
  user: { id: "29:u", aadObjectId: "aad-u" },
  memberIds: ["29:u"],
});

const added = (entityId: number) => tdb.prisma.auditEvent.count({ where: { action: "installation.added", entityId: String(entityId) } });

test("simultaneous saves of a new conversation create one row and one audit event", async () => {
  const saved = await Promise.all(Array.from({ length: 4 }, () => saveInstallation(tdb.prisma, actor, NOW, reference("19:race@thread.tacv2", "channel"))));
  assert.equal(new Set(saved.map((s) => s.id)).size, 1);
  assert.equal(saved[0]!.conversationType, "CHANNEL");
  assert.equal(await added(saved[0]!.id), 1);
  // A refresh of an active installation is not an install.
  await saveInstallation(tdb.prisma, actor, NOW, { ...reference("19:race@thread.tacv2", "channel"), memberIds: undefined });
  assert.equal(await added(saved[0]!.id), 1);
  const row = await tdb.prisma.botInstallation.findUniqueOrThrow({ where: { id: saved[0]!.id } });
  assert.deepEqual((row.reference as { memberIds: string[] }).memberIds, ["29:u"], "stored members are kept when a refresh has none");
});

test("deactivation is audited once; a reinstall is audited again; only linked or opted-in installations get a digest", async () => {
  const lab = await createLab(tdb.prisma, "INS", "Europe/London");
  const channel = await saveInstallation(tdb.prisma, actor, NOW, reference("19:digest@thread.tacv2", "channel"));
  await saveInstallation(tdb.prisma, actor, NOW, reference("a:personal", "personal"));
  assert.ok(!(await digestInstallations(tdb.prisma)).some((i) => i.id === channel.id));
  await linkInstallation(tdb.prisma, actor, NOW, channel.id, lab.id);
  assert.ok((await digestInstallations(tdb.prisma)).some((i) => i.id === channel.id && i.labId === lab.id));
  await Promise.all([1, 2].map(() => deactivateInstallation(tdb.prisma, actor, NOW, channel.conversationId, "uninstalled")));
  assert.equal(await tdb.prisma.auditEvent.count({ where: { action: "installation.removed", entityId: String(channel.id) } }), 1);
  assert.ok(!(await digestInstallations(tdb.prisma)).some((i) => i.id === channel.id));
  await saveInstallation(tdb.prisma, actor, NOW, reference("19:digest@thread.tacv2", "channel"));
  assert.equal(await added(channel.id), 2);
});

test("a day's delivery is claimed by one worker; a stale pending claim is taken over", async () => {
  const installation = await saveInstallation(tdb.prisma, actor, NOW, reference("19:delivery@thread.tacv2", "channel"));
  const claims = await Promise.all(["a", "b", "c"].map((w) => claimDelivery(tdb.prisma, installation.id, "2026-11-20", w, NOW)));
  assert.equal(claims.filter((c) => c !== null).length, 1);
  assert.equal(await claimDelivery(tdb.prisma, installation.id, "2026-11-20", "d", new Date(NOW.getTime() + STALE_CLAIM_MS - 1)), null);
  const takeover = await claimDelivery(tdb.prisma, installation.id, "2026-11-20", "d", new Date(NOW.getTime() + STALE_CLAIM_MS + 1));
  assert.equal(takeover, claims.find((c) => c !== null));
  await markSent(tdb.prisma, takeover!, "d", "activity-1", NOW);
  assert.equal(await claimDelivery(tdb.prisma, installation.id, "2026-11-20", "e", new Date(NOW.getTime() + 2 * STALE_CLAIM_MS)), null, "a sent digest is never claimed again");
});
