/**
 * Who is told: the people of a lab who may do something there (review its records), or who hold
 * a role there (its managers). Only lab grants count, in-app or from Entra groups: an
 * Administrator or Global Audit user everywhere is not a lab's reviewer or manager.
 */
import type { DbOrTx } from "../db/client.ts";
import { can, type Action, type Entity, type Role } from "../policy/policy.ts";
import { targetOf, userInclude } from "../user/user.target.ts";

async function activeUsersOfLab(db: DbOrTx, labId: number) {
  const users = await db.user.findMany({ where: { status: "ACTIVE" }, include: userInclude, orderBy: { id: "asc" } });
  return users
    .map((user) => ({ user, target: targetOf(user) }))
    .filter(({ target }) => target.grants.some((g) => g.labId === labId));
}

/** Active users with a grant at the lab that allows `action` on `entity` there. */
export async function labUsersWhoMay(db: DbOrTx, labId: number, entity: Entity, action: Action): Promise<number[]> {
  const users = await activeUsersOfLab(db, labId);
  return users
    .filter(({ user, target }) => {
      const atLab = target.grants.filter((g) => g.labId === labId);
      const principal = { userId: user.id, aadObjectId: user.aadObjectId, displayName: user.displayName, status: user.status, primaryLabId: user.primaryLabId, grants: atLab };
      return can(principal, entity, action, labId);
    })
    .map(({ user }) => user.id);
}

/** Active users holding `role` at the lab. */
export async function labUsersWithRole(db: DbOrTx, labId: number, role: Role): Promise<number[]> {
  const users = await activeUsersOfLab(db, labId);
  return users.filter(({ target }) => target.grants.some((g) => g.labId === labId && g.role === role)).map(({ user }) => user.id);
}
