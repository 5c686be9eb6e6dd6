// Applies prisma/migrations to DATABASE_URL, or to the embedded database when it is unset.
import { applyMigrations } from "../domain/db/migrate.ts";
import { openDatabase } from "../domain/db/open.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 1 });
  try {
    const applied = await applyMigrations(db.url);
    console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date: no migration to apply.");
  } finally {
    await db.close();
  }
});
