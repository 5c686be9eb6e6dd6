import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import { notFound } from "../errors.ts";
import { parseId } from "../input.ts";
import type { DbOrTx } from "../db/client.ts";
import { canViewUser, ROLES, type Role, type UserTarget } from "../policy/policy.ts";
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

/** Where a role comes from: an Entra group (as of the user's last sign-in) or a grant made in the app. */
export type RoleSource = "ENTRA_GROUP" | "IN_APP";

export interface EffectiveRole {
  /** null for a global role (Administrator, Global Audit): every lab. */
  labId: number | null;
  labCode: string | null;
  role: Role;
  sources: RoleSource[];
}

/** The union of the user's group grants and in-app grants, one entry per lab and role, with its sources. */
export function effectiveRoles(user: UserWithAccess, labCodes: ReadonlyMap<number, string>): EffectiveRole[] {
  const roles = new Map<string, EffectiveRole>();
  const add = (labId: number | null, role: Role, source: RoleSource) => {
    const key = `${labId ?? "*"}:${role}`;
    const entry = roles.get(key) ?? { labId, labCode: labId === null ? null : labCodes.get(labId) ?? null, role, sources: [] };
    if (!entry.sources.includes(source)) entry.sources.push(source);
    roles.set(key, entry);
  };
  for (const grant of grantsOf(user.directoryGrants)) add(grant.labId, grant.role, "ENTRA_GROUP");
  for (const grant of user.access) add(grant.labId, grant.role, "IN_APP");
  const order = (r: EffectiveRole) => (r.labId === null ? "" : r.labCode ?? String(r.labId));
  return [...roles.values()].sort((a, b) => order(a).localeCompare(order(b)) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
}

/** Lab codes by id, to name the labs of group grants (stored by id on the user row). */
export async function labCodesOf(db: DbOrTx): Promise<Map<number, string>> {
  return new Map((await db.lab.findMany({ select: { id: true, code: true } })).map((l) => [l.id, l.code]));
}

export function userView(user: UserWithAccess, labCodes: ReadonlyMap<number, string>) {
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
    /** Effective roles per lab: Entra group grants and in-app grants together, each with its sources. */
    roles: effectiveRoles(user, labCodes),
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
