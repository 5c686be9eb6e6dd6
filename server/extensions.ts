import type { Server } from "restify";
import { mountBot, mountDisabledBot, registerDigestJob } from "../bot/index.ts";
import type { Clock } from "../domain/clock.ts";
import type { Db } from "../domain/db/client.ts";
import { hostname } from "node:os";
import { registerActivityJobs } from "./activity/feed.ts";
import { GraphActivitySender } from "./activity/graph-activity.ts";
import { graphClient } from "./auth/graph.ts";
import { GraphTokens } from "./auth/graph-token.ts";
import type { Identity } from "./auth/identity.ts";
import { DEFAULT_TEAMS_APP_ID } from "./config.ts";
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

/** Activity-feed notifications (R-TEAMS): the sweep and the Graph sender, when ACTIVITY_FEED_ENABLED. */
const activityFeed: Extension = ({ config, db, clock, log, scheduler }) => {
  if (!config.ACTIVITY_FEED_ENABLED) return;
  const feedLog = log.child({ component: "activity-feed" });
  const tenantId = config.ACTIVITY_FEED_TENANT_ID ?? config.BOT_TENANT_ID ?? config.AUTH_TENANT_IDS[0];
  const tokens = new GraphTokens(config);
  if (!tenantId || !tokens.configured) {
    feedLog.error({ tenantId: tenantId ?? null }, "ACTIVITY_FEED_ENABLED needs AUTH_CLIENT_ID, AUTH_CLIENT_SECRET and a tenant (ACTIVITY_FEED_TENANT_ID, BOT_TENANT_ID or AUTH_TENANT_IDS): the activity feed is off");
    return;
  }
  const sender = new GraphActivitySender({ client: graphClient(config.GRAPH_BASE_URL, tokens.appOnly(tenantId)), tenantId });
  registerActivityJobs(scheduler, {
    db,
    clock,
    sender,
    workerId: `${hostname()}:${process.pid}`,
    teamsAppId: config.TEAMS_APP_ID ?? DEFAULT_TEAMS_APP_ID,
    tabEntityId: config.BOT_TAB_ENTITY_ID,
    log: feedLog,
  });
};

/** Parts mounted by `npm start`, in order. */
export const EXTENSIONS: Extension[] = [bot, activityFeed];
