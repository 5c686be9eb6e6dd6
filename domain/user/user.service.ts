import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import { labIdIn, requireRight, requireScope } from "../access/guard.ts";
import { conflict, forbidden } from "../errors.ts";
import { changedValues, isUniqueViolation, parseInput } from "../input.ts";
import { requireLab } from "../lab/lab.service.ts";
import { canChangeUserStatus, canCreateUserAt, canEditUserDetails, canGrantAccess, canViewUser, isAdministrator } from "../policy/policy.ts";
import { ChangeUserStatusInput, CreateUserInput, ListUsersQuery, UpdateUserInput } from "./user.schemas.ts";
import { loadVisibleUser, targetOf, userInclude, userValues, userView, labCodesOf, type UserView } from "./user.target.ts";

export { grantAccess, revokeAccess } from "./user.access.ts";
export type { UserView } from "./user.target.ts";
export { findUserByAadObjectId, loadPrincipal, registerUser } from "./user.identity.ts";

const alreadyThere = (what: string) => conflict(`A user with this ${what} already exists in Labkeep.`, { fields: [{ field: what === "Entra object id" ? "aadObjectId" : "upn", message: "Already in use." }] });

/** Users the caller may see (SPEC §2): all for global roles, users of their labs for the others. */
export async function listUsers(ctx: ServiceContext, filters: ListUsersQuery = {}): Promise<UserView[]> {
  const query = parseInput(ListUsersQuery, filters);
  const scope = requireScope(ctx, "user", "view", query.labId);
  const where: Prisma.UserWhereInput = {};
  if (!query.includeDisabled) where.status = "ACTIVE";
  if (query.labId !== undefined) {
    await requireLab(ctx, query.labId);
    where.OR = [{ primaryLabId: query.labId }, { access: { some: { labId: query.labId } } }];
  } else if (scope !== "all") {
    where.OR = [{ primaryLabId: { in: [...scope] } }, { access: { some: { labId: { in: [...scope] } } } }, { id: ctx.principal.userId }];
  }
  if (query.search) {
    const contains = { contains: query.search, mode: "insensitive" as const };
    where.AND = [{ OR: [{ displayName: contains }, { upn: contains }] }];
  }
  const [users, codes] = await Promise.all([ctx.db.user.findMany({ where, include: userInclude, orderBy: [{ displayName: "asc" }, { id: "asc" }] }), labCodesOf(ctx.db)]);
  return users.filter((u) => canViewUser(ctx.principal, targetOf(u), ctx.currentLabId)).map((u) => userView(u, codes));
}

export async function getUser(ctx: ServiceContext, id: unknown): Promise<UserView> {
  requireRight(ctx, "user", "view");
  return userView(await loadVisibleUser(ctx, id), await labCodesOf(ctx.db));
}

/** Adds an Entra user with a primary lab and a first role there; a Manager only at labs they manage. */
export async function createUser(ctx: ServiceContext, input: unknown): Promise<UserView> {
  // Authorized before validation (a caller without the right learns nothing of the body), and again at the validated lab.
  const atLabsYouManage = { what: "Primary lab", message: "You may add users only at labs you manage." };
  requireRight(ctx, "user", "create", labIdIn(input, "primaryLabId"), atLabsYouManage);
  const body = parseInput(CreateUserInput, input);
  await requireLab(ctx, body.primaryLabId, "Primary lab");
  requireRight(ctx, "user", "create", body.primaryLabId, atLabsYouManage);
  if (!canGrantAccess(ctx.principal, body.primaryLabId, body.role)) throw forbidden("A Manager may give only Manager, Local Audit or Technician access.");
  if (await ctx.db.user.findUnique({ where: { aadObjectId: body.aadObjectId }, select: { id: true } })) throw alreadyThere("Entra object id");
  if (await ctx.db.user.findUnique({ where: { upn: body.upn }, select: { id: true } })) throw alreadyThere("upn");
  const now = ctx.clock.now();
  let id: number;
  try {
    id = await ctx.db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { aadObjectId: body.aadObjectId, upn: body.upn, displayName: body.displayName, email: body.email ?? null, primaryLabId: body.primaryLabId } });
      await tx.labAccess.create({ data: { userId: user.id, labId: body.primaryLabId, role: body.role, grantedById: ctx.actor.userId, grantedAt: now } });
      await writeAudit(tx, ctx.actor, now, [
        { action: "user.created", entityId: user.id, labId: user.primaryLabId, after: { aadObjectId: user.aadObjectId, ...userValues(user) } },
        { action: "access.granted", entityId: user.id, labId: body.primaryLabId, after: { labId: body.primaryLabId, role: body.role } },
      ]);
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyThere("upn");
    throw error;
  }
  return getUser(ctx, id);
}

/** Every detail: Administrators, or a Manager of the current lab for users whose primary lab it is. */
export async function updateUser(ctx: ServiceContext, id: unknown, input: unknown): Promise<UserView> {
  requireRight(ctx, "user", "edit");
  const user = await loadVisibleUser(ctx, id);
  const body = parseInput(UpdateUserInput, input);
  if (!canEditUserDetails(ctx.principal, targetOf(user), ctx.currentLabId)) throw forbidden("You may edit the details of users whose primary lab is your current lab.");
  if (body.primaryLabId !== undefined && body.primaryLabId !== user.primaryLabId) {
    await requireLab(ctx, body.primaryLabId, "Primary lab");
    if (!isAdministrator(ctx.principal) && !canCreateUserAt(ctx.principal, body.primaryLabId)) throw forbidden("The new primary lab must be a lab you manage.");
  }
  if (body.upn && body.upn !== user.upn && (await ctx.db.user.findUnique({ where: { upn: body.upn }, select: { id: true } }))) throw alreadyThere("upn");
  const now = ctx.clock.now();
  try {
    await ctx.db.$transaction(async (tx) => {
      const updated = await tx.user.update({ where: { id: user.id }, data: body });
      const diff = changedValues(userValues(user), userValues(updated));
      if (diff) await writeAudit(tx, ctx.actor, now, { action: "user.updated", entityId: user.id, labId: updated.primaryLabId, ...diff });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyThere("upn");
    throw error;
  }
  return userView(await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: userInclude }), await labCodesOf(ctx.db));
}

/** Enables or disables a user (users are never deleted). A Disabled user is refused at sign-in. */
export async function changeUserStatus(ctx: ServiceContext, id: unknown, status: unknown): Promise<UserView> {
  requireRight(ctx, "user", "changeStatus");
  const user = await loadVisibleUser(ctx, id);
  const body = parseInput(ChangeUserStatusInput, { status });
  if (user.id === ctx.principal.userId) throw forbidden("You cannot change your own status.");
  if (!canChangeUserStatus(ctx.principal, targetOf(user))) throw forbidden();
  if (user.status === body.status) return userView(user, await labCodesOf(ctx.db));
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { status: body.status } });
    await writeAudit(tx, ctx.actor, now, { action: "user.status_changed", entityId: user.id, labId: user.primaryLabId, before: { status: user.status }, after: { status: body.status } });
  });
  return userView(await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: userInclude }), await labCodesOf(ctx.db));
}
