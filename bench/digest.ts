// npm run bench:digest — the daily digest to 2,000 Teams conversations through the one proactive
// sender, against a connector stand-in that answers 429 (Retry-After: 1) to 5% of calls. The
// database is a fresh one on the PostgreSQL server named by TEST_DATABASE_URL (dropped at the
// end). Prints sent, retries, lost (installations without a delivered digest, or delivered
// twice) and the elapsed time against the minimum Teams' per-tenant limit (30/s) allows.
import { performance } from "node:perf_hooks";
import restify from "restify";
import { pino } from "pino";
import { fixedClock } from "../domain/clock.ts";
import { DEMO_TENANT_ID } from "../domain/seed/identities.ts";
import { seededRandom } from "../domain/seed/random.ts";
import { mountBot } from "../bot/index.ts";
import { loadConfig } from "../server/config.ts";
import { startConnector } from "../tests/support/connector.ts";
import { createTestDatabase } from "../tests/support/db.ts";
import { demoFixture } from "../tests/bot/fixture.ts";

const INSTALLATIONS = 2_000;
const FAILURE_RATE = 0.05;
const TENANT_PER_SECOND = 30;
const NOW = new Date("2026-11-20T15:00:00Z");

if (!process.env.TEST_DATABASE_URL) {
  console.error("bench:digest needs TEST_DATABASE_URL, the PostgreSQL server to use (e.g. postgresql://root@127.0.0.1:5432/postgres).");
  process.exit(2);
}

const database = await createTestDatabase({ poolSize: 10 });
const connector = await startConnector();
try {
  const db = database.prisma;
  const { labs } = await demoFixture(db, NOW);
  const labIds = Object.values(labs);
  await db.botInstallation.createMany({
    data: Array.from({ length: INSTALLATIONS }, (_, i) => {
      const conversation = { id: `19:bench-${i}@thread.tacv2`, conversationType: "channel", tenantId: DEMO_TENANT_ID };
      return {
        conversationId: conversation.id,
        conversationType: "CHANNEL" as const,
        tenantId: DEMO_TENANT_ID,
        serviceUrl: connector.url,
        labId: labIds[i % labIds.length]!,
        reference: { conversation, serviceUrl: connector.url, channelId: "msteams", bot: { id: "28:labkeep-bot" }, memberIds: [`29:member-${i}`] },
      };
    }),
  });
  const random = seededRandom(42);
  connector.failWith((call) => (call.method === "POST" && random.next() < FAILURE_RATE ? { status: 429, headers: { "retry-after": "1" } } : undefined));

  const bot = mountBot(restify.createServer(), {
    config: loadConfig({ NODE_ENV: "test" }),
    db,
    clock: fixedClock(NOW),
    log: pino({ level: "warn" }),
    resolvePrincipal: async () => {
      throw new Error("channels need no user");
    },
    workerId: "bench",
  });
  const started = performance.now();
  const run = await bot.runDigest(NOW);
  const seconds = (performance.now() - started) / 1000;

  const perConversation = new Map<string, number>();
  for (const call of connector.sent()) perConversation.set(call.conversationId, (perConversation.get(call.conversationId) ?? 0) + 1);
  const delivered = await db.digestDelivery.count({ where: { status: "SENT", activityId: { not: null } } });
  const doubled = [...perConversation.values()].filter((n) => n > 1).length;
  const lost = INSTALLATIONS - Math.min(delivered, perConversation.size) + doubled;
  const minimum = run.sent / TENANT_PER_SECOND;
  const answered429 = connector.calls.filter((c) => c.status === 429).length;
  console.log(`calls ${connector.calls.length}, answered 429: ${answered429}, failed ${run.failed}, gone ${run.gone}, skipped ${run.skipped}`);
  console.log(`digest: ${run.sent} sent, ${run.retries} retries, ${lost} lost in ${seconds.toFixed(1)} s, ratio to rate-limit minimum ${(seconds / minimum).toFixed(2)}`);
} finally {
  await connector.close();
  await database.close();
}
