// Generates PM records through today (or through --date YYYY-MM-DD) in every lab.
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { systemActor } from "../domain/audit/events.ts";
import { useAuditKeys } from "../domain/audit/keys.ts";
import { openDatabase } from "../domain/db/open.ts";
import { formatRecordNumber } from "../domain/generator/insert-records.ts";
import { GenerationError, generateRecords, type LabGeneration } from "../domain/generator/generator.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const { values } = parseArgs({ options: { date: { type: "string" } } });
  let throughDate: string | undefined;
  if (values.date !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !DateTime.fromISO(values.date).isValid) {
      console.error(`--date: expected a date as YYYY-MM-DD, got "${values.date}"`);
      return 2;
    }
    throughDate = values.date;
  }
  const config = loadConfig();
  useAuditKeys(config.auditKeyring);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    let results: LabGeneration[];
    let failed: GenerationError | null = null;
    try {
      results = await generateRecords(db.prisma, { now: new Date(), throughDate, actor: systemActor("SYSTEM", "records:generate") });
    } catch (error) {
      if (!(error instanceof GenerationError)) throw error;
      failed = error;
      results = error.results;
    }
    let total = 0;
    for (const lab of results) {
      total += lab.created;
      const range = lab.created > 0 ? ` (${formatRecordNumber(lab.labCode, lab.firstNumber!)} to ${formatRecordNumber(lab.labCode, lab.lastNumber!)})` : "";
      const dates = lab.from ? `, dates ${lab.from} to ${lab.through}` : ", already up to date";
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
