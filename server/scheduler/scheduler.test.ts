import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { DateTime } from "luxon";
import { connectTo, createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { fixedClock } from "../../domain/clock.ts";
import type { Db, Tx } from "../../domain/db/client.ts";
import { createEquipment, createLab, createModel } from "../../tests/support/fixtures/generator.ts";
import { GENERATION_SWEEP_JOB, registerGenerationJobs, zoneJobName } from "./generation-jobs.ts";
import { createScheduler, type Scheduler } from "./scheduler.ts";

let tdb: TestDatabase;
// Each "instance" has its own connection pool, as two server processes would.
let dbA: Db;
let dbB: Db;
before(async () => {
  tdb = await createTestDatabase();
  dbA = connectTo(tdb.url, { poolSize: 2 });
  dbB = connectTo(tdb.url, { poolSize: 2 });
});
after(async () => {
  await dbA?.$disconnect();
  await dbB?.$disconnect();
  await tdb?.close();
});

// While schedulers run, the test reads in transactions too: on the embedded database a query
// outside a transaction may interleave its protocol messages with another connection's.
const read = <T>(db: Db, query: (tx: Tx) => Promise<T>) => db.$transaction(query);

async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function everySecond(scheduler: Scheduler, name: string, runs: string[]) {
  scheduler.addJob({
    name,
    cron: "* * * * * *",
    run: async () => {
      runs.push(scheduler.instanceId);
    },
  });
}

test("one instance runs a job; another takes over once the first dies and its lease expires", async () => {
  const clock = fixedClock("2026-05-01T00:00:00Z");
  const runs: string[] = [];
  const a = createScheduler({ db: dbA, clock, instanceId: "a", leaseTtlMs: 30_000, heartbeatMs: 100 });
  const b = createScheduler({ db: dbB, clock, instanceId: "b", leaseTtlMs: 30_000, heartbeatMs: 100 });
  everySecond(a, "failover", runs);
  everySecond(b, "failover", runs);
  await a.start();
  await b.start();
  try {
    await waitFor(() => runs.length >= 2, 4000, "two runs");
    assert.deepEqual([...new Set(runs)], ["a"], "only a runs");
    assert.deepEqual(a.heldLeases(), ["failover"]);
    assert.deepEqual(b.heldLeases(), []);

    // a dies: its timers stop but its lease stays in the table until it expires.
    await a.stop({ releaseLeases: false });
    const lease = await read(dbB, (tx) => tx.schedulerLease.findUniqueOrThrow({ where: { name: "failover" } }));
    assert.equal(lease.holder, "a");
    runs.length = 0;
    await sleep(1500);
    assert.equal(runs.length, 0, "nobody runs while the dead holder's lease is valid");
    assert.equal(await b.runNow("failover"), false, "b cannot run it on demand either");

    clock.advance(30_001);
    await waitFor(() => b.heldLeases().includes("failover"), 3000, "b to take the lease");
    await waitFor(() => runs.includes("b"), 3000, "b to run the job");
    assert.deepEqual([...new Set(runs)], ["b"]);
    assert.equal((await read(dbA, (tx) => tx.schedulerLease.findUniqueOrThrow({ where: { name: "failover" } }))).holder, "b");
  } finally {
    await a.stop();
    await b.stop();
  }
  assert.equal(await dbA.schedulerLease.count({ where: { name: "failover" } }), 0, "b released its lease on stop");
});

test("a clean stop releases the lease: the other instance takes over without waiting for expiry", async () => {
  const clock = fixedClock("2026-05-02T00:00:00Z");
  const runs: string[] = [];
  const a = createScheduler({ db: dbA, clock, instanceId: "a", leaseTtlMs: 3_600_000, heartbeatMs: 100 });
  const b = createScheduler({ db: dbB, clock, instanceId: "b", leaseTtlMs: 3_600_000, heartbeatMs: 100 });
  everySecond(a, "handover", runs);
  everySecond(b, "handover", runs);
  await a.start();
  await b.start();
  try {
    assert.deepEqual(a.heldLeases(), ["handover"]);
    await a.stop();
    await waitFor(() => b.heldLeases().includes("handover"), 3000, "b to take the released lease");
    await waitFor(() => runs.includes("b"), 3000, "b to run the job");
  } finally {
    await a.stop();
    await b.stop();
  }
});

test("stop waits for a running job, and a job runs once at a time per instance", async () => {
  const clock = fixedClock("2026-05-03T00:00:00Z");
  const scheduler = createScheduler({ db: dbA, clock, instanceId: "solo", leaseTtlMs: 60_000 });
  let active = 0;
  let maxActive = 0;
  let finished = 0;
  scheduler.addJob({
    name: "slow",
    cron: "0 0 1 1 *",
    run: async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(400);
      active--;
      finished++;
    },
  });
  assert.throws(() => scheduler.addJob({ name: "slow", cron: "* * * * *", run: async () => {} }), /already exists/);
  assert.throws(() => scheduler.addJob({ name: "bad", cron: "not a cron", run: async () => {} }));
  await scheduler.start();
  const first = scheduler.runNow("slow");
  const second = scheduler.runNow("slow");
  await waitFor(() => active === 1, 3000, "the job to start");
  await scheduler.stop();
  assert.equal(finished, 1, "stop returned after the running job finished");
  assert.equal(maxActive, 1);
  assert.deepEqual(await Promise.all([first, second]), [true, true]);
});

test("generation jobs: one per lab time zone just after local midnight, and a catch-up run at start", async () => {
  const sydney = await createLab(dbA, "SCH", "Australia/Sydney", null);
  await createLab(dbA, "SCN", "America/New_York", null);
  const model = await createModel(dbA, "Scheduled", { frequencies: ["DAILY", "WEEKLY"] });
  await createEquipment(dbA, sydney.id, model.id, ["SCH-1", "SCH-2"]);
  const clock = fixedClock("2026-05-04T02:00:00Z");
  const scheduler = createScheduler({ db: dbA, clock, instanceId: "gen", leaseTtlMs: 60_000 });
  await registerGenerationJobs(scheduler, dbA, clock);
  await scheduler.start();
  try {
    // The sweep runs as soon as this instance holds its lease.
    await waitFor(async () => (await read(dbA, (tx) => tx.pmRecord.count({ where: { labId: sydney.id } }))) === 4, 10_000, "the catch-up run");
    const lab = await read(dbA, (tx) => tx.lab.findUniqueOrThrow({ where: { id: sydney.id } }));
    assert.equal(lab.generatedThrough?.toISOString().slice(0, 10), "2026-05-04");
    for (const zone of ["Australia/Sydney", "America/New_York"]) {
      const next = scheduler.nextRun(zoneJobName(zone));
      assert.ok(next, `a job for ${zone}`);
      assert.equal(DateTime.fromJSDate(next, { zone }).toFormat("HH:mm"), "00:05");
    }
    assert.equal(DateTime.fromJSDate(scheduler.nextRun(GENERATION_SWEEP_JOB)!, { zone: "UTC" }).minute, 15);

    // The next day's zone job creates that day's records for the Sydney lab.
    clock.set("2026-05-04T14:06:00Z"); // 00:06 on 05-05 in Sydney
    assert.equal(await scheduler.runNow(zoneJobName("Australia/Sydney")), true);
    assert.equal(await read(dbA, (tx) => tx.pmRecord.count({ where: { labId: sydney.id } })), 6);
  } finally {
    await scheduler.stop();
  }
});
