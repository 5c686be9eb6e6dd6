import type { Clock } from "../domain/clock.ts";
import type { Db } from "../domain/db/client.ts";
import { isDatabaseEmpty, seedDemoData } from "../domain/seed/seed.ts";
import type { Logger } from "./logger.ts";

/** Outside production, an empty database gets the demo data so `npm start` is usable at once. */
export async function seedIfEmpty(db: Db, clock: Clock, log: Logger): Promise<void> {
  if (!(await isDatabaseEmpty(db))) {
    log.info("demo data: database not empty, nothing loaded");
    return;
  }
  log.info("demo data: empty database, loading the demo labs, users, equipment and 60 days of history…");
  const summary = await seedDemoData(db, clock);
  log.info({ summary }, "demo data loaded");
}
