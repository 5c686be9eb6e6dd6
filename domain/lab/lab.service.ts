import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Lab } from "../db/generated/client.ts";
import { conflict, notFound } from "../errors.ts";
import { labsFor, requireRight, requireVisible } from "../access/guard.ts";
import { onePage, type Page } from "../page.ts";
import { changedValues, isUniqueViolation, parseId, parseInput } from "../input.ts";
import { afterEligibilityChange } from "../model/on-demand.ts";
import { CreateLabInput, ListLabsQuery, SetLabStatusInput, UpdateLabInput } from "./lab.schemas.ts";

function view(lab: Lab) {
  return { id: lab.id, code: lab.code, name: lab.name, timeZone: lab.timeZone, digestHour: lab.digestHour, reviewRequired: lab.reviewRequired, quarantineOnFailure: lab.quarantineOnFailure, escalationHours: lab.escalationHours, active: lab.active };
}
export type LabView = ReturnType<typeof view>;

function values(lab: Lab) {
  const { id: _id, ...rest } = view(lab);
  return rest;
}

const codeTaken = (code: string) => conflict(`Lab code ${code} is already used by another lab.`, { fields: [{ field: "code", message: "Already in use." }] });

/** Codes are stored upper-case; the comparison ignores case anyway, so no two labs differ only by it. */
async function codeInUse(ctx: ServiceContext, code: string, exceptId?: number): Promise<boolean> {
  const found = await ctx.db.lab.findFirst({ where: { code: { equals: code, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  return found !== null;
}

/** The labs the user may see, by code (the lab filter lists only these); inactive ones only when asked for. */
export async function listLabs(ctx: ServiceContext, query: unknown = {}): Promise<Page<LabView>> {
  const scope = labsFor(ctx, "lab", "view");
  const { includeInactive, page, pageSize } = parseInput(ListLabsQuery, query ?? {});
  if (scope !== "all" && scope.length === 0) return onePage([]);
  const where = { ...(scope === "all" ? {} : { id: { in: [...scope] } }), ...(includeInactive ? {} : { active: true }) };
  if (page === undefined && pageSize === undefined) return onePage((await ctx.db.lab.findMany({ where, orderBy: { code: "asc" } })).map(view));
  const size = pageSize ?? 50;
  const at = page ?? 1;
  const [labs, total] = await ctx.db.$transaction([ctx.db.lab.findMany({ where, orderBy: { code: "asc" }, skip: (at - 1) * size, take: size }), ctx.db.lab.count({ where })]);
  return { items: labs.map(view), total, page: at, pageSize: size };
}

/** A lab the principal can see, or not found (`what` names it in the message). */
export async function requireLab(ctx: ServiceContext, labId: number, what = "Lab") {
  requireVisible(ctx, labId, what);
  const lab = await ctx.db.lab.findUnique({ where: { id: labId } });
  if (!lab) throw notFound(what);
  return lab;
}

export async function getLab(ctx: ServiceContext, id: unknown): Promise<LabView> {
  return view(await requireLab(ctx, parseId(id)));
}

export async function createLab(ctx: ServiceContext, input: unknown): Promise<LabView> {
  requireRight(ctx, "lab", "create", null, { message: "Only an Administrator can add a lab." });
  const body = parseInput(CreateLabInput, input);
  if (await codeInUse(ctx, body.code)) throw codeTaken(body.code);
  const now = ctx.clock.now();
  try {
    const lab = await ctx.db.$transaction(async (tx) => {
      const created = await tx.lab.create({ data: body });
      await writeAudit(tx, ctx.actor, now, { action: "lab.created", entityId: created.id, labId: created.id, after: values(created) });
      return created;
    });
    return view(lab);
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(body.code);
    throw error;
  }
}

/**
 * Administrators only. The code starts every record number, so it is fixed once the lab has
 * records. A new time zone applies from the next period: records already generated keep their
 * periods, and the generator skips a period an existing record already covers (insert-records.ts).
 */
export async function updateLab(ctx: ServiceContext, id: unknown, input: unknown): Promise<LabView> {
  const labId = parseId(id);
  const current = await requireLab(ctx, labId);
  requireRight(ctx, "lab", "edit", labId, { message: "Only an Administrator can change a lab." });
  const body = parseInput(UpdateLabInput, input);
  const newCode = body.code !== undefined && body.code !== current.code ? body.code : undefined;
  if (newCode !== undefined) {
    if (await ctx.db.pmRecord.findFirst({ where: { labId }, select: { id: true } })) {
      throw conflict(`The code of ${current.code} cannot change: its records are numbered with it.`, { fields: [{ field: "code", message: "Fixed once the lab has records." }] });
    }
    if (await codeInUse(ctx, newCode, labId)) throw codeTaken(newCode);
  }
  const now = ctx.clock.now();
  try {
    const lab = await ctx.db.$transaction(async (tx) => {
      const updated = await tx.lab.update({ where: { id: labId }, data: body });
      const diff = changedValues(values(current), values(updated));
      if (diff) await writeAudit(tx, ctx.actor, now, { action: "lab.updated", entityId: labId, labId, ...diff });
      return updated;
    });
    return view(lab);
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(body.code ?? current.code);
    throw error;
  }
}

/**
 * Deactivating hides the lab from pickers and lists and stops record generation and digests;
 * its history stays. Reactivating starts generation again from today, not from the day it
 * stopped (the missed days were not worked), and creates the current period's records at once.
 */
export async function setLabStatus(ctx: ServiceContext, id: unknown, input: unknown): Promise<LabView> {
  const labId = parseId(id);
  const current = await requireLab(ctx, labId);
  requireRight(ctx, "lab", "changeStatus", labId, { message: "Only an Administrator can deactivate or reactivate a lab." });
  const { active } = parseInput(SetLabStatusInput, input);
  if (active === current.active) return view(current);
  const now = ctx.clock.now();
  const lab = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.lab.update({ where: { id: labId }, data: active ? { active, generatedThrough: null } : { active } });
    await writeAudit(tx, ctx.actor, now, { action: active ? "lab.reactivated" : "lab.deactivated", entityId: labId, labId, before: { active: current.active }, after: { active } });
    return updated;
  });
  if (active) await afterEligibilityChange(ctx, { labIds: [labId] });
  return view(lab);
}
