/**
 * The activity-feed outbox (R-TEAMS): a producer writes one row per event and person, in the
 * transaction of the change it tells of where there is one. The unique key (event key, recipient)
 * makes a second enqueue of the same event a no-op, so a sweep run twice, on two servers at once
 * or after a restart, never notifies anyone twice. The activity-feed job claims rows, decides
 * (type turned off, quiet hours) and sends them through Graph.
 */
import type { Db, DbOrTx } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { ActivityParameters, ActivityType } from "./activity.types.ts";

/** A claim older than this, still pending, is taken over (its server died mid-send). */
export const ACTIVITY_STALE_MS = 5 * 60_000;
/** Sends tried per notification (each try itself retries 429/5xx); then it stays FAILED with its last error. */
export const ACTIVITY_MAX_ATTEMPTS = 5;
/** Wait before a failed notification is tried again: this times the attempts made so far. */
export const ACTIVITY_RETRY_MS = 5 * 60_000;

export interface ActivityEvent<T extends ActivityType = ActivityType> {
  /** Names the event, not the person: e.g. `record.overdue:42`; one notification per key and recipient. */
  key: string;
  type: T;
  recipientIds: readonly (number | null | undefined)[];
  labId: number | null;
  /** What it is about, as the feed shows it ("BOS-000042 · INC-7"). */
  topic: string;
  /** The tab page it opens (a deep link's subEntityId, as bot/cards/links.ts builds them). */
  subEntityId: string;
  previewText: string;
  parameters: ActivityParameters<T>;
}

/** Queues the event for each distinct recipient (the actor excepted: nobody is told of their own act); answers how many rows are new. */
export async function enqueueActivity<T extends ActivityType>(db: DbOrTx, event: ActivityEvent<T>, now: Date, exceptUserId: number | null = null): Promise<number> {
  const recipients = [...new Set(event.recipientIds.filter((id): id is number => typeof id === "number" && id !== exceptUserId))];
  if (recipients.length === 0) return 0;
  const templateParameters = event.parameters as unknown as Prisma.InputJsonValue;
  const { count } = await db.activityNotification.createMany({
    data: recipients.map((recipientId) => ({
      eventKey: event.key,
      recipientId,
      activityType: event.type,
      labId: event.labId,
      topic: event.topic.slice(0, 200),
      subEntityId: event.subEntityId,
      previewText: event.previewText.slice(0, 150),
      templateParameters,
      createdAt: now,
      notBefore: now,
    })),
    skipDuplicates: true,
  });
  return count;
}

export interface ClaimedActivity {
  id: number;
  activityType: string;
  topic: string;
  subEntityId: string;
  previewText: string;
  templateParameters: Record<string, string>;
  attempts: number;
  recipientId: number;
  aadObjectId: string;
  recipientActive: boolean;
  disabledTypes: string[];
  quietStart: string | null;
  quietEnd: string | null;
  /** Where quiet hours are read: the recipient's own zone, else their primary lab's, else UTC (what their settings page says). */
  timeZone: string;
}

/** Claims up to `limit` notifications due by `now`: pending and unclaimed (or with a stale claim), or failed with attempts left. */
export async function claimActivities(db: Db, worker: string, now: Date, limit = 50): Promise<ClaimedActivity[]> {
  const stale = new Date(now.getTime() - ACTIVITY_STALE_MS);
  return db.$queryRaw<ClaimedActivity[]>`
    WITH picked AS (
      SELECT a.id FROM activity_notification a
       WHERE a.not_before <= ${now}
         AND ((a.status = 'PENDING' AND (a.claimed_at IS NULL OR a.claimed_at < ${stale}))
              OR (a.status = 'FAILED' AND a.attempts < ${ACTIVITY_MAX_ATTEMPTS}))
       ORDER BY a.not_before, a.id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE activity_notification a SET status = 'PENDING', claimed_by = ${worker}, claimed_at = ${now}
      FROM picked, app_user u
      LEFT JOIN notification_setting s ON s.user_id = u.id
      LEFT JOIN lab pl ON pl.id = u.primary_lab_id
     WHERE a.id = picked.id AND u.id = a.recipient_id
    RETURNING a.id, a.activity_type AS "activityType", a.topic, a.sub_entity_id AS "subEntityId", a.preview_text AS "previewText",
              a.template_parameters AS "templateParameters", a.attempts, a.recipient_id AS "recipientId", u.aad_object_id AS "aadObjectId",
              (u.status = 'ACTIVE') AS "recipientActive", COALESCE(s.disabled_types, ARRAY[]::text[]) AS "disabledTypes",
              s.quiet_start AS "quietStart", s.quiet_end AS "quietEnd",
              COALESCE(s.time_zone, pl.time_zone, 'UTC') AS "timeZone"`;
}

export async function markActivitySent(db: Db, id: number, worker: string, now: Date): Promise<boolean> {
  const { count } = await db.activityNotification.updateMany({ where: { id, claimedBy: worker, status: "PENDING" }, data: { status: "SENT", sentAt: now, attempts: { increment: 1 }, lastError: null } });
  return count === 1;
}

/** A failure: tried again after a wait that grows with the attempts, until ACTIVITY_MAX_ATTEMPTS. */
export async function markActivityFailed(db: Db, id: number, worker: string, attemptsBefore: number, now: Date, error: string): Promise<void> {
  const notBefore = new Date(now.getTime() + ACTIVITY_RETRY_MS * (attemptsBefore + 1));
  await db.activityNotification.updateMany({ where: { id, claimedBy: worker, status: "PENDING" }, data: { status: "FAILED", attempts: { increment: 1 }, notBefore, lastError: error.slice(0, 500) } });
}

/** Not sent, on purpose (the recipient turned the type off, or left): kept with the reason. */
export async function markActivitySkipped(db: Db, id: number, worker: string, reason: string): Promise<void> {
  await db.activityNotification.updateMany({ where: { id, claimedBy: worker, status: "PENDING" }, data: { status: "SKIPPED", lastError: reason } });
}

/** Quiet hours: released unclaimed, due again when they end. */
export async function holdActivity(db: Db, id: number, worker: string, until: Date): Promise<void> {
  await db.activityNotification.updateMany({ where: { id, claimedBy: worker, status: "PENDING" }, data: { notBefore: until, claimedBy: null, claimedAt: null } });
}
