import type { DbOrTx } from "../db/client.ts";
import { GLOBAL_ROLES, type Grant, type Role } from "../policy/policy.ts";
import { parseGroupName } from "../seed/identities.ts";

/** A group the user is a member of, as Microsoft Graph (or the development directory) names it. */
export interface DirectoryGroup {
  id: string;
  displayName: string | null;
}

/** The configured map (AUTH_GROUP_MAP): Entra group object id → lab code (null for global roles) and role. */
export type GroupMap = Readonly<Record<string, { lab: string | null; role: Role }>>;

/**
 * Group memberships → grants (R-AUTH-ID): the configured map first, the naming convention
 * `Labkeep-<LAB>-<Role>` second. Groups of unknown labs are ignored.
 */
export function grantsFromGroups(groups: readonly DirectoryGroup[], groupMap: GroupMap, labIdByCode: ReadonlyMap<string, number>): Grant[] {
  const grants = new Map<string, Grant>();
  for (const group of groups) {
    const mapped = groupMap[group.id] ?? (group.displayName ? parseGroupName(group.displayName) : null);
    if (!mapped) continue;
    let labId: number | null = null;
    if (!GLOBAL_ROLES.includes(mapped.role)) {
      if (!mapped.lab) continue;
      const id = labIdByCode.get(mapped.lab.toUpperCase());
      if (id === undefined) continue;
      labId = id;
    }
    grants.set(`${labId}:${mapped.role}`, { labId, role: mapped.role });
  }
  return [...grants.values()];
}

/** Every lab's id by its upper-case code, for `grantsFromGroups` (the caller may cache it briefly). */
export async function labIdsByCode(db: DbOrTx): Promise<Map<string, number>> {
  const labs = await db.lab.findMany({ select: { id: true, code: true } });
  return new Map(labs.map((lab) => [lab.code.toUpperCase(), lab.id]));
}
