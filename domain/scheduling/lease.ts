import type { Db } from "../db/client.ts";

// Leases of the scheduler (server/scheduler): one row per job, held by one instance at a time.
// Each statement runs in a transaction of its own: on the embedded database, parameterised
// queries from several connections outside transactions can interleave their protocol messages.

/**
 * Takes the lease `name` for `holder` until `now + ttlMs` when it is free, expired or already
 * held by `holder` (a renewal), in one atomic upsert. Returns whether `holder` holds it now.
 */
export async function acquireLease(db: Db, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const rows = await db.$transaction((tx) => tx.$queryRaw<{ holder: string }[]>`
    INSERT INTO scheduler_lease (name, holder, expires_at) VALUES (${name}, ${holder}, ${expiresAt})
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
    WHERE scheduler_lease.holder = EXCLUDED.holder OR scheduler_lease.expires_at <= ${now}
    RETURNING holder`);
  return rows.length === 1;
}

/** Gives up the leases `holder` holds among `names`, so another instance can take them at once. */
export async function releaseLeases(db: Db, names: readonly string[], holder: string): Promise<void> {
  if (names.length === 0) return;
  await db.$transaction((tx) => tx.$executeRaw`DELETE FROM scheduler_lease WHERE name = ANY (${[...names]}::text[]) AND holder = ${holder}`);
}
