import type { Server } from "restify";
import { mountBot, mountDisabledBot, registerDigestJob } from "../bot/index.ts";
import type { Clock } from "../domain/clock.ts";
import type { Db } from "../domain/db/client.ts";
import type { Identity } from "./auth/identity.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { Scheduler } from "./scheduler/index.ts";

/** What main.ts hands to a part of Labkeep that adds itself to the server (the bot). */
export interface ExtensionContext {
  server: Server;
  config: Config;
  log: Logger;
  db: Db;
  clock: Clock;
  identity: Identity;
  scheduler: Scheduler;
}

/** Mounts routes (e.g. POST /api/messages) and registers scheduled jobs; may return a stop hook. */
export type Extension = (context: ExtensionContext) => Promise<(() => Promise<void>) | void> | (() => Promise<void>) | void;

/** The bot: POST /api/messages and its digest job; its users' principals come from Identity. */
const bot: Extension = ({ server, config, db, clock, log, identity, scheduler }) => {
  if (!config.BOT_ENABLED) return mountDisabledBot(server);
  const mounted = mountBot(server, {
    config,
    db,
    clock,
    log: log.child({ component: "bot" }),
    resolvePrincipal: (aadObjectId, tenantId, profile) => identity.principalForAadObjectId(aadObjectId, tenantId, profile),
  });
  registerDigestJob(scheduler, mounted);
};

/** Parts mounted by `npm start`, in order. */
export const EXTENSIONS: Extension[] = [bot];
