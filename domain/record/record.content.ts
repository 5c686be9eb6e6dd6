import type { DbOrTx } from "../db/client.ts";

/**
 * R-SIGN: what a signature on a maintenance record is bound to. Everything a reader relies on:
 * which record (lab, number, equipment, period), its status and completion, the overall result,
 * the comment, and every answer with the task as it was snapshotted. An amendment changes the
 * answers, result or comment, so an earlier signature visibly stops matching.
 */
export async function recordSignedContent(db: DbOrTx, recordId: number): Promise<RecordSignedContent> {
  const record = await db.pmRecord.findUniqueOrThrow({
    where: { id: recordId },
    select: {
      id: true, labId: true, number: true, equipmentId: true, frequency: true, periodStart: true, periodEnd: true, status: true,
      completedById: true, completedAt: true, result: true, comment: true,
      results: { orderBy: { position: "asc" }, select: { position: true, taskId: true, title: true, kind: true, unit: true, min: true, max: true, required: true, outcome: true, reading: true, text: true, passed: true, note: true } },
    },
  });
  return { type: "pm_record", ...record };
}

export type RecordSignedContent = { type: "pm_record" } & Record<string, unknown>;

/** What a signature on an amendment is bound to: the correction itself. */
export function amendmentSignedContent(amendment: { id: number; recordId: number; reason: string; actorId: number; at: Date; changes: unknown }): unknown {
  return { type: "pm_amendment", id: amendment.id, recordId: amendment.recordId, reason: amendment.reason, actorId: amendment.actorId, at: amendment.at, changes: amendment.changes };
}
