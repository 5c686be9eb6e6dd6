import type { Tx } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { GENESIS_HASH, keyedHashEvent, toJsonValue } from "./chain.ts";
import { entityTypeOf, type Actor, type AuditInput } from "./events.ts";
import { auditKeys } from "./keys.ts";

export { verifyAuditChain, type ChainVerification, type VerifyOptions } from "./verify.ts";

/** Serialises writers of the chain: each event needs its predecessor's hash and seq. */
const AUDIT_CHAIN_LOCK = 72_0001;

/**
 * Appends audit events inside the caller's transaction, so a change and its audit trail commit
 * or roll back together. Holds a transaction-scoped advisory lock until commit, which also lets
 * it number events itself: seqs have no gaps (a rolled-back writer never took one), so a missing
 * seq is a deleted event. Each hash is an HMAC with the configured key (keys.ts).
 */
export async function writeAudit(tx: Tx, actor: Actor, at: Date, inputs: AuditInput | AuditInput[]): Promise<void> {
  const events = Array.isArray(inputs) ? inputs : [inputs];
  if (events.length === 0) return;
  const { current } = auditKeys();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  let seq = last?.seq ?? 0n;
  const rows: Prisma.AuditEventCreateManyInput[] = [];
  for (const input of events) {
    seq += 1n;
    const fields = {
      at,
      actorId: actor.userId,
      actorName: actor.name,
      source: actor.source,
      action: input.action,
      entityType: entityTypeOf(input.action),
      entityId: String(input.entityId),
      labId: input.labId ?? null,
      before: toJsonValue(input.before ?? null),
      after: toJsonValue(input.after ?? null),
      reason: input.reason ?? null,
      prevHash,
    };
    const hash = keyedHashEvent(fields, seq, current.id, current.key);
    rows.push({
      ...fields,
      seq,
      keyId: current.id,
      before: (fields.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (fields.after ?? undefined) as Prisma.InputJsonValue | undefined,
      hash,
    });
    prevHash = hash;
  }
  await tx.auditEvent.createMany({ data: rows });
}
