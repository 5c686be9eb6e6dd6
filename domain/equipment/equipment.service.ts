import { labIdIn, requireRight, requireScope } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import { reasonForChange } from "../audit/regulated.ts";
import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import { type AppError, conflict, notFound } from "../errors.ts";
import { changedValues, isUniqueViolation, parseId, parseInput, validationFailed } from "../input.ts";
import type { Action } from "../policy/policy.ts";
import type { Page } from "../page.ts";
import { afterEligibilityChange } from "../model/on-demand.ts";
import { closeUpcomingRecords } from "../record/not-required.ts";
import { alreadyInStatus, applyStatusChange, changedMeanwhile, lockEquipment } from "./status-change.ts";
import { ChangeEquipmentStatusInput, CreateEquipmentInput, ListEquipmentQuery, TransferEquipmentInput, UpdateEquipmentInput } from "./equipment.schemas.ts";
import { dateOnly, equipmentValues, toDate } from "./equipment.view.ts";
import { badgeOf } from "../calibration/badge.ts";

const listInclude = {
  model: { select: { id: true, manufacturer: true, name: true } },
  lab: { select: { id: true, code: true, name: true, timeZone: true } },
  calibrationPlan: { select: { active: true, nextDueOn: true, noticeDays: true, lastResult: true } },
  responsible: { select: { id: true, displayName: true } },
  deputy: { select: { id: true, displayName: true } },
} as const;
type EquipmentWithRefs = Prisma.EquipmentGetPayload<{ include: typeof listInclude }>;

/** The calibration badge (R-CAL): status from the one predicate, null when not in the register. */
function calibrationOf(e: EquipmentWithRefs, now: Date) {
  const badge = badgeOf(e.calibrationPlan, now, e.lab.timeZone);
  return { status: badge?.status ?? null, nextDueOn: badge?.nextDueOn ?? null };
}

function view(e: EquipmentWithRefs, now: Date) {
  return {
    id: e.id,
    assetTag: e.assetTag,
    serialNumber: e.serialNumber,
    model: e.model,
    lab: e.lab,
    labId: e.labId,
    location: e.location,
    status: e.status,
    commissionedOn: dateOnly(e.commissionedOn),
    notes: e.notes,
    activeSince: e.activeSince,
    updatedAt: e.updatedAt,
    calibration: calibrationOf(e, now),
    /** Who answers for the instrument's records, and who stands in (issue 14 §3). */
    responsible: e.responsible,
    deputy: e.deputy,
  };
}
export type EquipmentView = ReturnType<typeof view>;

/** Equipment of a lab the user cannot see answers as if it did not exist; seen but not allowed is forbidden. */
async function loadEquipment(ctx: ServiceContext, id: unknown, action: Action) {
  const equipment = await ctx.db.equipment.findUnique({ where: { id: parseId(id) }, include: listInclude });
  if (!equipment) throw notFound("Equipment");
  requireRight(ctx, "equipment", action, equipment.labId, { what: "Equipment" });
  return equipment;
}

async function assertModelUsable(ctx: ServiceContext, modelId: number): Promise<void> {
  const model = await ctx.db.equipmentModel.findUnique({ where: { id: modelId }, select: { active: true } });
  if (!model) throw validationFailed([{ field: "modelId", message: "No such model." }]);
  if (!model.active) throw validationFailed([{ field: "modelId", message: "That model is disabled." }]);
}

/** Another piece of equipment with this tag in any case ("bos-frz-001" is BOS-FRZ-001); the database's unique index on lower(asset_tag) backs this. */
async function tagTaken(ctx: ServiceContext, assetTag: string, exceptId?: number): Promise<boolean> {
  const other = await ctx.db.equipment.findFirst({ where: { assetTag: { equals: assetTag, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  return other !== null;
}

function duplicateTag(assetTag: string): AppError {
  return conflict(`Asset tag ${assetTag} is already used by another piece of equipment.`, { fields: [{ field: "assetTag", message: "Already in use." }] });
}

const SORT: Record<string, Prisma.EquipmentOrderByWithRelationInput[]> = {
  assetTag: [{ assetTag: "asc" }],
  model: [{ model: { name: "asc" } }, { assetTag: "asc" }],
  serialNumber: [{ serialNumber: { sort: "asc", nulls: "last" } }, { assetTag: "asc" }],
  location: [{ location: { sort: "asc", nulls: "last" } }, { assetTag: "asc" }],
  commissionedOn: [{ commissionedOn: { sort: "asc", nulls: "last" } }, { assetTag: "asc" }],
  status: [{ status: "asc" }, { assetTag: "asc" }],
  updatedAt: [{ updatedAt: "desc" }, { id: "desc" }],
};

/** An order with every direction set to `dir` (nested relations and nulls-last included); asset tags are unique, so ties break stably. */
function directed(order: Prisma.EquipmentOrderByWithRelationInput[], dir: "asc" | "desc"): Prisma.EquipmentOrderByWithRelationInput[] {
  const flip = (value: unknown): unknown =>
    value === "asc" || value === "desc" ? dir
      : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "nulls" ? v : flip(v)]))
        : value;
  return order.map((entry) => flip(entry) as Prisma.EquipmentOrderByWithRelationInput);
}

export async function listEquipment(ctx: ServiceContext, filters: ListEquipmentQuery = {}): Promise<Page<EquipmentView>> {
  const query = parseInput(ListEquipmentQuery, filters);
  const scope = requireScope(ctx, "equipment", "view", query.labId);
  const where: Prisma.EquipmentWhereInput = scope === "all" ? {} : { labId: { in: [...scope] } };
  if (query.status) where.status = query.status;
  else if (!query.includeObsolete) where.status = { not: "OBSOLETE" };
  if (query.search) {
    const contains = { contains: query.search, mode: "insensitive" as const };
    where.OR = [{ assetTag: contains }, { serialNumber: contains }, { location: contains }, { model: { name: contains } }, { model: { manufacturer: contains } }];
  }
  const [rows, total] = await Promise.all([
    ctx.db.equipment.findMany({ where, include: listInclude, orderBy: query.dir ? directed(SORT[query.sort]!, query.dir) : SORT[query.sort], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    ctx.db.equipment.count({ where }),
  ]);
  return { items: rows.map((row) => view(row, ctx.clock.now())), total, page: query.page, pageSize: query.pageSize };
}

/** One piece of equipment with its status and transfer history, oldest first. */
export type EquipmentDetail = Awaited<ReturnType<typeof getEquipment>>;
export type EquipmentEventView = EquipmentDetail["history"][number];

export async function getEquipment(ctx: ServiceContext, id: unknown) {
  const equipment = await loadEquipment(ctx, id, "view");
  const events = await ctx.db.equipmentEvent.findMany({
    where: { equipmentId: equipment.id },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    include: { actor: { select: { id: true, displayName: true } } },
  });
  return { ...view(equipment, ctx.clock.now()), history: events.map(({ equipmentId: _e, actorId: _a, ...event }) => event) };
}

export async function createEquipment(ctx: ServiceContext, input: unknown) {
  // Authorized before validation (a caller without the right learns nothing of the body), and again at the validated lab.
  requireRight(ctx, "equipment", "create", labIdIn(input, "labId"));
  const body = parseInput(CreateEquipmentInput, input);
  requireRight(ctx, "equipment", "create", body.labId);
  await assertModelUsable(ctx, body.modelId);
  if (await tagTaken(ctx, body.assetTag)) throw duplicateTag(body.assetTag);
  const now = ctx.clock.now();
  let id: number;
  try {
    id = await ctx.db.$transaction(async (tx) => {
      const created = await tx.equipment.create({
        data: { ...body, serialNumber: body.serialNumber ?? null, location: body.location ?? null, notes: body.notes ?? null, commissionedOn: toDate(body.commissionedOn) ?? null, activeSince: now },
      });
      await tx.equipmentEvent.create({ data: { equipmentId: created.id, kind: "CREATED", toStatus: created.status, toLabId: created.labId, actorId: ctx.actor.userId, at: now } });
      await writeAudit(tx, ctx.actor, now, { action: "equipment.created", entityId: created.id, labId: created.labId, after: equipmentValues(created) });
      return created.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateTag(body.assetTag);
    throw error;
  }
  if (body.status === "ACTIVE") await afterEligibilityChange(ctx, { equipmentIds: [id] });
  return getEquipment(ctx, id);
}

export async function updateEquipment(ctx: ServiceContext, id: unknown, input: unknown) {
  const current = await loadEquipment(ctx, id, "edit");
  const { reason, ...body } = parseInput(UpdateEquipmentInput, input);
  if (body.modelId !== undefined && body.modelId !== current.modelId) await assertModelUsable(ctx, body.modelId);
  if (body.assetTag !== undefined && body.assetTag !== current.assetTag && (await tagTaken(ctx, body.assetTag, current.id))) throw duplicateTag(body.assetTag);
  const now = ctx.clock.now();
  const data = { ...body, commissionedOn: toDate(body.commissionedOn) };
  let changed = false;
  try {
    await ctx.db.$transaction(async (tx) => {
      const updated = await tx.equipment.update({ where: { id: current.id }, data });
      const diff = changedValues(equipmentValues(current), equipmentValues(updated));
      if (!diff) return;
      // Thrown inside the transaction: the update rolls back.
      const why = reasonForChange("equipment", Object.keys(diff.after), reason);
      changed = true;
      await tx.equipmentEvent.create({ data: { equipmentId: current.id, kind: "EDITED", actorId: ctx.actor.userId, at: now } });
      await writeAudit(tx, ctx.actor, now, { action: "equipment.updated", entityId: current.id, labId: current.labId, ...diff, reason: why });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateTag(body.assetTag ?? current.assetTag);
    throw error;
  }
  // A new model may have checklists the old one had not.
  if (changed && current.status === "ACTIVE" && body.modelId !== undefined && body.modelId !== current.modelId) {
    await afterEligibilityChange(ctx, { equipmentIds: [current.id] });
  }
  return getEquipment(ctx, current.id);
}

/**
 * Moves equipment between Active, In Repair, Out of Service and Obsolete. Leaving Active closes
 * its records not yet overdue as not required, with the status and reason; overdue ones stay open
 * (record/not-required.ts). No new ones are generated while it is not Active. Becoming Active
 * again starts a new eligibility window (activeSince), reopens the current period's record that
 * the status change closed, and generates what is missing at once.
 */
export async function changeEquipmentStatus(ctx: ServiceContext, id: unknown, input: unknown) {
  const current = await loadEquipment(ctx, id, "changeStatus");
  const body = parseInput(ChangeEquipmentStatusInput, input);
  if (body.status === current.status) throw alreadyInStatus(current.status);
  const now = ctx.clock.now();
  await ctx.db.$transaction((tx) => applyStatusChange(tx, ctx.actor, now, current, body.status, body.reason));
  if (body.status === "ACTIVE") await afterEligibilityChange(ctx, { equipmentIds: [current.id] });
  return getEquipment(ctx, current.id);
}

/**
 * Moves equipment to another lab; needs the transfer right at both labs. Records already
 * generated keep the lab that owns their number: those not yet overdue close there as not
 * required ("Transferred to SFO"), overdue ones stay for the old lab to complete or close. The new
 * lab's records start with its next scheduled period, so no period is checked twice. The audit event
 * is written for both labs so each lab's trail shows the move.
 */
export async function transferEquipment(ctx: ServiceContext, id: unknown, input: unknown) {
  const current = await loadEquipment(ctx, id, "transfer");
  const bothLabs = { what: "Lab", message: "You need the right to transfer equipment at both labs." };
  requireRight(ctx, "equipment", "transfer", labIdIn(input, "toLabId") ?? current.labId, bothLabs);
  const body = parseInput(TransferEquipmentInput, input);
  requireRight(ctx, "equipment", "transfer", body.toLabId, bothLabs);
  // Like a repeated status change, a conflict with the current state (often a request repeated).
  if (body.toLabId === current.labId) throw conflict("The equipment is already in that lab.", { fields: [{ field: "toLabId", message: "Already in that lab." }] });
  const target = await ctx.db.lab.findUnique({ where: { id: body.toLabId }, select: { id: true, active: true, code: true } });
  if (!target) throw notFound("Lab");
  if (!target.active) throw validationFailed([{ field: "toLabId", message: "That lab is not active." }]);
  const now = ctx.clock.now();
  const location = body.location === undefined ? current.location : body.location;
  await ctx.db.$transaction(async (tx) => {
    const locked = await lockEquipment(tx, current.id);
    // Rights were checked for the source lab read above; a move meanwhile makes them stale.
    if (locked.labId !== current.labId || locked.location !== current.location) throw changedMeanwhile();
    await tx.equipment.update({ where: { id: current.id }, data: { labId: body.toLabId, location } });
    await tx.equipmentEvent.create({
      data: { equipmentId: current.id, kind: "TRANSFERRED", fromLabId: current.labId, toLabId: body.toLabId, reason: body.reason, actorId: ctx.actor.userId, at: now },
    });
    const event = {
      action: "equipment.transferred" as const,
      entityId: current.id,
      before: { labId: current.labId, location: current.location },
      after: { labId: body.toLabId, location },
      reason: body.reason,
    };
    await writeAudit(tx, ctx.actor, now, [
      { ...event, labId: current.labId },
      { ...event, labId: body.toLabId },
    ]);
    await closeUpcomingRecords(tx, ctx.actor, now, { equipmentId: current.id, labId: current.labId, cause: "TRANSFER", reason: `Transferred to ${target.code}: ${body.reason}` });
  });
  return getEquipment(ctx, current.id);
}
