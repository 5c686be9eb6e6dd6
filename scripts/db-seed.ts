// Loads the demo data (docs/demo-data.md) into DATABASE_URL, or the embedded database when it is
// unset. Applies pending migrations first; leaves a database that already holds data alone.
import { systemClock } from "../domain/clock.ts";
import { applyMigrations } from "../domain/db/migrate.ts";
import { useAuditKeys } from "../domain/audit/keys.ts";
import { openDatabase } from "../domain/db/open.ts";
import { isDatabaseEmpty, seedDemoData } from "../domain/seed/seed.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const config = loadConfig();
  useAuditKeys(config.auditKeyring);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    await applyMigrations(db.url);
    if (!(await isDatabaseEmpty(db.prisma))) {
      console.log("The database already holds data: demo data not loaded (it is loaded only into an empty database).");
      return 0;
    }
    console.log(`Loading demo data into the ${db.mode === "server" ? "database in DATABASE_URL" : `embedded database in ${config.dataDir}`}…`);
    const summary = await seedDemoData(db.prisma, { now: systemClock.now(), clock: systemClock });
    const equipment = Object.entries(summary.equipment).map(([status, count]) => `${count} ${status.toLowerCase().replace(/_/g, " ")}`).join(", ");
    console.log(
      [
        `Demo data loaded in ${(summary.ms / 1000).toFixed(1)} s:`,
        `  ${summary.labs} labs, ${summary.users} users, ${summary.models} models with ${summary.tasks} checklist tasks`,
        `  equipment: ${equipment}`,
        `  ${summary.records} records over the history from ${summary.from} to ${summary.through}: ${summary.completed} completed (${summary.completedLate} late, ${summary.failed} failed), ${summary.overdue} overdue, ${summary.open} open`,
        `  ${summary.amendments} amendments, ${summary.transfers} transfer(s), ${summary.statusChanges} status changes, ${summary.auditEvents} audit events`,
        `  second-person review: ${summary.reviewed} reviewed, ${summary.awaitingReview} awaiting review, ${summary.returned} returned; ${summary.signatures} electronic signatures`,
      ].join("\n"),
    );
    return 0;
  } finally {
    await db.close();
  }
});
