import type { Role } from "../policy/policy.ts";

/**
 * The demo labs and users: fixed names and Entra-like ids that the seed, the development
 * sign-in, the Agents Playground configuration and the tests all use.
 */
export const DEMO_TENANT_ID = "6f0b8d4e-1c2a-4b7e-9d3f-0a1b2c3d4e5f";

export const DEMO_LABS = [
  { code: "BOS", name: "Boston Clinical Lab", timeZone: "America/New_York", digestHour: 7 },
  { code: "SFO", name: "San Francisco Research Lab", timeZone: "America/Los_Angeles", digestHour: 7 },
  { code: "LON", name: "London Analytical Lab", timeZone: "Europe/London", digestHour: 8 },
] as const;

export type DemoLabCode = (typeof DEMO_LABS)[number]["code"];

export interface DemoUser {
  upn: string;
  displayName: string;
  aadObjectId: string;
  primaryLab: DemoLabCode;
  status: "ACTIVE" | "DISABLED";
  /** Entra group memberships, by the naming convention Labkeep-<LAB>-<Role> (global roles: Labkeep-<Role>). */
  groups: { lab: DemoLabCode | null; role: Role }[];
  /** In-app lab access grants on top of the groups. */
  grants: { lab: DemoLabCode; role: Role }[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { upn: "ada.admin@labkeep.dev", displayName: "Ada Lovelace", aadObjectId: "00000000-0000-4000-8000-00000000a001", primaryLab: "BOS", status: "ACTIVE", groups: [{ lab: null, role: "ADMINISTRATOR" }], grants: [] },
  { upn: "grace.audit@labkeep.dev", displayName: "Grace Hopper", aadObjectId: "00000000-0000-4000-8000-00000000a002", primaryLab: "BOS", status: "ACTIVE", groups: [{ lab: null, role: "GLOBAL_AUDIT" }], grants: [] },
  { upn: "marie.manager@labkeep.dev", displayName: "Marie Curie", aadObjectId: "00000000-0000-4000-8000-00000000a003", primaryLab: "BOS", status: "ACTIVE", groups: [{ lab: "BOS", role: "MANAGER" }], grants: [{ lab: "SFO", role: "MANAGER" }] },
  { upn: "rosalind.audit@labkeep.dev", displayName: "Rosalind Franklin", aadObjectId: "00000000-0000-4000-8000-00000000a004", primaryLab: "BOS", status: "ACTIVE", groups: [{ lab: "BOS", role: "LOCAL_AUDIT" }], grants: [] },
  { upn: "tom.tech@labkeep.dev", displayName: "Tom Edison", aadObjectId: "00000000-0000-4000-8000-00000000a005", primaryLab: "BOS", status: "ACTIVE", groups: [{ lab: "BOS", role: "TECHNICIAN" }], grants: [] },
  { upn: "tara.tech@labkeep.dev", displayName: "Tara Shears", aadObjectId: "00000000-0000-4000-8000-00000000a006", primaryLab: "SFO", status: "ACTIVE", groups: [{ lab: "SFO", role: "TECHNICIAN" }], grants: [] },
  { upn: "lena.manager@labkeep.dev", displayName: "Lena Meitner", aadObjectId: "00000000-0000-4000-8000-00000000a007", primaryLab: "LON", status: "ACTIVE", groups: [{ lab: "LON", role: "MANAGER" }], grants: [] },
  { upn: "theo.tech@labkeep.dev", displayName: "Theo Brown", aadObjectId: "00000000-0000-4000-8000-00000000a008", primaryLab: "LON", status: "ACTIVE", groups: [{ lab: "LON", role: "TECHNICIAN" }], grants: [{ lab: "BOS", role: "TECHNICIAN" }] },
  { upn: "dan.disabled@labkeep.dev", displayName: "Dan Gone", aadObjectId: "00000000-0000-4000-8000-00000000a009", primaryLab: "BOS", status: "DISABLED", groups: [{ lab: "BOS", role: "TECHNICIAN" }], grants: [] },
];

const ROLE_GROUP_NAME: Record<Role, string> = {
  ADMINISTRATOR: "Administrator",
  GLOBAL_AUDIT: "GlobalAudit",
  MANAGER: "Manager",
  LOCAL_AUDIT: "LocalAudit",
  TECHNICIAN: "Technician",
};

/** The naming convention of R-AUTH-ID: `Labkeep-<LABCODE>-<Role>`, or `Labkeep-<Role>` for global roles. */
export function groupName(lab: string | null, role: Role): string {
  return lab ? `Labkeep-${lab}-${ROLE_GROUP_NAME[role]}` : `Labkeep-${ROLE_GROUP_NAME[role]}`;
}

/** Parses a group display name of the naming convention; null when it is not one. */
export function parseGroupName(name: string): { lab: string | null; role: Role } | null {
  const match = /^Labkeep-(?:([A-Z0-9]{2,10})-)?(Administrator|GlobalAudit|Manager|LocalAudit|Technician)$/i.exec(name.trim());
  if (!match) return null;
  const role = (Object.keys(ROLE_GROUP_NAME) as Role[]).find((r) => ROLE_GROUP_NAME[r].toLowerCase() === match[2]!.toLowerCase())!;
  return { lab: match[1] ? match[1].toUpperCase() : null, role };
}

/** A demo user as the development sign-in lists them: who they are and the access they bring. */
export function describeDemoUser(user: DemoUser) {
  const access = [...user.groups.map((g) => ({ lab: g.lab, role: g.role, source: "group" as const })), ...user.grants.map((g) => ({ lab: g.lab, role: g.role, source: "grant" as const }))];
  return {
    upn: user.upn,
    displayName: user.displayName,
    aadObjectId: user.aadObjectId,
    status: user.status,
    primaryLab: user.primaryLab,
    labs: [...new Set(access.map((a) => a.lab).filter((lab): lab is DemoLabCode => lab !== null))],
    roles: [...new Set(access.map((a) => a.role))],
    access,
  };
}

export type DemoUserView = ReturnType<typeof describeDemoUser>;
