import type { Prisma } from "../db/generated/client.ts";
import { GLOBAL_ROLES, globalRoles, type Principal } from "../policy/policy.ts";

function labsWhere(principal: Principal, role: "MANAGER" | "LOCAL_AUDIT"): number[] {
  if (principal.status !== "ACTIVE") return [];
  return principal.grants.filter((g) => g.role === role && g.labId !== null).map((g) => g.labId as number);
}

/** Users linked to one of `labs`: primary lab, an in-app grant, or an Entra group grant there. */
function linkedTo(labs: readonly number[]): Prisma.UserWhereInput[] {
  if (labs.length === 0) return [];
  return [
    { primaryLabId: { in: [...labs] } },
    { access: { some: { labId: { in: [...labs] } } } },
    ...labs.map((labId) => ({ directoryGrants: { array_contains: [{ labId }] } })),
  ];
}

/**
 * `canViewUser` of domain/policy/policy.ts as a query, so the users list pages and counts in SQL.
 * The policy stays the rule; user.test.ts checks, for every demo user, that this query selects
 * exactly the users the policy lets them view.
 */
export function visibleUsersWhere(principal: Principal, currentLabId: number | null): Prisma.UserWhereInput {
  if (globalRoles(principal).length > 0) return {};
  const global: Prisma.UserWhereInput = {
    OR: [
      { access: { some: { role: { in: [...GLOBAL_ROLES] } } } },
      ...GLOBAL_ROLES.map((role) => ({ directoryGrants: { array_contains: [{ role }] } })),
    ],
  };
  const auditedLab = currentLabId !== null && labsWhere(principal, "LOCAL_AUDIT").includes(currentLabId) ? [currentLabId] : [];
  const linked = linkedTo([...new Set([...labsWhere(principal, "MANAGER"), ...auditedLab])]);
  return { OR: [{ id: principal.userId }, ...(linked.length ? [{ AND: [{ NOT: global }, { OR: linked }] }] : [])] };
}
