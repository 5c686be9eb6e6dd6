import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { EquipmentStatus } from "../db/generated/enums.ts";
import { type AppError, conflict, forbidden, notFound } from "../errors.ts";
import { changedValues, isUniqueViolation, parseId, parseInput, validationFailed } from "../input.ts";
import { can, canTransfer, inScope, labScope, visibleLabs, type Action } from "../policy/policy.ts";
import { afterEligibilityChange } from "../model/on-demand.ts";
import { ChangeEquipmentStatusInput, CreateEquipmentInput, ListEquipmentQuery, TransferEquipmentInput, UpdateEquipmentInput } from "./equipment.schemas.ts";
import { dateOnly, equipmentValues, toDate } from "./equipment.view.ts";

const listInclude = { model: { select: { id: true, manufacturer: true, name: true } }, lab: { select: { id: true, code: true, name: true } } } as const;
type EquipmentWithRefs = Prisma.EquipmentGetPayload<{ include: typeof listInclude }>;

function view(e: EquipmentWithRefs) {
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
  };
}
export type EquipmentView = ReturnType<typeof view>;

/** Equipment of a lab the user cannot see answers as if it did not exist; seen but not allowed is forbidden. */
function assertLabAccess(ctx: ServiceContext, labId: number, action: Action, what = "Equipment"): void {
  if (!inScope(visibleLabs(ctx.principal), labId)) throw notFound(what);
  if (!can(ctx.principal, "equipment", action, labId)) throw forbidden();
}

async function loadEquipment(ctx: ServiceContext, id: unknown, action: Action) {
  const equipment = await ctx.db.equipment.findUnique({ where: { id: parseId(id) }, include: listInclude });
  if (!equipment) throw notFound("Equipment");
  assertLabAccess(ctx, equipment.labId, action);
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
  location: [{ location: "asc" }, { assetTag: "asc" }],
  status: [{ status: "asc" }, { assetTag: "asc" }],
  updatedAt: [{ updatedAt: "desc" }, { id: "desc" }],
};

export async function listEquipment(ctx: ServiceContext, filters: ListEquipmentQuery = {}) {
  const query = parseInput(ListEquipmentQuery, filters);
  const scope = labScope(ctx.principal, "equipment", "view");
  if (scope !== "all" && scope.length === 0) throw forbidden();
  const where: Prisma.EquipmentWhereInput = {};
  if (query.labId !== undefined) {
    assertLabAccess(ctx, query.labId, "view", "Lab");
    where.labId = query.labId;
  } else if (scope !== "all") {
    where.labId = { in: [...scope] };
  }
  if (query.status) where.status = query.status;
  else if (!query.includeObsolete) where.status = { not: "OBSOLETE" };
  if (query.search) {
    const contains = { contains: query.search, mode: "insensitive" as const };
    where.OR = [{ assetTag: contains }, { serialNumber: contains }, { location: contains }, { model: { name: contains } }, { model: { manufacturer: contains } }];
  }
  const [rows, total] = await Promise.all([
    ctx.db.equipment.findMany({ where, include: listInclude, orderBy: SORT[query.sort], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    ctx.db.equipment.count({ where }),
  ]);
  return { items: rows.map(view), total, page: query.page, pageSize: query.pageSize };
}

/** One piece of equipment with its status and transfer history, oldest first. */
export async function getEquipment(ctx: ServiceContext, id: unknown) {
  const equipment = await loadEquipment(ctx, id, "view");
  const events = await ctx.db.equipmentEvent.findMany({
    where: { equipmentId: equipment.id },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    include: { actor: { select: { id: true, displayName: true } } },
  });
  return { ...view(equipment), history: events.map(({ equipmentId: _e, actorId: _a, ...event }) => event) };
}

export async function createEquipment(ctx: ServiceContext, input: unknown) {
  const body = parseInput(CreateEquipmentInput, input);
  assertLabAccess(ctx, body.labId, "create", "Lab");
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
  const body = parseInput(UpdateEquipmentInput, input);
  const current = await loadEquipment(ctx, id, "edit");
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
      changed = true;
      await tx.equipmentEvent.create({ data: { equipmentId: current.id, kind: "EDITED", actorId: ctx.actor.userId, at: now } });
      await writeAudit(tx, ctx.actor, now, { action: "equipment.updated", entityId: current.id, labId: current.labId, ...diff });
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
 * Moves equipment between Active, In Repair, Out of Service and Obsolete. Records already open
 * stay open and can still be completed (the work may have been done); no new ones are generated
 * while it is not Active. Becoming Active again starts a new eligibility window (activeSince) and
 * generates the current period at once.
 */
export async function changeEquipmentStatus(ctx: ServiceContext, id: unknown, input: unknown) {
  const body = parseInput(ChangeEquipmentStatusInput, input);
  const current = await loadEquipment(ctx, id, "changeStatus");
  if (body.status === current.status) throw validationFailed([{ field: "status", message: `The equipment is already ${label(current.status)}.` }]);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.equipment.update({ where: { id: current.id }, data: { status: body.status, ...(body.status === "ACTIVE" ? { activeSince: now } : {}) } });
    await tx.equipmentEvent.create({
      data: { equipmentId: current.id, kind: "STATUS_CHANGED", fromStatus: current.status, toStatus: body.status, reason: body.reason, actorId: ctx.actor.userId, at: now },
    });
    await writeAudit(tx, ctx.actor, now, {
      action: "equipment.status_changed",
      entityId: current.id,
      labId: current.labId,
      before: { status: current.status },
      after: { status: body.status },
      reason: body.reason,
    });
  });
  if (body.status === "ACTIVE") await afterEligibilityChange(ctx, { equipmentIds: [current.id] });
  return getEquipment(ctx, current.id);
}

/**
 * Moves equipment to another lab; needs the transfer right at both labs. Records already
 * generated keep the lab that owns their number (and its users complete them); the new lab's
 * records start with its next scheduled period, so no period is checked twice. The audit event
 * is written for both labs so each lab's trail shows the move.
 */
export async function transferEquipment(ctx: ServiceContext, id: unknown, input: unknown) {
  const body = parseInput(TransferEquipmentInput, input);
  const current = await loadEquipment(ctx, id, "transfer");
  if (body.toLabId === current.labId) throw validationFailed([{ field: "toLabId", message: "The equipment is already in that lab." }]);
  const target = await ctx.db.lab.findUnique({ where: { id: body.toLabId }, select: { id: true, active: true } });
  if (!target || !inScope(visibleLabs(ctx.principal), target.id)) throw notFound("Lab");
  if (!target.active) throw validationFailed([{ field: "toLabId", message: "That lab is not active." }]);
  if (!canTransfer(ctx.principal, current.labId, body.toLabId)) throw forbidden("You need the right to transfer equipment at both labs.");
  const now = ctx.clock.now();
  const location = body.location === undefined ? current.location : body.location;
  await ctx.db.$transaction(async (tx) => {
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
  });
  return getEquipment(ctx, current.id);
}

function label(status: EquipmentStatus): string {
  return status.toLowerCase().replace(/_/g, " ");
}
