import { writeAudit } from "../audit/audit.service.ts";
import type { Actor } from "../audit/events.ts";
import type { Tx } from "../db/client.ts";
import type { EquipmentStatus } from "../db/generated/enums.ts";
import { type AppError, conflict, notFound } from "../errors.ts";
import { closeUpcomingRecords, reopenAfterReturn } from "../record/not-required.ts";

/**
 * Locks the equipment row for the rest of the transaction and answers its state as it is now.
 * Status changes and transfers decide on this, not on an earlier read: of two concurrent
 * requests the second waits here and then sees the first one's change.
 */
export async function lockEquipment(tx: Tx, id: number): Promise<{ labId: number; status: EquipmentStatus; location: string | null }> {
  const rows = await tx.$queryRaw<{ labId: number; status: EquipmentStatus; location: string | null }[]>`
    SELECT lab_id AS "labId", status::text AS status, location FROM equipment WHERE id = ${id} FOR UPDATE`;
  if (!rows[0]) throw notFound("Equipment");
  return rows[0];
}

export const changedMeanwhile = () => conflict("Someone else changed this equipment a moment ago. Reload it and try again.");

/**
 * The one status change, inside the caller's transaction: the equipment (locked), its history
 * event, the audit event, and its records (leaving Active closes those not yet overdue as not
 * required; returning reopens them). Used by the equipment page and by quarantine and the closing
 * of a corrective action (R-QUAR), so history and trail read the same whoever changed it. The
 * caller has authorized; `expected` is the state it authorized on (a change meanwhile is a 409).
 * After commit, a return to Active needs `afterEligibilityChange` (records generated at once).
 */
export async function applyStatusChange(
  tx: Tx,
  actor: Actor,
  now: Date,
  expected: { id: number; labId: number; status: EquipmentStatus },
  to: EquipmentStatus,
  reason: string,
): Promise<void> {
  const locked = await lockEquipment(tx, expected.id);
  if (locked.status === to) throw alreadyInStatus(locked.status);
  // The permission was checked for the lab read before: a transfer meanwhile voids it.
  if (locked.status !== expected.status || locked.labId !== expected.labId) throw changedMeanwhile();
  await tx.equipment.update({ where: { id: expected.id }, data: { status: to, ...(to === "ACTIVE" ? { activeSince: now } : {}) } });
  await tx.equipmentEvent.create({
    data: { equipmentId: expected.id, kind: "STATUS_CHANGED", fromStatus: expected.status, toStatus: to, reason, actorId: actor.userId, at: now },
  });
  await writeAudit(tx, actor, now, {
    action: "equipment.status_changed",
    entityId: expected.id,
    labId: expected.labId,
    before: { status: expected.status },
    after: { status: to },
    reason,
  });
  const scope = { equipmentId: expected.id, labId: expected.labId };
  if (to === "ACTIVE") await reopenAfterReturn(tx, actor, now, { ...scope, reason: `Active again: ${reason}` });
  else if (expected.status === "ACTIVE") await closeUpcomingRecords(tx, actor, now, { ...scope, cause: "STATUS_CHANGE", reason: `${statusName(to)}: ${reason}` });
}

/** A repeated status change conflicts with the state it meant to change (409), e.g. a double click. */
export function alreadyInStatus(status: EquipmentStatus): AppError {
  return conflict(`The equipment is already ${label(status)}.`, { fields: [{ field: "status", message: `Already ${label(status)}.` }] });
}

/** "Out of Service", as the tab names the statuses. */
export function statusName(status: EquipmentStatus): string {
  return status.split("_").map((w) => (w === "OF" ? "of" : w[0] + w.slice(1).toLowerCase())).join(" ");
}

function label(status: EquipmentStatus): string {
  return status.toLowerCase().replace(/_/g, " ");
}
