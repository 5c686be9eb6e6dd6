/**
 * The activity-feed job (R-TEAMS): claims notifications from the outbox
 * (domain/activity/activity.outbox.ts), skips those the recipient turned off, holds those that fall
 * in the recipient's quiet hours until they end, and sends the rest through Graph. Claims use
 * FOR UPDATE SKIP LOCKED, so two drains at once (two servers, or a run and a catch-up) never
 * send one notification twice.
 */
import { deepLink } from "../../bot/cards/links.ts";
import type { Clock } from "../../domain/clock.ts";
import type { Db } from "../../domain/db/client.ts";
import { claimActivities, holdActivity, markActivityFailed, markActivitySent, markActivitySkipped, type ClaimedActivity } from "../../domain/activity/activity.outbox.ts";
import { ACTIVITY_TYPES, templateParameterNames, type ActivityType } from "../../domain/activity/activity.types.ts";
import { quietUntil } from "../../domain/activity/quiet-hours.ts";
import { sweepActivities } from "../../domain/activity/sweep.ts";
import type { SchedulerLogger } from "../scheduler/scheduler.ts";
import type { ActivityNotificationBody, GraphActivitySender } from "./graph-activity.ts";

export interface FeedDeps {
  db: Db;
  clock: Clock;
  sender: Pick<GraphActivitySender, "send">;
  workerId: string;
  /** The Teams app (manifest id) the deep links open, and its tab's entity id. */
  teamsAppId: string;
  tabEntityId: string;
  log: SchedulerLogger;
}

export interface FeedRun {
  sent: number;
  failed: number;
  skipped: number;
  held: number;
}

/** The Graph request body of one notification: a text topic linking into the tab, the declared type and its parameters. */
export function notificationBody(deps: Pick<FeedDeps, "teamsAppId" | "tabEntityId">, n: Pick<ClaimedActivity, "activityType" | "topic" | "subEntityId" | "previewText" | "templateParameters">): ActivityNotificationBody {
  const names = templateParameterNames(ACTIVITY_TYPES[n.activityType as ActivityType].templateText);
  return {
    topic: { source: "text", value: n.topic, webUrl: deepLink(deps.teamsAppId, deps.tabEntityId, n.subEntityId) },
    activityType: n.activityType,
    previewText: { content: n.previewText },
    templateParameters: names.map((name) => ({ name, value: n.templateParameters[name] ?? "" })),
  };
}

/** Drains what is due now, batch after batch, until nothing is left to claim. */
export async function runActivityFeed(deps: FeedDeps, batch = 50): Promise<FeedRun> {
  const run: FeedRun = { sent: 0, failed: 0, skipped: 0, held: 0 };
  for (;;) {
    const claimed = await claimActivities(deps.db, deps.workerId, deps.clock.now(), batch);
    for (const n of claimed) await deliver(deps, n, run);
    if (claimed.length < batch) return run;
  }
}

async function deliver(deps: FeedDeps, n: ClaimedActivity, run: FeedRun): Promise<void> {
  try {
    if (!(n.activityType in ACTIVITY_TYPES)) {
      await markActivitySkipped(deps.db, n.id, deps.workerId, `unknown activity type ${n.activityType}`);
      run.skipped++;
      return;
    }
    if (!n.recipientActive) {
      await markActivitySkipped(deps.db, n.id, deps.workerId, "recipient disabled");
      run.skipped++;
      return;
    }
    if (n.disabledTypes.includes(n.activityType)) {
      await markActivitySkipped(deps.db, n.id, deps.workerId, "type turned off by the recipient");
      run.skipped++;
      return;
    }
    const until = quietUntil(deps.clock.now(), { start: n.quietStart, end: n.quietEnd }, n.timeZone);
    if (until) {
      await holdActivity(deps.db, n.id, deps.workerId, until);
      run.held++;
      return;
    }
    const result = await deps.sender.send(n.aadObjectId, notificationBody(deps, n));
    if (result.status === "sent") {
      await markActivitySent(deps.db, n.id, deps.workerId, deps.clock.now());
      run.sent++;
    } else {
      await markActivityFailed(deps.db, n.id, deps.workerId, n.attempts, deps.clock.now(), result.error);
      run.failed++;
    }
  } catch (error) {
    run.failed++;
    deps.log.error({ err: error, activityNotificationId: n.id }, "activity notification failed");
  }
}

export const ACTIVITY_SWEEP_JOB = "activity.sweep";
export const ACTIVITY_SEND_JOB = "activity.send";

/** Every 5 minutes the sweep queues overdue / calibration-due / escalation notifications; every minute the outbox is drained. */
export function registerActivityJobs(scheduler: { addJob(job: { name: string; cron: string; run: (now: Date) => Promise<void>; catchUp?: boolean }): void }, deps: FeedDeps): void {
  scheduler.addJob({
    name: ACTIVITY_SWEEP_JOB,
    cron: "*/5 * * * *",
    catchUp: true,
    run: async (now) => {
      const result = await sweepActivities(deps.db, now);
      if (result.overdue + result.calibrationDue + result.escalated > 0) deps.log.info({ ...result }, "activity sweep");
    },
  });
  scheduler.addJob({
    name: ACTIVITY_SEND_JOB,
    cron: "* * * * *",
    run: async () => {
      const result = await runActivityFeed(deps);
      if (result.sent + result.failed + result.skipped + result.held > 0) deps.log.info({ ...result }, "activity feed run");
    },
  });
}
