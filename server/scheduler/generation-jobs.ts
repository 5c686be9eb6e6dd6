import type { Clock } from "../../domain/clock.ts";
import type { Db } from "../../domain/db/client.ts";
import { generateRecords } from "../../domain/generator/generator.ts";
import { activeLabTimeZones, generateRecordsInZone } from "../../domain/generator/zones.ts";
import type { Scheduler } from "./scheduler.ts";

/** Minutes after a lab's local midnight at which its day's records are generated. */
const MINUTES_AFTER_MIDNIGHT = 5;

export const GENERATION_SWEEP_JOB = "records.generate";
export const zoneJobName = (timeZone: string) => `records.generate@${timeZone}`;

/**
 * Schedules record generation (R-GEN): one job per lab time zone, a few minutes after local
 * midnight there (croner's timezone option), plus an hourly sweep of every lab that also runs
 * whenever this instance gains its lease, at start or on taking over. The sweep is the
 * catch-up run and covers labs added, or time zones changed, after start; it costs a read of
 * the labs when everything is up to date.
 */
export async function registerGenerationJobs(scheduler: Scheduler, db: Db, clock: Clock): Promise<void> {
  for (const timeZone of await activeLabTimeZones(db)) {
    scheduler.addJob({
      name: zoneJobName(timeZone),
      cron: `${MINUTES_AFTER_MIDNIGHT} 0 * * *`,
      timezone: timeZone,
      run: async () => {
        await generateRecordsInZone(db, timeZone, clock.now());
      },
    });
  }
  scheduler.addJob({
    name: GENERATION_SWEEP_JOB,
    cron: `${MINUTES_AFTER_MIDNIGHT + 10} * * * *`,
    catchUp: true,
    run: async () => {
      await generateRecords(db, { now: clock.now() });
    },
  });
}
