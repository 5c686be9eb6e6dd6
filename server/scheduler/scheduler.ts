import { Cron } from "croner";
import type { Clock } from "../../domain/clock.ts";
import type { Db } from "../../domain/db/client.ts";
import { acquireLease, releaseLeases } from "../../domain/scheduling/lease.ts";

export interface SchedulerLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface JobDefinition {
  /** Unique per application: instances running the same job share its lease by this name. */
  name: string;
  /** Cron pattern (5 fields, or 6 with seconds first), read in `timezone` (UTC by default). */
  cron: string;
  timezone?: string;
  run: (now: Date) => Promise<void>;
  /** Also run whenever this instance gains the job's lease (at start, or on taking over). */
  catchUp?: boolean;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger?: SchedulerLogger;
  /** Identifies this process in the lease table (host name and pid, for example). */
  instanceId: string;
  /** How long a lease lasts without renewal; another instance takes over after that. */
  leaseTtlMs?: number;
  /** How often leases are renewed (and free ones taken); a third of the TTL by default. */
  heartbeatMs?: number;
}

export interface Scheduler {
  readonly instanceId: string;
  addJob(job: JobDefinition): void;
  start(): Promise<void>;
  /** Stops the timers, waits for running jobs, then releases this instance's leases (unless told not to). */
  stop(options?: { releaseLeases?: boolean }): Promise<void>;
  /** Runs a job now if this instance holds (or can take) its lease; resolves to whether it ran. */
  runNow(name: string): Promise<boolean>;
  /** Names of the jobs whose lease this instance held at its last heartbeat. */
  heldLeases(): string[];
  /** When a started job's cron fires next (real time), null when it is not scheduled. */
  nextRun(name: string): Date | null;
}

const silentLogger: SchedulerLogger = { info() {}, warn() {}, error() {} };

/**
 * Cron jobs (croner) guarded by leases in the database: with several instances on one
 * PostgreSQL, each job runs only on the instance holding its lease. Leases are renewed by a
 * heartbeat while the instance lives, so a job keeps one home; when that instance dies its lease
 * expires and another instance's heartbeat takes it over.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, clock, instanceId } = options;
  const logger = options.logger ?? silentLogger;
  const ttlMs = options.leaseTtlMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1000, Math.floor(ttlMs / 3));
  const jobs = new Map<string, JobDefinition>();
  const crons = new Map<string, Cron>();
  const running = new Map<string, Promise<void>>();
  const held = new Set<string>();
  let heartbeat: NodeJS.Timeout | null = null;
  let started = false;
  let stopping = false;

  async function holdLease(name: string): Promise<boolean> {
    try {
      const ok = await acquireLease(db, name, instanceId, clock.now(), ttlMs);
      if (ok) held.add(name);
      else held.delete(name);
      return ok;
    } catch (error) {
      // Without the database nobody can vouch for this instance's lease: act as if it was lost.
      held.delete(name);
      logger.warn({ err: error, job: name, instanceId }, "scheduler lease check failed");
      return false;
    }
  }

  function execute(job: JobDefinition, reason: string): Promise<void> {
    const existing = running.get(job.name);
    if (existing) return existing; // never two runs of one job in one instance
    if (stopping) return Promise.resolve(); // a tick that was taking its lease when stop() began
    const now = clock.now();
    const startedAt = Date.now();
    const run = (async () => {
      try {
        logger.info({ job: job.name, instanceId, reason }, "job started");
        await job.run(now);
        logger.info({ job: job.name, instanceId, ms: Date.now() - startedAt }, "job finished");
      } catch (error) {
        logger.error({ err: error, job: job.name, instanceId }, "job failed");
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  }

  const ticks = new Set<Promise<void>>();
  function onTick(job: JobDefinition): void {
    if (stopping || running.has(job.name)) return;
    // Tracked so that stop() waits for a tick still taking its lease before releasing leases.
    const tick = (async () => {
      if (await holdLease(job.name)) await execute(job, "schedule");
    })();
    ticks.add(tick);
    void tick.finally(() => ticks.delete(tick));
  }

  async function beat(): Promise<void> {
    for (const job of jobs.values()) {
      if (stopping) return;
      const heldBefore = held.has(job.name);
      const holds = await holdLease(job.name);
      if (holds && !heldBefore) {
        logger.info({ job: job.name, instanceId }, "lease taken");
        if (job.catchUp && !stopping) void execute(job, "lease taken");
      } else if (!holds && heldBefore) {
        logger.warn({ job: job.name, instanceId }, "lease lost");
      }
    }
  }

  function schedule(job: JobDefinition): void {
    crons.set(
      job.name,
      new Cron(job.cron, { timezone: job.timezone, protect: true }, () => onTick(job)),
    );
  }

  let beating: Promise<void> = Promise.resolve();
  const tick = () => {
    beating = beating.then(beat, () => undefined);
  };

  return {
    instanceId,
    addJob(job) {
      if (jobs.has(job.name)) throw new Error(`scheduler: a job named "${job.name}" already exists`);
      // Validates the pattern and time zone now rather than at the first tick.
      new Cron(job.cron, { timezone: job.timezone, paused: true }).stop();
      jobs.set(job.name, job);
      if (started) {
        schedule(job);
        tick();
      }
    },
    async start() {
      if (started) return;
      started = true;
      stopping = false;
      for (const job of jobs.values()) schedule(job);
      tick();
      await beating;
      heartbeat = setInterval(tick, heartbeatMs);
    },
    async stop(stopOptions = {}) {
      if (!started) return;
      stopping = true;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      for (const cron of crons.values()) cron.stop();
      crons.clear();
      await beating;
      await Promise.all(ticks);
      await Promise.all(running.values());
      if (stopOptions.releaseLeases ?? true) {
        await releaseLeases(db, [...held], instanceId).catch((error: unknown) => logger.warn({ err: error, instanceId }, "could not release scheduler leases"));
      }
      held.clear();
      started = false;
    },
    async runNow(name) {
      const job = jobs.get(name);
      if (!job) throw new Error(`scheduler: no job named "${name}"`);
      if (stopping || !(await holdLease(name))) return false;
      await execute(job, "on demand");
      return true;
    },
    heldLeases: () => [...held],
    nextRun: (name) => crons.get(name)?.nextRun() ?? null,
  };
}
