// npm run data:import -- <file.xlsx|file.csv> [--dry-run]: imports a workbook or CSV into
// DATABASE_URL (or the embedded database) as the command line (Administrator rights, audited
// with source SYSTEM). Prints every problem by sheet, row and column; exits 1 when there are any.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { systemClock } from "../domain/clock.ts";
import { applyMigrations } from "../domain/db/migrate.ts";
import { openDatabase } from "../domain/db/open.ts";
import { importFile } from "../domain/import/import.service.ts";
import { commandLineContext } from "../domain/import/system.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const args = process.argv.slice(2);
  const dryRun = args.includes("--dry-run");
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("Usage: npm run data:import -- <file.xlsx|file.csv> [--dry-run]");
    return 2;
  }
  const body = await readFile(file);
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    await applyMigrations(db.url);
    const report = await importFile(commandLineContext(db.prisma, systemClock), body, { dryRun, fileName: basename(file) });
    for (const p of report.problems) console.log(`${p.sheet || "(file)"}${p.row ? ` row ${p.row}` : ""}${p.column ? `, ${p.column}` : ""}: ${p.message}`);
    const rows = `${report.rows.models} models, ${report.rows.tasks} tasks, ${report.rows.equipment} equipment, ${report.rows.history} past records`;
    if (report.problems.length > 0) {
      console.log(`${report.problems.length} problem(s): nothing was imported. (${rows} read; SHA-256 ${report.sha256})`);
      return 1;
    }
    if (dryRun) console.log(`Dry run: ${rows} are ready to import; nothing was written. (SHA-256 ${report.sha256})`);
    else console.log(`Imported ${rows}: ${JSON.stringify(report.counts)} (SHA-256 ${report.sha256})`);
    return 0;
  } finally {
    await db.close();
  }
});
