import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createPrismaClient, type DatabaseTimeouts, type Db } from "./client.ts";
import { startEmbeddedPostgres } from "./embedded.ts";

export interface OpenedDatabase {
  url: string;
  prisma: Db;
  /** "server" for DATABASE_URL, "embedded" when this process hosts PGlite, "shared-embedded" when another one does. */
  mode: "server" | "embedded" | "shared-embedded";
  close(): Promise<void>;
}

const LOCK_FILE = "labkeep-embedded.json";

interface EmbeddedLock { pid: number; url: string }

function readLock(dataDir: string): EmbeddedLock | null {
  try {
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as EmbeddedLock;
    process.kill(lock.pid, 0); // throws when that process is gone
    return lock;
  } catch {
    return null;
  }
}

/** Whether a new connection to `url` answers a query within two seconds (start-up and /readyz). */
export async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000, query_timeout: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The database named by `databaseUrl`, or else the embedded PostgreSQL kept in `dataDir`.
 * PGlite's files may be opened by one process only, so the process that hosts it writes its
 * address to a lock file and commands run meanwhile (`npm run records:generate` while
 * `npm start` is up) connect to that process instead of opening the files a second time.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string; poolSize?: number; timeouts?: Partial<DatabaseTimeouts> }): Promise<OpenedDatabase> {
  const client = { poolSize: options.poolSize, timeouts: options.timeouts };
  if (options.databaseUrl) {
    const prisma = createPrismaClient(options.databaseUrl, client);
    return { url: options.databaseUrl, prisma, mode: "server", close: () => prisma.$disconnect() };
  }
  const lock = existsSync(options.dataDir) ? readLock(options.dataDir) : null;
  if (lock && lock.pid !== process.pid && (await reachable(lock.url))) {
    const prisma = createPrismaClient(lock.url, client);
    return { url: lock.url, prisma, mode: "shared-embedded", close: () => prisma.$disconnect() };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir });
  const lockPath = join(options.dataDir, LOCK_FILE);
  writeFileSync(lockPath, JSON.stringify({ pid: process.pid, url: embedded.url } satisfies EmbeddedLock));
  const prisma = createPrismaClient(embedded.url, client);
  return {
    url: embedded.url,
    prisma,
    mode: "embedded",
    async close() {
      await prisma.$disconnect();
      await embedded.close();
      rmSync(lockPath, { force: true });
    },
  };
}
