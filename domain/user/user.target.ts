import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import { notFound } from "../errors.ts";
import { parseId } from "../input.ts";
import { canViewUser, type UserTarget } from "../policy/policy.ts";
import { grantsOf } from "./user.identity.ts";

export const userInclude = {
  primaryLab: { select: { id: true, code: true, name: true } },
  access: { include: { lab: { select: { code: true } }, grantedBy: { select: { id: true, displayName: true } } }, orderBy: { labId: "asc" } },
} as const;
export type UserWithAccess = Prisma.UserGetPayload<{ include: typeof userInclude }>;

/** What the policy knows about a user: primary lab, in-app grants and the Entra group grants of their last sign-in. */
export function targetOf(user: UserWithAccess): UserTarget {
  const inApp = user.access.map((a) => ({ labId: a.labId, role: a.role }));
  return { userId: user.id, primaryLabId: user.primaryLabId, grants: [...grantsOf(user.directoryGrants), ...inApp] };
}

export function userView(user: UserWithAccess) {
  return {
    id: user.id,
    aadObjectId: user.aadObjectId,
    upn: user.upn,
    displayName: user.displayName,
    email: user.email,
    status: user.status,
    primaryLab: user.primaryLab,
    /** In-app lab access grants (Entra group access is added at sign-in). */
    access: user.access.map((a) => ({ labId: a.labId, labCode: a.lab.code, role: a.role, grantedAt: a.grantedAt, grantedBy: a.grantedBy })),
    createdAt: user.createdAt,
  };
}
export type UserView = ReturnType<typeof userView>;

/** The fields an audit event records for a user. */
export function userValues(user: { upn: string; displayName: string; email: string | null; status: string; primaryLabId: number | null }) {
  return { upn: user.upn, displayName: user.displayName, email: user.email, status: user.status, primaryLabId: user.primaryLabId };
}

/** A user the caller may see, or not found: users outside the caller's reach do not exist for them. */
export async function loadVisibleUser(ctx: ServiceContext, id: unknown): Promise<UserWithAccess> {
  const user = await ctx.db.user.findUnique({ where: { id: parseId(id) }, include: userInclude });
  if (!user || !canViewUser(ctx.principal, targetOf(user), ctx.currentLabId)) throw notFound("User");
  return user;
}
