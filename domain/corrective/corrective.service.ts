import { correctiveActionAssigned } from "../activity/producers.ts";
import { DateTime } from "luxon";
import { requireItemRight, requireScope } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import { endOfDueDay } from "../calibration/interval.ts";
import { applyStatusChange, lockEquipment } from "../equipment/status-change.ts";
import { conflict, notFound } from "../errors.ts";
import { advanceCounter, lockLabCounter } from "../generator/insert-records.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import { afterEligibilityChange } from "../model/on-demand.ts";
import type { Page } from "../page.ts";
import type { Action } from "../policy/policy.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { dayToDate, requireAssignee } from "./corrective.open.ts";
import { CloseCorrectiveActionInput, ListCorrectiveActionsQuery, LogActionInput, UpdateCorrectiveActionInput } from "./corrective.schemas.ts";
import { caInclude, caView, type CorrectiveActionView } from "./corrective.view.ts";
import { formatCaNumber } from "./failure.ts";
import { impactItems, type ImpactItem } from "./impact.ts";
import { correctiveSignedContent } from "./corrective.content.ts";
import { requireFreshAuthentication } from "../signature/fresh-auth.ts";
import { sign, signatureViews } from "../signature/signature.service.ts";
import type { SignatureView } from "../signature/signature.types.ts";

export { quarantineRecord } from "./corrective.open.ts";
export type { CorrectiveActionView } from "./corrective.view.ts";

/** A CA of a lab the user cannot see answers as if it did not exist. */
async function loadCa(ctx: ServiceContext, id: unknown, action: Action) {
  const ca = await ctx.db.correctiveAction.findUnique({ where: { id: parseId(id) }, include: caInclude });
  if (!ca) throw notFound("Corrective action");
  requireItemRight(ctx, "correctiveAction", action, ca.labId, "Corrective action");
  return ca;
}

const notOpen = (number: number) => conflict(`${formatCaNumber(number)} is closed.`);

/** Open (or closed, or all) corrective actions of the labs the user may see, oldest first, with ageing. */
export async function listCorrectiveActions(ctx: ServiceContext, query: unknown = {}): Promise<Page<CorrectiveActionView>> {
  const q = parseInput(ListCorrectiveActionsQuery, query ?? {});
  const scope = requireScope(ctx, "correctiveAction", "view", q.labId);
  const where: Prisma.CorrectiveActionWhereInput = scope === "all" ? {} : { labId: { in: [...scope] } };
  if (q.status !== "all") where.status = q.status === "open" ? "OPEN" : "CLOSED";
  if (q.assignedToMe) where.assigneeId = ctx.actor.userId ?? -1;
  const [rows, total] = await Promise.all([
    ctx.db.correctiveAction.findMany({ where, include: caInclude, orderBy: [{ openedAt: "asc" }, { id: "asc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ctx.db.correctiveAction.count({ where }),
  ]);
  const now = ctx.clock.now();
  return { items: rows.map((r) => caView(r, now)), total, page: q.page, pageSize: q.pageSize };
}

export interface CorrectiveActionDetail extends CorrectiveActionView {
  actions: { id: number; text: string; at: Date; by: { id: number; displayName: string } | null }[];
  impact: ImpactItem[];
  /** R-SIGN: the closure's APPROVED signature(s), checked against the CA as it is now. */
  signatures: SignatureView[];
}

export async function getCorrectiveAction(ctx: ServiceContext, id: unknown): Promise<CorrectiveActionDetail> {
  const ca = await loadCa(ctx, id, "view");
  const [entries, impact, content] = await Promise.all([
    ctx.db.correctiveActionEntry.findMany({ where: { caId: ca.id }, orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: { select: { id: true, displayName: true } } } }),
    impactItems(ctx.db, ca),
    correctiveSignedContent(ctx.db, ca.id),
  ]);
  const signatures = await signatureViews(ctx.db, { type: "corrective_action", id: ca.id }, content, ca.lab, "corrective action");
  return { ...caView(ca, ctx.clock.now()), actions: entries.map((e) => ({ id: e.id, text: e.text, at: e.at, by: e.actor })), impact, signatures };
}

/** Appends to the log of actions taken; the log is never edited. */
export async function logCorrectiveAction(ctx: ServiceContext, id: unknown, input: unknown): Promise<CorrectiveActionDetail> {
  const ca = await loadCa(ctx, id, "edit");
  const { text } = parseInput(LogActionInput, input);
  if (ca.status !== "OPEN") throw notOpen(ca.number);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const fresh = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM corrective_action WHERE id = ${ca.id} FOR UPDATE`;
    if (fresh[0]?.status !== "OPEN") throw notOpen(ca.number);
    await tx.correctiveActionEntry.create({ data: { caId: ca.id, text, actorId: ctx.actor.userId, at: now } });
    await writeAudit(tx, ctx.actor, now, { action: "ca.action_logged", entityId: ca.id, labId: ca.labId, after: { text } });
  });
  return getCorrectiveAction(ctx, ca.id);
}

/** Reassigns or moves the due day (whoever may log actions). */
export async function updateCorrectiveAction(ctx: ServiceContext, id: unknown, input: unknown): Promise<CorrectiveActionDetail> {
  const ca = await loadCa(ctx, id, "edit");
  const body = parseInput(UpdateCorrectiveActionInput, input);
  if (ca.status !== "OPEN") throw notOpen(ca.number);
  const assignee = body.assigneeId === undefined ? undefined : await requireAssignee(ctx.db, body.assigneeId, ca.labId);
  const before = { assignee: ca.assignee?.displayName ?? null, dueOn: ca.dueOn.toISOString().slice(0, 10) };
  const after = { assignee: assignee ? assignee.displayName : before.assignee, dueOn: body.dueOn ?? before.dueOn };
  if (before.assignee === after.assignee && before.dueOn === after.dueOn) return getCorrectiveAction(ctx, ca.id);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.correctiveAction.update({ where: { id: ca.id }, data: { ...(assignee ? { assigneeId: assignee.id } : {}), ...(body.dueOn ? { dueOn: dayToDate(body.dueOn) } : {}) } });
    await writeAudit(tx, ctx.actor, now, { action: "ca.reassigned", entityId: ca.id, labId: ca.labId, before, after });
    if (assignee && assignee.id !== ca.assigneeId) {
      await correctiveActionAssigned(tx, ctx.actor, now, { id: ca.id, labId: ca.labId, labCode: ca.lab.code, number: ca.number, assetTag: ca.equipment.assetTag, problem: ca.problem }, assignee.id);
    }
  });
  return getCorrectiveAction(ctx, ca.id);
}

/**
 * An instrument out of service gets no generated records, so the verification check is started
 * here: a record of the failed checklist's frequency, numbered like every record, open now and due
 * by the end of the CA's due day. Its period is the instant it was started, which spans no
 * generated period, so the generator's "one record per period" is untouched. One at a time: a
 * new one only after the last re-check failed.
 */
export async function startRecheck(ctx: ServiceContext, id: unknown): Promise<CorrectiveActionDetail> {
  const ca = await loadCa(ctx, id, "edit");
  if (ca.status !== "OPEN") throw notOpen(ca.number);
  const pending = (r: { status: string; result: string | null } | null | undefined) => r && !(r.status === "COMPLETED" && r.result === "FAIL");
  if (pending(ca.recheckRecord)) throw conflict(`The re-check of ${formatCaNumber(ca.number)} is ${formatRecordNumber(ca.lab.code, ca.recheckRecord!.number)}.`, { recordId: ca.recheckRecord!.id });
  const trigger = ca.triggerRecordId ? await ctx.db.pmRecord.findUnique({ where: { id: ca.triggerRecordId }, select: { frequency: true } }) : null;
  if (!trigger) throw conflict("This corrective action has no failed check to repeat.");
  const now = ctx.clock.now();
  const dueDay = endOfDueDay(ca.dueOn.toISOString().slice(0, 10), ca.lab.timeZone);
  const dueAt = dueDay > now ? dueDay : DateTime.fromJSDate(now, { zone: ca.lab.timeZone }).startOf("day").plus({ days: 1 }).toJSDate();
  await ctx.db.$transaction(async (tx) => {
    // Of two concurrent starts, the second waits here and then finds the first one's re-check.
    const fresh = await tx.$queryRaw<{ status: string; recheck: number | null }[]>`
      SELECT status::text AS status, recheck_record_id AS recheck FROM corrective_action WHERE id = ${ca.id} FOR UPDATE`;
    if (fresh[0]?.status !== "OPEN" || fresh[0].recheck !== (ca.recheckRecordId ?? null)) throw conflict(`${formatCaNumber(ca.number)} changed meanwhile; reload it.`);
    const lab = await lockLabCounter(tx, ca.labId);
    const number = lab!.lastNumber + 1;
    const record = await tx.pmRecord.create({ data: { labId: ca.labId, number, equipmentId: ca.equipmentId, frequency: trigger.frequency, periodStart: now, periodEnd: now, dueAt, status: "OPEN", createdAt: now } });
    await advanceCounter(tx, ca.labId, 1);
    await tx.correctiveAction.update({ where: { id: ca.id }, data: { recheckRecordId: record.id } });
    const text = `Re-check ${formatRecordNumber(ca.lab.code, number)} started`;
    await tx.correctiveActionEntry.create({ data: { caId: ca.id, text, actorId: ctx.actor.userId, at: now } });
    await writeAudit(tx, ctx.actor, now, { action: "ca.action_logged", entityId: ca.id, labId: ca.labId, after: { text, recordId: record.id } });
  });
  return getCorrectiveAction(ctx, ca.id);
}

/**
 * Closes a CA with its verification: a completed, passing PM record of the same instrument,
 * completed after the failure. The instrument, if out of service, returns to Active through the
 * one status change, in the same transaction. R-SIGN: closing IS the closer's APPROVED signature
 * and needs a fresh sign-in (`X-Labkeep-Signature`), checked after the input (so a bad
 * verification is still a plain 422) and BEFORE the transaction (so a refusal is audited and the
 * CA stays open); the signature is bound to `correctiveSignedContent` as closed.
 */
/**
 * What verifies the fix: a passing PM check of the instrument completed after the failure, or,
 * when the instrument has a calibration plan, a passing calibration recorded after it.
 */
async function closingVerification(ctx: ServiceContext, ca: { equipmentId: number; failedAt: Date; lab: { code: string } }, body: { verificationRecordId?: number; verificationCalibrationId?: number }) {
  if (body.verificationCalibrationId !== undefined) {
    const refuse = (message: string) => validationFailed([{ field: "verificationCalibrationId", message }], "The verification does not allow closing.");
    const event = await ctx.db.calibrationEvent.findUnique({ where: { id: body.verificationCalibrationId }, select: { id: true, equipmentId: true, calibratedOn: true, certificateNumber: true, result: true, recordedAt: true, equipment: { select: { calibrationPlan: { select: { active: true } } } } } });
    if (!event || event.equipmentId !== ca.equipmentId) throw refuse("Choose a calibration of this instrument.");
    if (!event.equipment.calibrationPlan?.active) throw refuse("This instrument has no calibration plan; verify with a passing check.");
    if (event.result !== "PASS") throw refuse("That calibration did not pass.");
    if (event.recordedAt <= ca.failedAt) throw refuse("That calibration is not newer than the failure.");
    const day = event.calibratedOn.toISOString().slice(0, 10);
    return { recordId: null, calibrationId: event.id, label: `calibration of ${day}${event.certificateNumber ? ` (${event.certificateNumber})` : ""}` };
  }
  const refuse = (message: string) => validationFailed([{ field: "verificationRecordId", message }], "The verification does not allow closing.");
  const verification = await ctx.db.pmRecord.findUnique({ where: { id: body.verificationRecordId! }, select: { id: true, number: true, equipmentId: true, status: true, result: true, completedAt: true } });
  if (!verification || verification.equipmentId !== ca.equipmentId) throw refuse("Choose a check of this instrument.");
  if (verification.status !== "COMPLETED" || !verification.completedAt) throw refuse("That check is not completed.");
  if (verification.result !== "PASS") throw refuse("That check did not pass.");
  if (verification.completedAt <= ca.failedAt) throw refuse("That check is not newer than the failure.");
  return { recordId: verification.id, calibrationId: null, label: formatRecordNumber(ca.lab.code, verification.number) };
}

export async function closeCorrectiveAction(ctx: ServiceContext, id: unknown, input: unknown): Promise<CorrectiveActionDetail> {
  const ca = await loadCa(ctx, id, "close");
  const body = parseInput(CloseCorrectiveActionInput, input);
  if (ca.status !== "OPEN") throw notOpen(ca.number);
  const verification = await closingVerification(ctx, ca, body);
  const subject = { type: "corrective_action", id: ca.id } as const;
  const proof = await requireFreshAuthentication(ctx, { subject, meaning: "APPROVED", labId: ca.labId });
  const now = ctx.clock.now();
  const verifiedBy = verification.label;
  const returned = await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.correctiveAction.updateMany({
      where: { id: ca.id, status: "OPEN" },
      data: { status: "CLOSED", closedAt: now, closedById: ctx.actor.userId, closingNote: body.note, verificationRecordId: verification.recordId, verificationCalibrationId: verification.calibrationId },
    });
    if (claimed.count === 0) throw notOpen(ca.number);
    const locked = await lockEquipment(tx, ca.equipmentId);
    const back = locked.status === "OUT_OF_SERVICE" && locked.labId === ca.labId;
    if (back) await applyStatusChange(tx, ctx.actor, now, { id: ca.equipmentId, labId: locked.labId, status: locked.status }, "ACTIVE", `${formatCaNumber(ca.number)} closed, verified by ${verifiedBy}`);
    await writeAudit(tx, ctx.actor, now, {
      action: "ca.closed",
      entityId: ca.id,
      labId: ca.labId,
      before: { status: "OPEN" },
      after: { status: "CLOSED", verification: verifiedBy, equipmentStatus: back ? "ACTIVE" : locked.status },
      reason: body.note,
    });
    await sign(tx, ctx, proof, { subject, labId: ca.labId, meaning: "APPROVED", content: await correctiveSignedContent(tx, ca.id) });
    return back;
  });
  if (returned) await afterEligibilityChange(ctx, { equipmentIds: [ca.equipmentId] });
  return getCorrectiveAction(ctx, ca.id);
}
