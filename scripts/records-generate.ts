// Generates PM records through today (or through --date YYYY-MM-DD) in every lab. A past --date
// never moves a lab's start; --backfill-from YYYY-MM-DD (at most MAX_BACKFILL_DAYS ago) also
// creates the missing records of the periods from that date on, audited as a back-fill.
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { systemActor } from "../domain/audit/events.ts";
import { useAuditKeys } from "../domain/audit/keys.ts";
import { openDatabase } from "../domain/db/open.ts";
import { formatRecordNumber } from "../domain/generator/insert-records.ts";
import { backfillProblem, GenerationError, generateRecords, type LabGeneration } from "../domain/generator/generator.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const { values } = parseArgs({ options: { date: { type: "string" }, "backfill-from": { type: "string" } } });
  const dateOption = (name: string, value: string | undefined): string | undefined | null => {
    if (value === undefined) return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid) return value;
    console.error(`--${name}: expected a date as YYYY-MM-DD, got "${value}"`);
    return null;
  };
  const throughDate = dateOption("date", values.date);
  const backfillFrom = dateOption("backfill-from", values["backfill-from"]);
  if (throughDate === null || backfillFrom === null) return 2;
  const now = new Date();
  // Checked again per lab in its time zone; this catches the obvious mistake before opening anything.
  const problem = backfillFrom === undefined ? null : backfillProblem(backfillFrom, now.toISOString().slice(0, 10));
  if (problem) {
    console.error(`--backfill-from: ${problem}`);
    return 2;
  }
  const config = loadConfig();
  useAuditKeys(config.auditKeyring);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    let results: LabGeneration[];
    let failed: GenerationError | null = null;
    try {
      results = await generateRecords(db.prisma, { now, throughDate, backfillFrom, actor: systemActor("SYSTEM", "records:generate") });
    } catch (error) {
      if (!(error instanceof GenerationError)) throw error;
      failed = error;
      results = error.results;
    }
    let total = 0;
    for (const lab of results) {
      total += lab.created;
      const range = lab.created > 0 ? ` (${formatRecordNumber(lab.labCode, lab.firstNumber!)} to ${formatRecordNumber(lab.labCode, lab.lastNumber!)})` : "";
      const dates = lab.from ? `, dates ${lab.from} to ${lab.through}` : lab.notStarted ? ", not started yet (a past --date does not start a lab; see --backfill-from)" : ", already up to date";
      console.log(`${lab.labCode}: ${lab.created} record(s) created${range}${dates}`);
    }
    console.log(`${total} record(s) created in ${results.length} lab(s)${throughDate ? ` through ${throughDate}` : ""}.`);
    if (failed) {
      for (const error of failed.errors as Error[]) console.error(`Failed: ${error.message}`);
      return 1;
    }
  } finally {
    await db.close();
  }
});
