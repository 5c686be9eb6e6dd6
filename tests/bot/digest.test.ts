import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { pino } from "pino";
import { mountBot } from "../../bot/index.ts";
import { channel, senderFor, startHarness, type Harness } from "./harness.ts";

let h: Harness;
const labs = [channel("bos-a"), channel("bos-b"), channel("lon-a")];

before(async () => {
  h = await startHarness();
  for (const conversation of labs) {
    await h.install(conversation, "ada.admin");
    await h.message(conversation, "ada.admin", `link ${conversation.id.includes("lon") ? "LON" : "BOS"}`);
  }
});
after(async () => {
  await h?.close();
});

const db = () => h.server.database.prisma;
let day = 0;
beforeEach(() => {
  // Each test is a new day: yesterday's deliveries do not count.
  day++;
  h.clock.set(new Date(Date.parse("2026-11-20T15:00:00Z") + day * 86_400_000));
  h.connector.failWith(null);
});

const today = () => new Date(h.clock.now().toISOString().slice(0, 10));
const digestsTo = (id: string, since: number) => h.connector.sent(id).filter((c) => c.at >= since).length;

async function deliveryOf(conversationId: string) {
  return db().digestDelivery.findFirstOrThrow({ where: { installation: { conversationId }, localDate: today() } });
}

test("two servers sending the same day's digest: each conversation gets it once", async () => {
  // Another instance: its own restify server and sender, the same database.
  const restify = (await import("restify")).default;
  const other = mountBot(restify.createServer(), {
    config: h.server.config,
    db: db(),
    clock: h.clock,
    log: pino({ level: "silent" }),
    resolvePrincipal: (id, tenant, profile) => h.server.services.identity.principalForAadObjectId(id, tenant, profile),
    sender: senderFor(),
    workerId: "server-b",
  });
  const since = Date.now();
  const [a, b] = await Promise.all([h.bot.runDigest(), other.runDigest()]);
  assert.equal(a.sent + b.sent, labs.length);
  for (const c of labs) assert.equal(digestsTo(c.id, since), 1);
  const rows = await db().digestDelivery.findMany({ where: { localDate: today() } });
  assert.equal(rows.length, labs.length);
  assert.ok(rows.every((r) => r.status === "SENT" && r.activityId));
});

test("a 429 storm is ridden out with Retry-After and backoff; nothing is lost or doubled", async () => {
  let failures = 0;
  h.connector.failWith((call) => (call.method === "POST" && failures++ < 8 ? { status: [429, 412, 502, 504][failures % 4]!, headers: { "retry-after": "0.05" } } : undefined));
  const since = Date.now();
  const run = await h.bot.runDigest();
  assert.equal(run.sent, labs.length);
  assert.equal(run.retries, 8);
  for (const c of labs) assert.equal(digestsTo(c.id, since), 1);
});

test("a storm longer than the retries leaves the delivery failed; a later run sends it once", async () => {
  const target = labs[0]!.id;
  h.connector.failWith((call) => (call.conversationId === target ? { status: 429, headers: { "retry-after": "0" } } : undefined));
  const first = await h.bot.runDigest();
  assert.equal(first.failed, 1);
  assert.equal(first.sent, labs.length - 1);
  assert.equal(h.connector.calls.filter((c) => c.conversationId === target && c.status === 429).length >= 6, true);
  const failed = await deliveryOf(target);
  assert.equal(failed.status, "FAILED");
  assert.equal(failed.lastError, "HTTP 429");
  h.connector.failWith(null);
  const since = Date.now();
  const second = await h.bot.runDigest();
  assert.equal(second.sent, 1);
  assert.equal(digestsTo(target, since), 1);
  assert.equal((await deliveryOf(target)).status, "SENT");
});

test("a crash after claiming is resumed once the claim is stale", async () => {
  const target = labs[1]!.id;
  const installation = await db().botInstallation.findUniqueOrThrow({ where: { conversationId: target } });
  await db().digestDelivery.create({ data: { installationId: installation.id, localDate: today(), status: "PENDING", claimedBy: "dead-server", claimedAt: new Date(h.clock.now().getTime() - 60_000) } });
  const fresh = await h.bot.runDigest();
  assert.equal(fresh.sent, labs.length - 1, "a fresh claim belongs to its server");
  await db().digestDelivery.updateMany({ where: { installationId: installation.id, localDate: today() }, data: { claimedAt: new Date(h.clock.now().getTime() - 11 * 60_000) } });
  const since = Date.now();
  const resumed = await h.bot.runDigest();
  assert.equal(resumed.sent, 1);
  assert.equal(digestsTo(target, since), 1);
  const row = await deliveryOf(target);
  assert.equal(row.claimedBy, "server-a");
  assert.equal(row.status, "SENT");
});

test("a conversation that is gone (403/404) is not retried and its installation is deactivated", async () => {
  const target = labs[2]!.id;
  h.connector.failWith((call) => (call.conversationId === target ? { status: 404 } : undefined));
  const run = await h.bot.runDigest();
  assert.equal(run.gone, 1);
  assert.equal(h.connector.calls.filter((c) => c.conversationId === target && c.status === 404).length, 1);
  const installation = await db().botInstallation.findUniqueOrThrow({ where: { conversationId: target } });
  assert.equal(installation.active, false);
  const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "installation.removed", entityId: String(installation.id) } });
  assert.match(audit.reason ?? "", /404/);
  h.connector.failWith(null);
  day++;
  h.clock.set(new Date(Date.parse("2026-11-20T15:00:00Z") + day * 86_400_000));
  const next = await h.bot.runDigest();
  assert.equal(next.sent, labs.length - 1);
});

test("with credentials configured, a request without a Bot Framework token is refused with 401", async () => {
  const restify = (await import("restify")).default;
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  mountBot(server, {
    config: { ...h.server.config, BOT_ID: "b6b0c1f4-0000-4000-8000-000000000001", BOT_PASSWORD: "secret", BOT_TENANT_ID: "6f0b8d4e-1c2a-4b7e-9d3f-0a1b2c3d4e5f" },
    db: db(),
    clock: h.clock,
    log: pino({ level: "silent" }),
    resolvePrincipal: (id, tenant, profile) => h.server.services.identity.principalForAadObjectId(id, tenant, profile),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/messages`;
  const activity = { type: "message", text: "overdue", channelId: "msteams", serviceUrl: h.connector.url, from: { id: "29:x" }, recipient: { id: "28:bot" }, conversation: { id: "a:1" } };
  const before = h.connector.calls.length;
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  assert.equal(response.status, 401);
  const forged = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer not.a.token" }, body: JSON.stringify(activity) });
  assert.equal(forged.status, 401);
  assert.equal(h.connector.calls.length, before);
  server.close();
});
