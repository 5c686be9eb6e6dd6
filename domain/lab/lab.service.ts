import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Lab } from "../db/generated/client.ts";
import { conflict, notFound } from "../errors.ts";
import { labsFor, requireRight, requireVisible } from "../access/guard.ts";
import { changedValues, isUniqueViolation, parseId, parseInput } from "../input.ts";
import { CreateLabInput, UpdateLabInput } from "./lab.schemas.ts";

function view(lab: Lab) {
  return { id: lab.id, code: lab.code, name: lab.name, timeZone: lab.timeZone, digestHour: lab.digestHour, active: lab.active };
}
export type LabView = ReturnType<typeof view>;

function values(lab: Lab) {
  const { id: _id, ...rest } = view(lab);
  return rest;
}

const codeTaken = (code: string) => conflict(`Lab code ${code} is already used by another lab.`, { fields: [{ field: "code", message: "Already in use." }] });

/** The labs the user may see, by code (the lab filter lists only these). */
export async function listLabs(ctx: ServiceContext): Promise<LabView[]> {
  const scope = labsFor(ctx, "lab", "view");
  if (scope !== "all" && scope.length === 0) return [];
  const labs = await ctx.db.lab.findMany({ where: scope === "all" ? {} : { id: { in: [...scope] } }, orderBy: { code: "asc" } });
  return labs.map(view);
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
  if (await ctx.db.lab.findUnique({ where: { code: body.code }, select: { id: true } })) throw codeTaken(body.code);
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

/** Administrators only. A new code changes how every record number of the lab displays. */
export async function updateLab(ctx: ServiceContext, id: unknown, input: unknown): Promise<LabView> {
  const labId = parseId(id);
  const current = await requireLab(ctx, labId);
  requireRight(ctx, "lab", "edit", labId, { message: "Only an Administrator can change a lab." });
  const body = parseInput(UpdateLabInput, input);
  if (body.code && body.code !== current.code && (await ctx.db.lab.findUnique({ where: { code: body.code }, select: { id: true } }))) throw codeTaken(body.code);
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
