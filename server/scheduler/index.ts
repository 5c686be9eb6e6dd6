export { createScheduler, type JobDefinition, type Scheduler, type SchedulerLogger, type SchedulerOptions } from "./scheduler.ts";
export { registerGenerationJobs, GENERATION_SWEEP_JOB, zoneJobName } from "./generation-jobs.ts";
export { registerAuditCheckpointJob, writeAuditCheckpoint, AUDIT_CHECKPOINT_JOB } from "./audit-jobs.ts";
