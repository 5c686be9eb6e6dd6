import type { DbOrTx } from "../db/client.ts";

/**
 * R-SIGN: what a signature on a maintenance record is bound to. Everything a reader relies on:
 * which record (lab, number, equipment, period), its status and completion, the overall result,
 * the comment, and every answer with the task as it was snapshotted. An amendment changes the
 * answers, result or comment, so an earlier signature visibly stops matching.
 */
export async function recordSignedContent(db: DbOrTx, recordId: number): Promise<RecordSignedContent> {
  const content = (await recordsSignedContent(db, [recordId])).get(recordId);
  if (!content) throw new Error(`record ${recordId} not found`);
  return content;
}

const contentSelect = {
  id: true, labId: true, number: true, equipmentId: true, frequency: true, periodStart: true, periodEnd: true, status: true,
  completedById: true, completedAt: true, result: true, comment: true,
  results: { orderBy: { position: "asc" }, select: { position: true, taskId: true, title: true, kind: true, unit: true, min: true, max: true, required: true, outcome: true, reading: true, text: true, passed: true, note: true } },
} as const;

/** The signed content of many records at once (exports): one query. */
export async function recordsSignedContent(db: DbOrTx, recordIds: readonly number[]): Promise<Map<number, RecordSignedContent>> {
  const records = recordIds.length ? await db.pmRecord.findMany({ where: { id: { in: [...recordIds] } }, select: contentSelect }) : [];
  return new Map(records.map((record) => [record.id, { type: "pm_record", ...record }]));
}

export type RecordSignedContent = { type: "pm_record" } & Record<string, unknown>;

/** What a signature on an amendment is bound to: the correction itself. */
export function amendmentSignedContent(amendment: { id: number; recordId: number; reason: string; actorId: number; at: Date; changes: unknown }): unknown {
  return { type: "pm_amendment", id: amendment.id, recordId: amendment.recordId, reason: amendment.reason, actorId: amendment.actorId, at: amendment.at, changes: amendment.changes };
}
