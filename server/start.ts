import { hostname } from "node:os";
import { DEVELOPMENT_KEY_ID, useAuditKeys } from "../domain/audit/keys.ts";
import { useRegulatedFields } from "../domain/audit/regulated.ts";
import { systemClock, type Clock } from "../domain/clock.ts";
import { openDatabase, reachable, type OpenedDatabase } from "../domain/db/open.ts";
import type { DatabaseTimeouts } from "../domain/db/client.ts";
import { applyMigrations } from "../domain/db/migrate.ts";
import { listenForChanges } from "../domain/db/changes.ts";
import { PRINCIPAL_CHANNEL, PrincipalCache } from "../domain/user/principal-cache.ts";
import { createApp, type App } from "./app.ts";
import { createDevIssuer } from "./auth/dev-issuer.ts";
import { entraIssuer } from "./auth/entra.ts";
import { GraphReader } from "./auth/graph.ts";
import { GraphTokens } from "./auth/graph-token.ts";
import { Identity } from "./auth/identity.ts";
import type { TrustedIssuer } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";

export interface Services {
  app: App;
  identity: Identity;
  database: OpenedDatabase;
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations and builds the app, without listening: shared by
 * `npm start` (server/main.ts), the API tests and the benchmark.
 */
export async function buildServices(config: Config, log: Logger, options: { clock?: Clock; database?: OpenedDatabase; jwksCooldownMs?: number } = {}): Promise<Services> {
  useAuditKeys(config.auditKeyring);
  useRegulatedFields(config.REGULATED_FIELDS ?? null);
  if (config.auditKeyring.current.id === DEVELOPMENT_KEY_ID) log.warn("audit trail signed with the development key (AUDIT_HMAC_KEY unset): fine for development, never for real records");
  const database = options.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: config.DATABASE_POOL_SIZE, timeouts: databaseTimeouts(config) }));
  log.info({ mode: database.mode }, "database opened");
  const applied = await applyMigrations(database.url, (message) => log.debug({ message }, "schema engine"));
  log.info({ applied, count: applied.length }, applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: database already up to date");

  const clock = options.clock ?? systemClock;
  const devIssuer = config.DEV_SIGN_IN ? await createDevIssuer() : null;
  const trusts: TrustedIssuer[] = [];
  const entra = entraIssuer(config, { jwksCooldownMs: options.jwksCooldownMs ?? config.AUTH_JWKS_COOLDOWN_SECONDS * 1000 });
  if (entra) trusts.push(entra);
  if (devIssuer) {
    trusts.push(devIssuer.trust);
    log.warn("development sign-in is ON: anyone reaching this server can act as a demo user (never in production)");
  }
  if (trusts.length === 0) log.warn("no token issuer configured (AUTH_CLIENT_ID and AUTH_TENANT_IDS unset, DEV_SIGN_IN off): every API call will be refused");
  const graph = new GraphReader({ baseUrl: config.GRAPH_BASE_URL, maxRetries: config.GRAPH_MAX_RETRIES });
  const graphTokens = new GraphTokens(config);
  const principals = await principalCache(config, database, log);
  const identity = new Identity({ config, db: database.prisma, clock, log, trusts, graph, graphTokens, principals: principals?.cache });
  const app = createApp({ config, log, db: database.prisma, clock, identity, devIssuer, graph, graphTokens, databaseReady: () => reachable(database.url) });
  return {
    app,
    identity,
    database,
    close: async () => {
      await principals?.close();
      await database.close();
    },
  };
}

/**
 * Signed-in users' principals are cached while the database's change notifications are heard
 * (domain/user/principal-cache.ts); AUTH_PRINCIPAL_CACHE_SECONDS=0 resolves on every request.
 */
async function principalCache(config: Config, database: OpenedDatabase, log: Logger): Promise<{ cache: PrincipalCache; close(): Promise<void> } | null> {
  if (config.AUTH_PRINCIPAL_CACHE_SECONDS === 0) return null;
  let warned = false;
  const feed = await listenForChanges(database.url, [PRINCIPAL_CHANNEL], {
    connectMs: config.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
    onError: (error) => {
      if (warned) return;
      warned = true;
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "database change notifications lost: principals are read on every request until they resume");
    },
  });
  feed.onReset(() => (warned = false));
  const cache = new PrincipalCache(feed, config.AUTH_PRINCIPAL_CACHE_SECONDS * 1000);
  return {
    cache,
    close: async () => {
      cache.close();
      await feed.close();
    },
  };
}

export function databaseTimeouts(config: Config): DatabaseTimeouts {
  return {
    connectMs: config.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
    queryMs: config.DATABASE_QUERY_TIMEOUT_SECONDS * 1000,
    transactionWaitMs: config.DATABASE_TRANSACTION_WAIT_SECONDS * 1000,
  };
}

export const instanceId = () => `${hostname()}:${process.pid}`;
