import { GLOBAL_ROLES, type UserTarget } from "../../../../domain/policy/policy.ts";
import type { User } from "../../api/types.ts";

export function primaryLabIdOf(user: User): number | null {
  return user.primaryLab?.id ?? null;
}

/** What the shared policy needs to decide what the viewer may change about this user. */
export function userTarget(user: User): UserTarget {
  return {
    userId: user.id,
    primaryLabId: primaryLabIdOf(user),
    grants: user.roles.map((a) => ({ labId: GLOBAL_ROLES.includes(a.role) ? null : a.labId, role: a.role })),
  };
}
