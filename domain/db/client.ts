import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "./generated/client.ts";
import { registerPool } from "./raw.ts";

export { Prisma };
export type Db = PrismaClient;
/** The client handed to code running inside `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;
/** Either a client or a transaction: services that may run inside a caller's transaction take this. */
export type DbOrTx = Db | Tx;

/**
 * Limits that turn a dead or silent database into an error within seconds (answered 503 by the
 * API) instead of a request that never ends. Defaults are DATABASE_*_SECONDS in server/config.ts.
 */
export interface DatabaseTimeouts {
  /** Opening a connection (server down, packets dropped). */
  connectMs: number;
  /** One query without an answer (network silently gone, or a statement far too slow). */
  queryMs: number;
  /**
   * Waiting to start a transaction. The embedded database runs one transaction at a time, so
   * concurrent writers queue here; past this wait the request answers 503.
   */
  transactionWaitMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, queryMs: 30_000, transactionWaitMs: 15_000 };

export function createPrismaClient(url: string, options: { poolSize?: number; timeouts?: Partial<DatabaseTimeouts> } = {}): Db {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // The pool is ours so hot reads can share it (raw.ts readRows); Prisma ends it on $disconnect.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.queryMs,
    keepAlive: true,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: timeouts.transactionWaitMs } });
  registerPool(client, pool);
  return client;
}
