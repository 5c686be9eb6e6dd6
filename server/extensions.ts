import type { Server } from "restify";
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

/**
 * Parts mounted by `npm start`, in order. The bot adds its mount function here (one line).
 */
export const EXTENSIONS: Extension[] = [];
