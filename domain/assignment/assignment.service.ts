/**
 * Assignments (issue 14 §3, R-TEAMS): who answers for an instrument (a responsible person and a
 * deputy) and who was asked to do one record's check. Corrective actions and reviews plug in the
 * same way: an `assignee_id` on their table, `assignTo` for the eligibility rule, and a source in
 * my-work.ts.
 */
import type { ServiceContext } from "../context.ts";
import { writeAudit } from "../audit/audit.service.ts";
import { requireItemRight, requireRight } from "../access/guard.ts";
import { recordAssigned } from "../activity/producers.ts";
import { AppError, notFound } from "../errors.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import { can, type Action, type Entity, type Principal } from "../policy/policy.ts";
import { targetOf, userInclude, type UserWithAccess } from "../user/user.target.ts";
import { AssignRecordInput, ResponsibilityInput } from "./assignment.schemas.ts";

export interface Assignee {
  id: number;
  displayName: string;
}

/** The policy's view of a stored user, as if they were signed in. */
function principalOf(user: UserWithAccess): Principal {
  return { userId: user.id, aadObjectId: user.aadObjectId, displayName: user.displayName, status: user.status, primaryLabId: user.primaryLabId, grants: targetOf(user).grants };
}

/**
 * The people who may be given a lab's records or instruments: active, and allowed to complete
 * records there (the rule `eligible` enforces on assignment). For those who may assign there
 * (the same right as PUT /api/records/:id/assignee), by name.
 */
export async function listAssignees(ctx: ServiceContext, labId: unknown): Promise<Assignee[]> {
  const id = parseId(labId);
  requireRight(ctx, "record", "amend", id);
  const users = await ctx.db.user.findMany({ where: { status: "ACTIVE" }, include: userInclude, orderBy: [{ displayName: "asc" }, { id: "asc" }] });
  return users.filter((user) => can(principalOf(user), "record", "complete", id)).map((user) => ({ id: user.id, displayName: user.displayName }));
}

/**
 * A person may be given work at a lab only if they are active and may do that work there (the
 * same policy the API enforces when they act): a Global Audit user cannot be assigned a check.
 */
async function eligible(ctx: ServiceContext, userId: number | null, labId: number, entity: Entity, action: Action, field: string): Promise<Assignee | null> {
  if (userId === null) return null;
  const user = await ctx.db.user.findUnique({ where: { id: userId }, include: userInclude });
  const refuse = (message: string) => validationFailed([{ field, message }], message);
  if (!user) throw refuse("No such user.");
  if (user.status !== "ACTIVE") throw refuse(`${user.displayName} is disabled.`);
  if (!can(principalOf(user), entity, action, labId)) throw refuse(`${user.displayName} may not ${action} ${entity}s at this lab.`);
  return { id: user.id, displayName: user.displayName };
}

/** Assigns an open record to someone who may complete it there (null clears). Needs the amend right (managers). */
export async function assignRecord(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ id: number; assignee: Assignee | null }> {
  const recordId = parseId(id);
  const record = await ctx.db.pmRecord.findUnique({ where: { id: recordId }, select: { id: true, labId: true, number: true, status: true, assigneeId: true, lab: { select: { code: true } }, equipment: { select: { assetTag: true } } } });
  if (!record) throw notFound("Record");
  requireItemRight(ctx, "record", "amend", record.labId, "Record");
  const body = parseInput(AssignRecordInput, input);
  if (record.status !== "OPEN") throw new AppError("conflict", "Only an open record can be assigned.");
  const assignee = await eligible(ctx, body.assigneeId, record.labId, "record", "complete", "assigneeId");
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.pmRecord.updateMany({ where: { id: record.id, status: "OPEN" }, data: { assigneeId: body.assigneeId } });
    if (claimed.count === 0) throw new AppError("conflict", "Only an open record can be assigned.");
    await writeAudit(tx, ctx.actor, now, {
      action: "record.assigned",
      entityId: record.id,
      labId: record.labId,
      before: { assigneeId: record.assigneeId },
      after: { assigneeId: body.assigneeId },
    });
    if (body.assigneeId !== null && body.assigneeId !== record.assigneeId) {
      await recordAssigned(tx, ctx.actor, now, { id: record.id, labId: record.labId, labCode: record.lab.code, number: record.number, assetTag: record.equipment.assetTag }, body.assigneeId);
    }
  });
  return { id: record.id, assignee };
}

export interface Responsibility {
  id: number;
  responsible: Assignee | null;
  deputy: Assignee | null;
}

/** Sets an instrument's responsible person and deputy (equipment edit right); both must be able to complete its records. */
export async function setResponsibility(ctx: ServiceContext, id: unknown, input: unknown): Promise<Responsibility> {
  const equipmentId = parseId(id);
  const equipment = await ctx.db.equipment.findUnique({ where: { id: equipmentId }, select: { id: true, labId: true, responsibleId: true, deputyId: true } });
  if (!equipment) throw notFound("Equipment");
  requireItemRight(ctx, "equipment", "edit", equipment.labId, "Equipment");
  const body = parseInput(ResponsibilityInput, input);
  const responsible = await eligible(ctx, body.responsibleId, equipment.labId, "record", "complete", "responsibleId");
  const deputy = await eligible(ctx, body.deputyId, equipment.labId, "record", "complete", "deputyId");
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.equipment.update({ where: { id: equipment.id }, data: { responsibleId: body.responsibleId, deputyId: body.deputyId } });
    await writeAudit(tx, ctx.actor, now, {
      action: "equipment.responsibility_changed",
      entityId: equipment.id,
      labId: equipment.labId,
      before: { responsibleId: equipment.responsibleId, deputyId: equipment.deputyId },
      after: { responsibleId: body.responsibleId, deputyId: body.deputyId },
    });
  });
  return { id: equipment.id, responsible, deputy };
}
