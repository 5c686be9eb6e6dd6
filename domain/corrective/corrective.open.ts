import { correctiveActionAssigned } from "../activity/producers.ts";
import { DateTime } from "luxon";
import { requireItemRight } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { Actor } from "../audit/events.ts";
import type { ServiceContext } from "../context.ts";
import type { DbOrTx, Tx } from "../db/client.ts";
import type { EquipmentStatus } from "../db/generated/enums.ts";
import { applyStatusChange, lockEquipment } from "../equipment/status-change.ts";
import { AppError, conflict, notFound } from "../errors.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import { noticesQueued, queueLabNotice } from "../installation/notice.service.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { QuarantineInput } from "./corrective.schemas.ts";
import { failureText, formatCaNumber, quarantineNotice, type FailedAnswer } from "./failure.ts";

/** Days a corrective action is due in when no date is given. */
export const DEFAULT_DUE_DAYS = 7;

/** The next CA number of the lab. The counter row is locked until commit, so concurrent openings get 1, 2, 3… with no gap or repeat. */
export async function nextCaNumber(tx: Tx, labId: number): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    INSERT INTO lab_record_counter (lab_id, last_number, last_ca_number) VALUES (${labId}, 0, 1)
    ON CONFLICT (lab_id) DO UPDATE SET last_ca_number = lab_record_counter.last_ca_number + 1
    RETURNING last_ca_number AS n`;
  return rows[0]!.n;
}

/** A lab-local day as stored in a DATE column. */
export const dayToDate = (day: string) => new Date(`${day}T00:00:00Z`);
export const defaultDueDay = (now: Date, timeZone: string) => DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: DEFAULT_DUE_DAYS }).toISODate()!;

/** The assignee must be an active user who works at the lab (primary lab or lab access). */
export async function requireAssignee(db: DbOrTx, userId: number, labId: number, field = "assigneeId"): Promise<{ id: number; displayName: string }> {
  const user = await db.user.findFirst({
    where: { id: userId, status: "ACTIVE", OR: [{ primaryLabId: labId }, { access: { some: { labId } } }] },
    select: { id: true, displayName: true },
  });
  if (!user) throw validationFailed([{ field, message: "Choose an active user of this lab." }]);
  return user;
}

export interface FailureContext {
  labId: number;
  labCode: string;
  recordId: number;
  recordNumber: number;
  failedAt: Date;
  problem: string;
}

/** What opened a corrective action: a failed PM record or an out-of-tolerance calibration. */
export interface FailureTrigger {
  labId: number;
  failedAt: Date;
  problem: string;
  /** "Failed check BOS-000123", "Out-of-tolerance calibration of 2026-11-30": the reason's prefix. */
  label: string;
  recordId: number | null;
  calibrationId: number | null;
}

export interface OpenedCa {
  id: number;
  number: number;
  outOfService: boolean;
}

export const recordTrigger = (failure: FailureContext): FailureTrigger => ({
  labId: failure.labId,
  failedAt: failure.failedAt,
  problem: failure.problem,
  label: `Failed check ${formatRecordNumber(failure.labCode, failure.recordNumber)}`,
  recordId: failure.recordId,
  calibrationId: null,
});

/**
 * Opens a corrective action for a failure, in the caller's transaction (which holds the
 * equipment's lock): optionally takes the instrument out of service through the one status
 * change, numbers the CA, audits it and queues the channel post. The caller authorized.
 */
export async function openForFailure(
  tx: Tx,
  actor: Actor,
  now: Date,
  failure: FailureTrigger,
  equipment: { id: number; labId: number; status: EquipmentStatus; assetTag: string },
  options: { quarantine: boolean; assignee: { id: number; displayName: string } | null; dueOn: string },
): Promise<OpenedCa> {
  const number = await nextCaNumber(tx, failure.labId);
  let outOfService = equipment.status === "OUT_OF_SERVICE";
  if (options.quarantine && equipment.status === "ACTIVE") {
    await applyStatusChange(tx, actor, now, equipment, "OUT_OF_SERVICE", `${failure.label}: ${failure.problem} (${formatCaNumber(number)})`);
    outOfService = true;
  }
  const ca = await tx.correctiveAction.create({
    data: {
      labId: failure.labId,
      number,
      equipmentId: equipment.id,
      triggerRecordId: failure.recordId,
      triggerCalibrationId: failure.calibrationId,
      failedAt: failure.failedAt,
      problem: failure.problem,
      assigneeId: options.assignee?.id ?? null,
      dueOn: dayToDate(options.dueOn),
      openedById: actor.userId,
      openedAt: now,
    },
  });
  await writeAudit(tx, actor, now, {
    action: "ca.opened",
    entityId: ca.id,
    labId: failure.labId,
    after: {
      number: formatCaNumber(number),
      equipmentId: equipment.id,
      ...(failure.recordId !== null ? { triggerRecord: failure.label.replace(/^Failed check /, "") } : {}),
      ...(failure.calibrationId !== null ? { triggerCalibrationId: failure.calibrationId } : {}),
      problem: failure.problem,
      assignee: options.assignee?.displayName ?? null,
      dueOn: options.dueOn,
      outOfService,
    },
  });
  if (options.assignee) {
    const lab = await tx.lab.findUniqueOrThrow({ where: { id: failure.labId }, select: { code: true } });
    await correctiveActionAssigned(tx, actor, now, { id: ca.id, labId: failure.labId, labCode: lab.code, number, assetTag: equipment.assetTag, problem: failure.problem }, options.assignee.id);
  }
  const text = quarantineNotice({ assetTag: equipment.assetTag, problem: failure.problem, outOfService, caNumber: number, assignee: options.assignee?.displayName ?? null });
  const payload = failure.recordId !== null ? { correctiveActionId: ca.id, recordId: failure.recordId } : { correctiveActionId: ca.id, calibrationId: failure.calibrationId };
  await queueLabNotice(tx, { labId: failure.labId, kind: "quarantine", text, payload }, now);
  return { id: ca.id, number, outOfService };
}

export async function openCaOf(tx: Tx, equipmentId: number) {
  return tx.correctiveAction.findFirst({ where: { equipmentId, status: "OPEN" }, select: { id: true, number: true } });
}

/**
 * Called by record completion, in its transaction, when a checklist fails. An instrument with a
 * CA already open gets the failure logged on it (a failed re-check, say). Otherwise the lab's
 * setting decides: FORCE takes it out of service and opens a CA assigned to the performer; OFFER
 * leaves the choice to them (quarantineRecord). Answers the CA opened or logged on, if any.
 */
export async function afterFailedCheck(tx: Tx, actor: Actor, now: Date, failure: Omit<FailureContext, "problem"> & { answers: readonly FailedAnswer[] }): Promise<OpenedCa | null> {
  const record = await tx.pmRecord.findUniqueOrThrow({ where: { id: failure.recordId }, select: { equipmentId: true, lab: { select: { timeZone: true, quarantineOnFailure: true } }, equipment: { select: { assetTag: true } } } });
  const locked = await lockEquipment(tx, record.equipmentId);
  const problem = failureText(failure.answers);
  const open = await openCaOf(tx, record.equipmentId);
  if (open) {
    const text = `Another failed check, ${formatRecordNumber(failure.labCode, failure.recordNumber)}: ${problem}`;
    await tx.correctiveActionEntry.create({ data: { caId: open.id, text, actorId: actor.userId, at: now } });
    await writeAudit(tx, actor, now, { action: "ca.action_logged", entityId: open.id, labId: failure.labId, after: { text } });
    return { id: open.id, number: open.number, outOfService: locked.status === "OUT_OF_SERVICE" };
  }
  if (record.lab.quarantineOnFailure !== "FORCE") return null;
  const assignee = actor.userId === null ? null : await tx.user.findUnique({ where: { id: actor.userId }, select: { id: true, displayName: true } });
  return openForFailure(tx, actor, now, recordTrigger({ ...failure, problem }), { id: record.equipmentId, labId: locked.labId, status: locked.status, assetTag: record.equipment.assetTag }, {
    quarantine: true,
    assignee,
    dueOn: defaultDueDay(now, record.lab.timeZone),
  });
}

/**
 * The offer accepted: a Manager or Technician takes the instrument of a failed check out of
 * service and opens its corrective action (assigned to someone of the lab, due on a day).
 */
export async function quarantineRecord(ctx: ServiceContext, recordId: unknown, input: unknown): Promise<OpenedCa> {
  const id = parseId(recordId);
  const record = await ctx.db.pmRecord.findUnique({
    where: { id },
    include: { lab: { select: { code: true, timeZone: true } }, equipment: { select: { id: true, assetTag: true, status: true, labId: true } }, results: { orderBy: { position: "asc" } } },
  });
  if (!record) throw notFound("Record");
  requireItemRight(ctx, "record", "view", record.labId, "Record");
  requireItemRight(ctx, "correctiveAction", "create", record.labId, "Record");
  const body = parseInput(QuarantineInput, input ?? {});
  if (record.status !== "COMPLETED" || record.result !== "FAIL" || !record.completedAt) throw conflict("Only a failed check can take an instrument out of service.");
  if (record.equipment.labId !== record.labId) throw conflict("The instrument has moved to another lab since this check; quarantine it there.");
  if (ctx.actor.userId === null && body.assigneeId === undefined) throw validationFailed([{ field: "assigneeId", message: "Choose who will do the corrective action." }]);
  const assignee = await requireAssignee(ctx.db, body.assigneeId ?? ctx.actor.userId!, record.labId);
  const now = ctx.clock.now();
  const opened = await ctx.db.$transaction(async (tx) => {
    const locked = await lockEquipment(tx, record.equipmentId);
    const open = await openCaOf(tx, record.equipmentId);
    if (open) throw new AppError("conflict", `${formatCaNumber(open.number)} is already open for this instrument.`, { correctiveActionId: open.id });
    const problem = body.problem ?? failureText(record.results);
    return openForFailure(
      tx,
      ctx.actor,
      now,
      recordTrigger({ labId: record.labId, labCode: record.lab.code, recordId: record.id, recordNumber: record.number, failedAt: record.completedAt!, problem }),
      { id: record.equipmentId, labId: locked.labId, status: locked.status, assetTag: record.equipment.assetTag },
      { quarantine: true, assignee, dueOn: body.dueOn ?? defaultDueDay(now, record.lab.timeZone) },
    );
  });
  noticesQueued();
  return opened;
}
