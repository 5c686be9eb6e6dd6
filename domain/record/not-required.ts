/**
 * Periods closed without work (status NOT_REQUIRED). Equipment that leaves a lab or leaves Active
 * has nothing to maintain there: its records still to come due close with the reason, in the
 * same transaction as the change. Records already overdue stay open: they were missed while the
 * equipment was in service, and a manager decides about each of them (markNotRequired).
 *
 * One audit event per record, not one per change: the audit trail is searched by record
 * (entity and record number), and each record's trail must say why it closed.
 */
import { writeAudit } from "../audit/audit.service.ts";
import type { Actor } from "../audit/events.ts";
import type { Tx } from "../db/client.ts";
import type { NotRequiredCause } from "../db/generated/enums.ts";

export interface CloseScope {
  equipmentId: number;
  labId: number;
  reason: string;
  cause: Exclude<NotRequiredCause, "MANAGER">;
}

/** Closes the equipment's open, not yet overdue records of the lab; answers their ids. */
export async function closeUpcomingRecords(tx: Tx, actor: Actor, now: Date, scope: CloseScope): Promise<number[]> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    UPDATE pm_record SET status = 'NOT_REQUIRED', not_required_at = ${now}, not_required_by_id = ${actor.userId},
           not_required_reason = ${scope.reason}, not_required_cause = ${scope.cause}::"NotRequiredCause"
     WHERE equipment_id = ${scope.equipmentId} AND lab_id = ${scope.labId} AND status = 'OPEN' AND due_at >= ${now}
     RETURNING id`;
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  await writeAudit(
    tx,
    actor,
    now,
    ids.map((id) => ({ action: "record.not_required" as const, entityId: id, labId: scope.labId, before: { status: "OPEN" }, after: { status: "NOT_REQUIRED", cause: scope.cause }, reason: scope.reason })),
  );
  return ids;
}

/**
 * Equipment back to Active: the records its status change closed whose period is still running
 * (or to come) open again, so the current period is checked after all. Records a manager closed,
 * or a transfer closed in another lab, stay closed.
 */
export async function reopenAfterReturn(tx: Tx, actor: Actor, now: Date, scope: { equipmentId: number; labId: number; reason: string }): Promise<number[]> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    UPDATE pm_record SET status = 'OPEN', not_required_at = NULL, not_required_by_id = NULL, not_required_reason = NULL, not_required_cause = NULL
     WHERE equipment_id = ${scope.equipmentId} AND lab_id = ${scope.labId} AND status = 'NOT_REQUIRED'
       AND not_required_cause = 'STATUS_CHANGE' AND period_end > ${now}
     RETURNING id`;
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  await writeAudit(
    tx,
    actor,
    now,
    ids.map((id) => ({ action: "record.reopened" as const, entityId: id, labId: scope.labId, before: { status: "NOT_REQUIRED" }, after: { status: "OPEN" }, reason: scope.reason })),
  );
  return ids;
}
