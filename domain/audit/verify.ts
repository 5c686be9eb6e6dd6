import type { Db } from "../db/client.ts";
import type { Checkpoint } from "./checkpoint.ts";
import { GENESIS_HASH, keyedHashEvent, legacyHashEvent, sameDigest, type ChainedFields } from "./chain.ts";
import { auditKeys, type AuditKeyring } from "./keys.ts";

export interface ChainVerification {
  ok: boolean;
  /** Events that verified (counting those vouched for by the `from` checkpoint). */
  checked: number;
  /** The first event that does not verify (or is missing), and why. */
  failure?: { seq: bigint; problem: string };
}

export interface VerifyOptions {
  batchSize?: number;
  /** Signed checkpoints (already checked by readCheckpoints): the chain must still match each. */
  checkpoints?: Checkpoint[];
  /** Trust the chain up to this checkpoint (after re-checking that event), and walk on from it. */
  from?: Checkpoint;
  /** Stop after this seq (a checkpoint signs the head it read before verifying). */
  through?: bigint;
  keyring?: AuditKeyring;
}

interface Link { seq: bigint; hash: string; keyed: boolean }
type EventRow = ChainedFields & { seq: bigint; hash: string; keyId: string | null };

/** Why an event's own hash does not hold, or null. Legacy events (no key id) are plain SHA-256. */
function hashProblem(event: EventRow, keyring: AuditKeyring): string | null {
  const fields: ChainedFields = {
    at: event.at, actorId: event.actorId, actorName: event.actorName, source: event.source, action: event.action,
    entityType: event.entityType, entityId: event.entityId, labId: event.labId, before: event.before ?? null,
    after: event.after ?? null, reason: event.reason, prevHash: event.prevHash,
  };
  if (event.keyId === null) return sameDigest(legacyHashEvent(fields), event.hash) ? null : "its contents do not match its hash (it was altered)";
  const key = keyring.byId.get(event.keyId);
  if (!key) return `it claims key id "${event.keyId}", which is not configured (forged, or AUDIT_HMAC_KEYS lacks a retired key)`;
  return sameDigest(keyedHashEvent(fields, event.seq, event.keyId, key), event.hash) ? null : "its HMAC does not match (it was altered, or forged without the key)";
}

/**
 * Walks the chain in seq order. Every event's hash is recomputed (an altered or forged event
 * fails itself); each must link to its predecessor's hash (a removed or moved event breaks the
 * link); keyed events are numbered without gaps (a missing seq is a removed event); an unkeyed
 * event may not follow a keyed one (a rewrite without the key). Checkpoints then catch what the
 * chain alone cannot: a removed tail, and a legacy chain recomputed from scratch.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<ChainVerification> {
  const keyring = options.keyring ?? auditKeys();
  const batchSize = options.batchSize ?? 5000;
  const checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  const keyedClaims = new Set(checkpoints.flatMap((c) => (c.firstKeyedSeq === null ? [] : [BigInt(c.firstKeyedSeq)])));
  let prev: Link | null = null;
  let checked = 0;
  let after = -1n;
  const fail = (seq: bigint, problem: string): ChainVerification => ({ ok: false, checked, failure: { seq, problem } });

  if (options.from) {
    const seq = BigInt(options.from.seq);
    const anchor = await db.auditEvent.findUnique({ where: { seq } });
    if (!anchor) return fail(seq, `is missing, though the checkpoint of ${options.from.at} vouched for it`);
    const problem = hashProblem(anchor, keyring) ?? (anchor.hash === options.from.hash ? null : `its hash differs from the checkpoint of ${options.from.at} (the chain was re-hashed)`);
    if (problem) return fail(seq, problem);
    prev = { seq, hash: anchor.hash, keyed: anchor.keyId !== null };
    checked = options.from.count;
    after = seq;
  }
  let pending = checkpoints.findIndex((c) => BigInt(c.seq) > after);
  if (pending < 0) pending = checkpoints.length;

  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: { seq: options.through === undefined ? { gt: after } : { gt: after, lte: options.through } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) break;
    for (const event of batch) {
      if (event.keyId !== null) {
        const expected = (prev?.seq ?? 0n) + 1n;
        if (event.seq !== expected) return fail(expected, `is missing (removed): the chain goes from ${prev ? `event ${prev.seq}` : "its start"} to event ${event.seq}`);
      }
      const skipped = checkpoints[pending];
      if (skipped && BigInt(skipped.seq) < event.seq) return fail(BigInt(skipped.seq), `is missing (removed), though the checkpoint of ${skipped.at} vouched for it`);
      if (event.keyId === null && (prev?.keyed || keyedClaims.has(event.seq))) {
        return fail(event.seq, "it claims to be an unkeyed legacy event where the chain was already keyed (rewritten without the key)");
      }
      if (event.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
        return fail(event.seq, "its link to the previous event is broken (an event before it was removed, moved or altered)");
      }
      const problem = hashProblem(event, keyring);
      if (problem) return fail(event.seq, problem);
      checked++;
      prev = { seq: event.seq, hash: event.hash, keyed: event.keyId !== null };
      for (; checkpoints[pending] && BigInt(checkpoints[pending]!.seq) === event.seq; pending++) {
        const checkpoint = checkpoints[pending]!;
        if (checkpoint.hash !== event.hash) return fail(event.seq, `its hash differs from the checkpoint of ${checkpoint.at} (this event or one before it was rewritten and the chain re-hashed)`);
        if (checkpoint.count !== checked) return fail(event.seq, `the chain holds ${checked} events up to it, the checkpoint of ${checkpoint.at} ${checkpoint.count}`);
      }
    }
    after = batch[batch.length - 1]!.seq;
  }
  const beyond = checkpoints.at(-1);
  if (beyond && BigInt(beyond.seq) > (prev?.seq ?? 0n)) {
    const missing = (prev?.seq ?? 0n) + 1n;
    return fail(missing, `is missing (removed): the chain ends at ${prev ? `event ${prev.seq}` : "nothing"}, but the checkpoint of ${beyond.at} vouches for ${beyond.count} events up to event ${beyond.seq} (its tail was removed)`);
  }
  return { ok: true, checked };
}
