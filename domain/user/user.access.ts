import { writeAudit } from "../audit/audit.service.ts";
import { reasonForChange } from "../audit/regulated.ts";
import type { ServiceContext } from "../context.ts";
import { requireRight } from "../access/guard.ts";
import { forbidden, notFound } from "../errors.ts";
import { parseId, parseInput } from "../input.ts";
import { requireLab } from "../lab/lab.service.ts";
import { canGrantAccess } from "../policy/policy.ts";
import { GrantAccessInput, RevokeAccessInput } from "./user.schemas.ts";
import { announcePrincipalChange } from "./principal-cache.ts";
import { loadVisibleUser, userInclude, userView, labCodesOf, type UserView } from "./user.target.ts";

const ROLE_DENIED = "A Manager may grant or revoke only Manager, Local Audit or Technician access, at labs they manage.";

/**
 * Grants `role` at a lab, or changes the role already granted there (one in-app grant per user
 * and lab). Changing a role needs the right to grant both the old and the new one (R-AUTH-MGR).
 */
export async function grantAccess(ctx: ServiceContext, userId: unknown, labId: unknown, role: unknown, reason?: unknown): Promise<UserView> {
  requireRight(ctx, "user", "grantAccess");
  const lab = parseId(labId, "labId");
  const user = await loadVisibleUser(ctx, userId);
  await requireLab(ctx, lab);
  const body = parseInput(GrantAccessInput, { role, reason });
  if (!canGrantAccess(ctx.principal, lab, body.role)) throw forbidden(ROLE_DENIED);
  const existing = user.access.find((a) => a.labId === lab);
  if (existing?.role === body.role) return userView(user, await labCodesOf(ctx.db));
  if (existing && !canGrantAccess(ctx.principal, lab, existing.role)) throw forbidden(ROLE_DENIED);
  const why = reasonForChange("access", ["role"], body.reason);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.labAccess.upsert({
      where: { userId_labId: { userId: user.id, labId: lab } },
      create: { userId: user.id, labId: lab, role: body.role, grantedById: ctx.actor.userId, grantedAt: now },
      update: { role: body.role, grantedById: ctx.actor.userId, grantedAt: now },
    });
    await writeAudit(tx, ctx.actor, now, {
      action: existing ? "access.role_changed" : "access.granted",
      entityId: user.id,
      labId: lab,
      before: existing ? { labId: lab, role: existing.role } : null,
      after: { labId: lab, role: body.role },
      reason: why,
    });
  });
  announcePrincipalChange(user.id);
  return userView(await loadVisibleUser(ctx, user.id), await labCodesOf(ctx.db));
}

/** Removes the in-app grant at a lab (Entra group access is managed in Entra). */
export async function revokeAccess(ctx: ServiceContext, userId: unknown, labId: unknown, reason?: unknown): Promise<UserView> {
  requireRight(ctx, "user", "grantAccess");
  const lab = parseId(labId, "labId");
  const user = await loadVisibleUser(ctx, userId);
  await requireLab(ctx, lab);
  const existing = user.access.find((a) => a.labId === lab);
  if (!existing) throw notFound("Lab access");
  if (!canGrantAccess(ctx.principal, lab, existing.role)) throw forbidden(ROLE_DENIED);
  const why = reasonForChange("access", ["role"], parseInput(RevokeAccessInput, { reason }).reason);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.labAccess.delete({ where: { id: existing.id } });
    await writeAudit(tx, ctx.actor, now, { action: "access.revoked", entityId: user.id, labId: lab, before: { labId: lab, role: existing.role }, after: null, reason: why });
  });
  announcePrincipalChange(user.id);
  // The caller may no longer see the user once the grant is gone, but may see the result of their change.
  return userView(await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: userInclude }), await labCodesOf(ctx.db));
}
