import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { withSchemaEngine } from "./schema-engine.ts";

export const PRISMA_DIR = resolve(import.meta.dirname, "../../prisma");
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");

const noFilters = { externalTables: [] as string[], externalEnums: [] as string[] };

async function loadMigrationsList(dir = MIGRATIONS_DIR) {
  const entries = (await readdir(dir).catch(() => [] as string[])).sort();
  const migrationDirectories = [];
  for (const name of entries) {
    if (!(await stat(join(dir, name))).isDirectory()) continue;
    const content = await readFile(join(dir, name, "migration.sql"), "utf8");
    migrationDirectories.push({ path: name, migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: content } } });
  }
  const lockPath = join(dir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return { baseDir: dir, lockfile: { path: "migration_lock.toml", content: lockContent }, shadowDbInitScript: "", migrationDirectories };
}

/**
 * Applies `prisma/migrations/*` that the database has not seen, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does. Safe to repeat.
 */
export async function applyMigrations(connectionString: string, log: (message: string) => void = () => {}): Promise<string[]> {
  const schemaText = await readFile(SCHEMA_PATH, "utf8");
  const migrationsList = await loadMigrationsList();
  return withSchemaEngine(connectionString, SCHEMA_PATH, schemaText, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return output.appliedMigrationNames;
  }, log);
}

/** Each migration folder keeps the schema it was written from, so the next one is a pure diff. */
export const SCHEMA_SNAPSHOT = "schema.prisma";

/**
 * SQL that takes the schema of the newest migration (its snapshot) to prisma/schema.prisma;
 * empty when they agree. No database is read: `scratchUrl` only hosts the engine's connection.
 */
export async function diffLatestMigrationToSchema(scratchUrl: string): Promise<string> {
  const schemaText = await readFile(SCHEMA_PATH, "utf8");
  const { migrationDirectories } = await loadMigrationsList();
  const latest = migrationDirectories.at(-1);
  const previous = latest ? await readFile(join(MIGRATIONS_DIR, latest.path, SCHEMA_SNAPSHOT), "utf8") : null;
  return withSchemaEngine(scratchUrl, SCHEMA_PATH, schemaText, async (engine) => {
    const result = await engine.diff({
      from: previous === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schemaText }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  });
}
