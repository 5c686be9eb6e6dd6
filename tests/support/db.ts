import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClient, type Db } from "../../domain/db/client.ts";
import { startEmbeddedPostgres } from "../../domain/db/embedded.ts";
import { applyMigrations } from "../../domain/db/migrate.ts";

export interface TestDatabase {
  url: string;
  prisma: Db;
  kind: "server" | "embedded";
  close(): Promise<void>;
}

/** Another client of a test database, as a second instance of the server would have (the scheduler's lease tests). */
export function connectTo(url: string, options: { poolSize?: number } = {}): Db {
  return createPrismaClient(url, { poolSize: options.poolSize ?? 2 });
}

/** Connection string of `base` with another database name. */
export function withDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named
 * by TEST_DATABASE_URL (dropped on close), or else (or when asked) an in-memory embedded PostgreSQL.
 */
export async function createTestDatabase(options: { poolSize?: number; embedded?: boolean; embeddedDataDir?: string } = {}): Promise<TestDatabase> {
  // `embedded`: for what only the embedded database shows (it runs one transaction at a time);
  // `embeddedDataDir` keeps it on disk as `npm start` does (slower commits than in memory).
  const server = options.embedded || options.embeddedDataDir ? undefined : process.env.TEST_DATABASE_URL;
  if (server) {
    const name = `labkeep_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabase(server, name);
    await applyMigrations(url);
    const prisma = createPrismaClient(url, { poolSize: options.poolSize ?? 10 });
    return {
      url,
      prisma,
      kind: "server",
      async close() {
        await prisma.$disconnect();
        const drop = new pg.Client({ connectionString: server });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.embeddedDataDir });
  await applyMigrations(embedded.url);
  const prisma = createPrismaClient(embedded.url, { poolSize: options.poolSize ?? 5 });
  return {
    url: embedded.url,
    prisma,
    kind: "embedded",
    async close() {
      await prisma.$disconnect();
      await embedded.close();
    },
  };
}
