import type { Db, Tx } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { GENESIS_HASH, hashEvent, toJsonValue } from "./chain.ts";
import { entityTypeOf, type Actor, type AuditInput } from "./events.ts";

/** Serialises writers of the chain: each event needs its predecessor's hash. */
const AUDIT_CHAIN_LOCK = 72_0001;

/**
 * Appends audit events inside the caller's transaction, so a change and its audit trail commit
 * or roll back together. Holds a transaction-scoped advisory lock until commit.
 */
export async function writeAudit(tx: Tx, actor: Actor, at: Date, inputs: AuditInput | AuditInput[]): Promise<void> {
  const events = Array.isArray(inputs) ? inputs : [inputs];
  if (events.length === 0) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows: Prisma.AuditEventCreateManyInput[] = [];
  for (const input of events) {
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
    const hash = hashEvent(fields);
    rows.push({
      ...fields,
      before: (fields.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (fields.after ?? undefined) as Prisma.InputJsonValue | undefined,
      hash,
    });
    prevHash = hash;
  }
  await tx.auditEvent.createMany({ data: rows });
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first event that does not verify, and why. */
  failure?: { seq: bigint; problem: string };
}

/**
 * Walks the chain in order and recomputes every hash: an altered event breaks its own hash, a
 * removed one breaks its successor's link.
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let after: bigint = -1n;
  let checked = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: batchSize });
    if (batch.length === 0) return { ok: true, checked };
    for (const event of batch) {
      if (event.prevHash !== prevHash) {
        return { ok: false, checked, failure: { seq: event.seq, problem: "its link to the previous event is broken (an event before it was removed or altered)" } };
      }
      const expected = hashEvent({
        at: event.at,
        actorId: event.actorId,
        actorName: event.actorName,
        source: event.source,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        labId: event.labId,
        before: event.before ?? null,
        after: event.after ?? null,
        reason: event.reason,
        prevHash: event.prevHash,
      });
      if (expected !== event.hash) return { ok: false, checked, failure: { seq: event.seq, problem: "its contents do not match its hash (it was altered)" } };
      prevHash = event.hash;
      checked++;
    }
    after = batch[batch.length - 1]!.seq;
  }
}
