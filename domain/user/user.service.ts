import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import { labIdIn, requireRight, requireScope } from "../access/guard.ts";
import { conflict, forbidden } from "../errors.ts";
import { changedValues, isUniqueViolation, parseInput } from "../input.ts";
import { requireLab } from "../lab/lab.service.ts";
import { canChangeUserStatus, canCreateUserAt, canEditUserDetails, canGrantAccess, isAdministrator } from "../policy/policy.ts";
import { onePage, type Page } from "../page.ts";
import { announcePrincipalChange } from "./principal-cache.ts";
import { visibleUsersWhere } from "./user.visibility.ts";
import { ChangeUserStatusInput, CreateUserInput, ListUsersQuery, UpdateUserInput } from "./user.schemas.ts";
import { loadVisibleUser, targetOf, userInclude, userValues, userView, labCodesOf, type UserView } from "./user.target.ts";

export { grantAccess, revokeAccess } from "./user.access.ts";
export type { UserView } from "./user.target.ts";
export { findUserByAadObjectId, loadPrincipal, registerUser } from "./user.identity.ts";

const alreadyThere = (what: string) => conflict(`A user with this ${what} already exists in Labkeep.`, { fields: [{ field: what === "Entra object id" ? "aadObjectId" : "upn", message: "Already in use." }] });

/**
 * Users the caller may see (SPEC §2): all for global roles, users of their labs for the others.
 * Filtered, counted and paged in SQL; without page / pageSize, one page holds everyone.
 */
export async function listUsers(ctx: ServiceContext, filters: ListUsersQuery = {}): Promise<Page<UserView>> {
  const query = parseInput(ListUsersQuery, filters);
  requireScope(ctx, "user", "view", query.labId);
  const and: Prisma.UserWhereInput[] = [visibleUsersWhere(ctx.principal, ctx.currentLabId)];
  if (!query.includeDisabled) and.push({ status: "ACTIVE" });
  if (query.labId !== undefined) {
    await requireLab(ctx, query.labId);
    and.push({ OR: [{ primaryLabId: query.labId }, { access: { some: { labId: query.labId } } }] });
  }
  if (query.search) {
    const contains = { contains: query.search, mode: "insensitive" as const };
    and.push({ OR: [{ displayName: contains }, { upn: contains }] });
  }
  const where: Prisma.UserWhereInput = { AND: and };
  const paged = query.page !== undefined || query.pageSize !== undefined;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const codes = await labCodesOf(ctx.db);
  const find = { where, include: userInclude, orderBy: [query.sort === "upn" ? { upn: query.dir } : { displayName: query.dir }, { id: query.dir }] };
  if (!paged) return onePage((await ctx.db.user.findMany(find)).map((u) => userView(u, codes)));
  const [users, total] = await ctx.db.$transaction([ctx.db.user.findMany({ ...find, skip: (page - 1) * pageSize, take: pageSize }), ctx.db.user.count({ where })]);
  return { items: users.map((u) => userView(u, codes)), total, page, pageSize };
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
  announcePrincipalChange(user.id);
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
  announcePrincipalChange(user.id);
  return userView(await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: userInclude }), await labCodesOf(ctx.db));
}
