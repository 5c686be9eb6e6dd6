import type { Grant } from "../../domain/policy/policy.ts";
import { GLOBAL_ROLES } from "../../domain/policy/policy.ts";
import { parseGroupName } from "../../domain/seed/identities.ts";
import type { Config } from "../config.ts";
import type { DirectoryGroup } from "./graph.ts";

/**
 * Group memberships → grants (R-AUTH-ID): the configured map (group object id → lab + role)
 * first, the naming convention `Labkeep-<LAB>-<Role>` second. Groups of unknown labs are ignored.
 */
export function grantsFromGroups(groups: readonly DirectoryGroup[], groupMap: Config["AUTH_GROUP_MAP"], labIdByCode: ReadonlyMap<string, number>): Grant[] {
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
