import type { Db } from "../db/client.ts";

/** A claim older than this, still pending, is taken over (its server died mid-send). */
export const STALE_CLAIM_MS = 10 * 60_000;
/** Failed deliveries are tried again on later runs until this many attempts. */
export const MAX_ATTEMPTS = 5;

/**
 * Claims today's digest for one conversation. The unique (installation, local date) row decides
 * between servers: the first insert wins; a later run takes over only a failed delivery or a
 * pending one whose claim went stale. Returns the delivery id when this server owns it.
 */
export async function claimDelivery(db: Db, installationId: number, localDate: string, worker: string, now: Date): Promise<number | null> {
  const stale = new Date(now.getTime() - STALE_CLAIM_MS);
  const rows = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO digest_delivery (installation_id, local_date, status, claimed_by, claimed_at, attempts)
    VALUES (${installationId}, ${localDate}::date, 'PENDING', ${worker}, ${now}, 0)
    ON CONFLICT (installation_id, local_date) DO UPDATE
      SET status = 'PENDING', claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at
      WHERE digest_delivery.attempts < ${MAX_ATTEMPTS}
        AND (digest_delivery.status = 'FAILED' OR (digest_delivery.status = 'PENDING' AND digest_delivery.claimed_at < ${stale}))
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export async function markSent(db: Db, id: number, worker: string, activityId: string, now: Date): Promise<void> {
  await db.digestDelivery.updateMany({
    where: { id, claimedBy: worker },
    data: { status: "SENT", activityId, sentAt: now, attempts: { increment: 1 }, lastError: null },
  });
}

export async function markFailed(db: Db, id: number, worker: string, error: string): Promise<void> {
  await db.digestDelivery.updateMany({ where: { id, claimedBy: worker }, data: { status: "FAILED", attempts: { increment: 1 }, lastError: error.slice(0, 500) } });
}
