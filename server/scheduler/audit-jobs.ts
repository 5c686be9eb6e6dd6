import { recordCheckpoint } from "../../domain/audit/checkpoint.ts";
import type { Db } from "../../domain/db/client.ts";
import type { SchedulerLogger, Scheduler } from "./scheduler.ts";

export const AUDIT_CHECKPOINT_JOB = "audit.checkpoint";

/**
 * Signs the audit chain's head regularly (R-TRAIL) into the append-only checkpoint file, and
 * logs the same line so a log collector keeps a second copy no database user can reach. A
 * chain that no longer verifies gets no checkpoint: the job fails and logs why.
 */
export function registerAuditCheckpointJob(scheduler: Scheduler, db: Db, options: { file: string; cron: string; logger: SchedulerLogger }): void {
  scheduler.addJob({
    name: AUDIT_CHECKPOINT_JOB,
    cron: options.cron,
    run: async (now) => {
      await writeAuditCheckpoint(db, options.file, now, options.logger);
    },
  });
}

export async function writeAuditCheckpoint(db: Db, file: string, now: Date, logger: SchedulerLogger): Promise<void> {
  const checkpoint = await recordCheckpoint(db, file, now);
  if (checkpoint) logger.info({ auditCheckpoint: checkpoint, file }, "audit checkpoint written");
}
