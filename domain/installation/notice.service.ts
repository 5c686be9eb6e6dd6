import type { Db, Tx } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";

/**
 * Posts to a lab's channel as a transactional outbox: a notice is written in the transaction of
 * the change it tells of (so a rolled-back quarantine posts nothing, and a committed one is never
 * lost), one row per channel or group chat linked to the lab. The bot delivers them through its
 * one proactive sender (bot/notices), claiming each row so that with several servers one sends it.
 */

/** A claim older than this, still pending, is taken over (its server died mid-send). */
export const NOTICE_STALE_MS = 5 * 60_000;
export const NOTICE_MAX_ATTEMPTS = 5;

export interface NoticeInput {
  labId: number;
  kind: "quarantine";
  text: string;
  payload: Prisma.InputJsonValue;
}

/** Queues the notice for every active channel and group chat linked to the lab; answers how many. */
export async function queueLabNotice(tx: Tx, notice: NoticeInput, now: Date): Promise<number> {
  const targets = await tx.botInstallation.findMany({ where: { labId: notice.labId, active: true, conversationType: { not: "PERSONAL" } }, select: { id: true } });
  if (targets.length === 0) return 0;
  await tx.channelNotice.createMany({ data: targets.map((t) => ({ installationId: t.id, labId: notice.labId, kind: notice.kind, text: notice.text, payload: notice.payload, createdAt: now })) });
  return targets.length;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** The bot listens, to deliver at once instead of at its next scheduled run. */
export function onNoticesQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by a service after the commit that queued notices. */
export function noticesQueued(): void {
  for (const listener of listeners) listener();
}

export interface ClaimedNotice {
  id: number;
  text: string;
  payload: unknown;
  installationId: number;
  serviceUrl: string;
  conversationId: string;
  tenantId: string | null;
}

/** Claims up to `limit` notices to send: pending and unclaimed, pending with a stale claim, or failed with attempts left. */
export async function claimNotices(db: Db, worker: string, now: Date, limit = 50): Promise<ClaimedNotice[]> {
  const stale = new Date(now.getTime() - NOTICE_STALE_MS);
  return db.$queryRaw<ClaimedNotice[]>`
    WITH picked AS (
      SELECT n.id FROM channel_notice n
       WHERE (n.status = 'PENDING' AND (n.claimed_at IS NULL OR n.claimed_at < ${stale}))
          OR (n.status = 'FAILED' AND n.attempts < ${NOTICE_MAX_ATTEMPTS})
       ORDER BY n.id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE channel_notice n SET status = 'PENDING', claimed_by = ${worker}, claimed_at = ${now}
      FROM picked, bot_installation i
     WHERE n.id = picked.id AND i.id = n.installation_id AND i.active
    RETURNING n.id, n.text, n.payload, n.installation_id AS "installationId", i.service_url AS "serviceUrl", i.conversation_id AS "conversationId", i.tenant_id AS "tenantId"`;
}

export async function markNoticeSent(db: Db, id: number, worker: string, activityId: string, now: Date): Promise<void> {
  await db.channelNotice.updateMany({ where: { id, claimedBy: worker }, data: { status: "SENT", activityId, sentAt: now, attempts: { increment: 1 }, lastError: null } });
}

export async function markNoticeFailed(db: Db, id: number, worker: string, error: string): Promise<void> {
  await db.channelNotice.updateMany({ where: { id, claimedBy: worker }, data: { status: "FAILED", attempts: { increment: 1 }, lastError: error.slice(0, 500) } });
}
