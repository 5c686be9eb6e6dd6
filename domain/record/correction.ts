import type { Tx } from "../db/client.ts";
import type { PmAmendment } from "../db/generated/client.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { Actor } from "../audit/events.ts";
import { validationFailed } from "../input.ts";
import { evaluateChecklist, overallResult, type EvaluatedResult, type TaskSnapshot } from "./checklist.ts";
import { snapshotOf } from "./amendment.view.ts";

/** A correction of a completed record: a reason, and corrected answers and/or comment. */
export interface Correction {
  reason: string;
  results?: { taskId: number; outcome?: "DONE" | "NOT_DONE" | "NOT_APPLICABLE"; reading?: number; text?: string; note?: string }[];
  comment?: string;
}

async function updateResults(tx: Tx, changed: EvaluatedResult[], stored: { id: number; taskId: number | null }[]) {
  for (const row of changed) {
    const target = stored.find((s) => s.taskId === row.taskId)!;
    await tx.pmTaskResult.update({
      where: { id: target.id },
      data: { outcome: row.outcome, reading: row.reading, text: row.text, passed: row.passed, note: row.note },
    });
  }
}

/**
 * Applies a correction inside the caller's transaction: the amendment row (values before and
 * after) and its `record.amended` event; returns the amendment (a signature may bind to it). Used by amendments and by a returned record's
 * resubmission (domain/review), so a correction is written one way whoever makes it.
 */
export async function applyCorrection(tx: Tx, actor: Actor, actorId: number, now: Date, record: { id: number; labId: number }, body: Correction): Promise<PmAmendment> {
  // Lock the record so concurrent amendments apply one after the other, each to fresh values.
  await tx.$queryRaw`SELECT id FROM pm_record WHERE id = ${record.id} FOR UPDATE`;
  const fresh = await tx.pmRecord.findUniqueOrThrow({ where: { id: record.id }, select: { result: true, comment: true } });
  const stored = await tx.pmTaskResult.findMany({ where: { recordId: record.id }, orderBy: { position: "asc" } });
  const snapshot: TaskSnapshot[] = stored.map((r) => ({ taskId: r.taskId, position: r.position, title: r.title, kind: r.kind, unit: r.unit, min: r.min, max: r.max, required: r.required }));
  const { results: changed, problems } = evaluateChecklist(snapshot, body.results ?? [], { only: true });
  if (problems.length) throw validationFailed(problems, "The corrected answers are not valid.");

  const current = stored as (EvaluatedResult & { id: number })[];
  const result = overallResult(current.map((r) => changed.find((c) => c.taskId === r.taskId) ?? r));
  const comment = body.comment !== undefined ? body.comment || null : fresh.comment;
  const before = { result: fresh.result, comment: fresh.comment, results: changed.map((c) => snapshotOf(current.find((r) => r.taskId === c.taskId)!)) };
  const after = { result, comment, results: changed.map(snapshotOf) };

  await updateResults(tx, changed, stored);
  await tx.pmRecord.update({ where: { id: record.id }, data: { result, comment } });
  const amendment = await tx.pmAmendment.create({ data: { recordId: record.id, reason: body.reason, actorId, at: now, changes: { before, after } } });
  await writeAudit(tx, actor, now, { action: "record.amended", entityId: record.id, labId: record.labId, before, after, reason: body.reason });
  return amendment;
}
