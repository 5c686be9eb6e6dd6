// Writes the next migration after a schema change: `npm run db:migration:new -- <name>`.
// Diffs the newest migration's schema snapshot against prisma/schema.prisma with Prisma's
// WebAssembly schema engine, so no shadow database or engine download is needed. The engine
// only needs a connection to host it: a throwaway in-memory PostgreSQL.
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runScript } from "./run.ts";
import { startEmbeddedPostgres } from "../domain/db/embedded.ts";
import { diffLatestMigrationToSchema, MIGRATIONS_DIR, SCHEMA_PATH, SCHEMA_SNAPSHOT } from "../domain/db/migrate.ts";

runScript(async () => {
  const name = (process.argv[2] ?? "").trim();
  if (!/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:migration:new -- <name>   (lower case letters, digits and _)");
    return 2;
  }
  const scratch = await startEmbeddedPostgres();
  try {
    const sql = await diffLatestMigrationToSchema(scratch.url);
    if (sql.trim() === "" || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) {
      console.log("The schema matches the migrations: nothing to write.");
    } else {
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "migration.sql"), sql);
      await copyFile(SCHEMA_PATH, join(dir, SCHEMA_SNAPSHOT));
      await writeFile(join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
      console.log(`Wrote ${dir}/migration.sql`);
    }
  } finally {
    await scratch.close();
  }
});
