import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { createPrismaClient, DEFAULT_TIMEOUTS } from "./client.ts";
import { startEmbeddedPostgres } from "./embedded.ts";

// The embedded database runs one transaction at a time: with Prisma's own 2 s wait to start a
// transaction, 30 writers of 100 ms each failed ("Unable to start a transaction in the given
// time", answered 500). The client's default wait lets them queue and all succeed.
test("thirty concurrent 100 ms transactions on the embedded database all start within the default wait", async () => {
  assert.ok(DEFAULT_TIMEOUTS.transactionWaitMs >= 3_000 + 2_000, "room for 30 × 100 ms and a margin");
  const embedded = await startEmbeddedPostgres();
  const db = createPrismaClient(embedded.url, { poolSize: 10 });
  try {
    await db.$executeRaw`CREATE TABLE queued (writer int PRIMARY KEY)`;
    const writers = Array.from({ length: 30 }, (_, i) => i);
    const results = await Promise.allSettled(
      writers.map((writer) =>
        db.$transaction(async (tx) => {
          await tx.$executeRaw`INSERT INTO queued (writer) VALUES (${writer})`;
          await sleep(100);
        }),
      ),
    );
    assert.deepEqual(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason).slice(0, 120)), []);
    const rows = await db.$queryRaw<{ writer: number }[]>`SELECT writer FROM queued ORDER BY writer`;
    assert.deepEqual(rows.map((r) => r.writer), writers);
  } finally {
    await db.$disconnect();
    await embedded.close();
  }
});
