import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { smallWorld, startServer, waitReady, waitUntil, type LogLine, type ServerProcess } from "./server-process.ts";

/**
 * Two real server processes on one PostgreSQL database: the scheduler's jobs run on one of them
 * only (the holder of each job's lease in scheduler_lease); when that process dies without
 * cleaning up (SIGKILL), the other takes the leases over once they expire.
 */
describe("two instances on one database", () => {
  let database: TestDatabase;
  let sql: pg.Client;
  let first: ServerProcess;
  let second: ServerProcess;

  const leases = async () =>
    (await sql.query<{ name: string; holder: string; expires_at: Date }>("SELECT name, holder, expires_at FROM scheduler_lease ORDER BY name")).rows;
  const holderPid = (holder: string) => Number(holder.split(":").at(-1));
  const jobStarts = (server: ServerProcess) => server.logs.filter((line: LogLine) => line.msg === "job started");

  before(async () => {
    database = await createTestDatabase();
    await smallWorld(database.prisma);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const env = { DATABASE_URL: database.url, NODE_ENV: "development", DATABASE_POOL_SIZE: "4" };
    // One after the other, so that the first one's start-up work is done when the second starts.
    first = await startServer(env);
    await waitReady(first);
    second = await startServer(env);
    await waitReady(second);
  });

  after(async () => {
    for (const server of [first, second]) if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
    await Promise.all([first?.exited, second?.exited]);
    await sql?.end();
    await database?.close();
  });

  test("only the lease holder runs the scheduled jobs", async () => {
    const rows = await waitUntil("leases for every job", async () => {
      const current = await leases();
      return current.length > 0 && current;
    }, 30_000);
    assert.ok(rows.some((row) => row.name === "records.generate"), "the generation sweep has a lease");
    assert.deepEqual(new Set(rows.map((row) => holderPid(row.holder))), new Set([first.child.pid]), "every lease is held by the first instance");

    // The sweep runs when its lease is taken: it generated today's records, once.
    await first.waitForLog("the first instance's catch-up run", (line) => line.msg === "job finished" && line.job === "records.generate");
    const generated = await sql.query<{ lab_id: number; entity_id: string; n: string }>(
      "SELECT lab_id, entity_id, count(*) AS n FROM audit_event WHERE action = 'records.generated' GROUP BY lab_id, entity_id",
    );
    assert.ok(generated.rows.length > 0, "records were generated");
    assert.deepEqual(generated.rows.filter((row) => Number(row.n) > 1), [], "no range of records generated twice");
    const duplicates = await sql.query(
      "SELECT equipment_id, frequency, period_start FROM pm_record GROUP BY 1, 2, 3 HAVING count(*) > 1",
    );
    assert.equal(duplicates.rowCount, 0, "no record twice for one period");

    // A few heartbeats later the second instance still has run nothing and holds nothing.
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(jobStarts(second), [], "the second instance ran no job");
    assert.ok(jobStarts(first).length > 0);
    assert.ok((await leases()).every((row) => holderPid(row.holder) === first.child.pid));
  });

  test("when the holder is killed, the other instance takes over after the lease expires", async () => {
    const before = await leases();
    const expiry = Math.max(...before.map((row) => row.expires_at.getTime()));
    first.child.kill("SIGKILL");
    await first.exited;

    const taken = await waitUntil("the second instance to hold every lease", async () => {
      const rows = await leases();
      return rows.length >= before.length && rows.every((row) => holderPid(row.holder) === second.child.pid) && { rows, at: Date.now() };
    }, 150_000, 500);
    assert.ok(taken.at >= expiry - 1000, `taken over at ${new Date(taken.at).toISOString()}, before the lease expired at ${new Date(expiry).toISOString()}`);
    assert.deepEqual(new Set(taken.rows.map((row) => row.name)), new Set(before.map((row) => row.name)));
    const started = await second.waitForLog("the second instance's catch-up run", (line) => line.msg === "job started" && line.job === "records.generate", 30_000);
    assert.equal(started.reason, "lease taken");
    assert.equal(await second.status("/readyz"), 200);
  });
});
