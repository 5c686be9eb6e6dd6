import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Request, Response, Server } from "restify";
import type { Clock } from "../domain/clock.ts";
import type { Db } from "../domain/db/client.ts";
import type { Config } from "../server/config.ts";
import { createApplication } from "./app.ts";
import type { BotDeps, ResolvePrincipal } from "./context.ts";
import { runDigest, type DigestRun } from "./digest/run.ts";
import { botSettings, createAdapter, messagesHandler, tokenSource } from "./hosting.ts";
import { noticeDispatcher, runNotices, type NoticeRun } from "./notices/run.ts";
import { ProactiveSender } from "./sender/sender.ts";

export type { ResolvePrincipal } from "./context.ts";
export type { DigestRun } from "./digest/run.ts";

export interface MountBotOptions {
  config: Config;
  db: Db;
  clock: Clock;
  log: BotDeps["log"];
  /** `(id, tenant, profile) => identity.principalForAadObjectId(id, tenant, profile)` */
  resolvePrincipal: ResolvePrincipal;
  /** Replaces the default sender (tests and the benchmark tune its retry timing). */
  sender?: ProactiveSender;
  workerId?: string;
}

export interface MountedBot {
  deps: BotDeps;
  /** Sends today's digests that are due (what the scheduled job runs). */
  runDigest(now?: Date): Promise<DigestRun>;
  /** Sends the channel notices waiting in the outbox (what the scheduled job runs). */
  runNotices(): Promise<NoticeRun>;
  /** Resolves once the notices queued so far have been handed to the sender. */
  noticesIdle(): Promise<void>;
  /** Stops listening for queued notices. */
  stop(): void;
}

/** Mounts the bot at POST /api/messages on the restify server. */
export function mountBot(server: Server, options: MountBotOptions): MountedBot {
  const settings = botSettings(options.config);
  const sender = options.sender ?? new ProactiveSender({ tokenSource: tokenSource(settings) });
  const deps: BotDeps = {
    db: options.db,
    clock: options.clock,
    settings,
    resolvePrincipal: options.resolvePrincipal,
    sender,
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    log: options.log,
  };
  const adapter = createAdapter(settings);
  const app = createApplication(deps, adapter);
  server.post("/api/messages", messagesHandler(adapter, deps.log, (context) => app.run(context).then(() => undefined)));
  const notices = noticeDispatcher(deps);
  return { deps, runDigest: (now) => runDigest(deps, now ?? deps.clock.now()), runNotices: () => runNotices(deps), noticesIdle: notices.idle, stop: notices.stop };
}

/** BOT_ENABLED=false: the bot is off, and its endpoint says so instead of taking activities. */
export function mountDisabledBot(server: Server): void {
  server.post("/api/messages", async (_req: Request, res: Response) => {
    res.status(404);
    res.json({ error: { code: "not_found", message: "The bot is disabled on this server (BOT_ENABLED=false)." } });
  });
}

export const DIGEST_JOB = "bot.digest";
export const NOTICES_JOB = "bot.notices";

/** The scheduler's job: every 5 minutes, digests whose lab-local hour has come (each once a day). */
export function registerDigestJob(scheduler: { addJob(job: { name: string; cron: string; run: (now: Date) => Promise<void>; catchUp?: boolean }): void }, bot: MountedBot): void {
  scheduler.addJob({
    name: DIGEST_JOB,
    cron: "*/5 * * * *",
    catchUp: true,
    run: async (now) => {
      const result = await bot.runDigest(now);
      if (result.sent + result.failed + result.gone > 0) bot.deps.log.info({ ...result }, "digest run");
    },
  });
  // Notices are sent as soon as they are queued; this catches what another instance queued or a failure left.
  scheduler.addJob({
    name: NOTICES_JOB,
    cron: "* * * * *",
    run: async () => {
      const result = await bot.runNotices();
      if (result.sent + result.failed + result.gone > 0) bot.deps.log.info({ ...result }, "channel notices run");
    },
  });
}
