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

const resultKeys = ["position", "taskId", "title", "kind", "unit", "min", "max", "required", "outcome", "reading", "text", "passed", "note"] as const;
const recordKeys = ["id", "labId", "number", "equipmentId", "frequency", "periodStart", "periodEnd", "status", "completedById", "completedAt", "result", "comment"] as const;
const pick = <K extends string>(row: Record<K, unknown>, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

const contentSelect = {
  ...(Object.fromEntries(recordKeys.map((k) => [k, true])) as Record<(typeof recordKeys)[number], true>),
  results: { orderBy: { position: "asc" }, select: Object.fromEntries(resultKeys.map((k) => [k, true])) as Record<(typeof resultKeys)[number], true> },
} as const;

type ContentRecord = Record<(typeof recordKeys)[number], unknown>;
type ContentResult = Record<(typeof resultKeys)[number], unknown>;

/** The signed content of a record already read with its results (ordered by position): no query. */
export function signedContentOf(record: ContentRecord, results: readonly ContentResult[]): RecordSignedContent {
  return { type: "pm_record", ...pick(record, recordKeys), results: results.map((r) => pick(r, resultKeys)) };
}

/** The signed content of many records at once (exports): one query. */
export async function recordsSignedContent(db: DbOrTx, recordIds: readonly number[]): Promise<Map<number, RecordSignedContent>> {
  const records = recordIds.length ? await db.pmRecord.findMany({ where: { id: { in: [...recordIds] } }, select: contentSelect }) : [];
  return new Map(records.map((record) => [record.id, signedContentOf(record, record.results)]));
}

export type RecordSignedContent = { type: "pm_record" } & Record<string, unknown>;

/** What a signature on an amendment is bound to: the correction itself. */
export function amendmentSignedContent(amendment: { id: number; recordId: number; reason: string; actorId: number; at: Date; changes: unknown }): unknown {
  return { type: "pm_amendment", id: amendment.id, recordId: amendment.recordId, reason: amendment.reason, actorId: amendment.actorId, at: amendment.at, changes: amendment.changes };
}
