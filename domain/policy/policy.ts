/**
 * The permission policy of SPEC §2 (R-AUTH), free of I/O so the API, the bot and the tab's UI
 * share it. The server enforces it; the UI only uses it to hide what a user may not do.
 */

export const ROLES = ["ADMINISTRATOR", "GLOBAL_AUDIT", "MANAGER", "LOCAL_AUDIT", "TECHNICIAN"] as const;
export type Role = (typeof ROLES)[number];

export const ENTITIES = ["record", "equipment", "model", "user", "audit", "lab", "correctiveAction", "calibration"] as const;
export type Entity = (typeof ENTITIES)[number];

export const ACTIONS = ["view", "complete", "amend", "review", "create", "edit", "transfer", "changeStatus", "grantAccess", "export", "signOff", "close", "assess"] as const;
export type Action = (typeof ACTIONS)[number];

/** Roles that apply to every lab, wherever they were granted. */
export const GLOBAL_ROLES: readonly Role[] = ["ADMINISTRATOR", "GLOBAL_AUDIT"];
/** Roles a Manager may grant (R-AUTH-MGR). */
export const MANAGER_GRANTABLE_ROLES: readonly Role[] = ["MANAGER", "LOCAL_AUDIT", "TECHNICIAN"];

/**
 * What each role may do to each entity. Typed as a complete record, so forgetting an entity for
 * a role does not compile. "audit" covers the audit trail, reports and exports.
 * Amending a completed record (a correction with a reason) is for those who run a lab, and so is
 * reviewing one (R-REVIEW: the second person of 21 CFR 211.182); the audit roles stay read-only.
 * Signing off the periodic audit-trail review (Annex 11 §9) is for QA, the audit roles: not for
 * those whose work the trail records.
 * Corrective actions (R-QUAR): whoever completes checklists may take a failed instrument out of
 * service and open one ("create") and log actions taken ("edit"); closing it, which returns the
 * instrument to Active, is for those who run a lab; the impact decisions ("assess") are QA's, so
 * the audit roles make them too (their only write: a quality decision, audited like any other).
 */
export const PERMISSIONS: Record<Role, Record<Entity, readonly Action[]>> = {
  ADMINISTRATOR: {
    record: ["view", "complete", "amend", "review"],
    equipment: ["view", "create", "edit", "transfer", "changeStatus"],
    model: ["view", "create", "edit"],
    user: ["view", "create", "edit", "changeStatus", "grantAccess"],
    audit: ["view", "export"],
    lab: ["view", "create", "edit", "changeStatus"],
    correctiveAction: ["view", "create", "edit", "close", "assess", "export"],
    // Calibration register (R-CAL): complete records a calibration, edit changes the plan.
    calibration: ["view", "complete", "edit"],
  },
  GLOBAL_AUDIT: {
    record: ["view"],
    equipment: ["view"],
    model: ["view"],
    user: ["view"],
    audit: ["view", "export", "signOff"],
    lab: ["view"],
    correctiveAction: ["view", "assess", "export"],
    calibration: ["view"],
  },
  MANAGER: {
    record: ["view", "complete", "amend", "review"],
    equipment: ["view", "create", "edit", "transfer", "changeStatus"],
    model: ["view"],
    user: ["view", "create", "edit", "changeStatus", "grantAccess"],
    audit: ["view", "export"],
    lab: ["view"],
    correctiveAction: ["view", "create", "edit", "close", "assess", "export"],
    calibration: ["view", "complete", "edit"],
  },
  LOCAL_AUDIT: {
    record: ["view"],
    equipment: ["view"],
    model: ["view"],
    user: ["view"],
    audit: ["view", "export", "signOff"],
    lab: ["view"],
    correctiveAction: ["view", "assess", "export"],
    calibration: ["view"],
  },
  TECHNICIAN: {
    record: ["view", "complete"],
    equipment: [],
    model: [],
    user: [],
    audit: [],
    lab: ["view"],
    correctiveAction: ["view", "create", "edit"],
    calibration: ["view", "complete"],
  },
};

/** One source of access: an Entra group mapping or an in-app grant. `labId` null only for global roles. */
export interface Grant {
  labId: number | null;
  role: Role;
}

export interface Principal {
  userId: number;
  aadObjectId: string;
  displayName: string;
  status: "ACTIVE" | "DISABLED";
  primaryLabId: number | null;
  /** Effective access: the union of group memberships and in-app grants. */
  grants: readonly Grant[];
}

export type LabScope = "all" | readonly number[];

function active(principal: Principal): boolean {
  return principal.status === "ACTIVE";
}

export function globalRoles(principal: Principal): Role[] {
  if (!active(principal)) return [];
  return [...new Set(principal.grants.filter((g) => GLOBAL_ROLES.includes(g.role)).map((g) => g.role))];
}

export function isAdministrator(principal: Principal): boolean {
  return globalRoles(principal).includes("ADMINISTRATOR");
}

/** The roles a principal holds at one lab, global roles included. */
export function rolesAt(principal: Principal, labId: number): Role[] {
  if (!active(principal)) return [];
  const roles = new Set<Role>(globalRoles(principal));
  for (const g of principal.grants) if (g.labId === labId) roles.add(g.role);
  return [...roles];
}

/** Every role the principal holds anywhere. */
export function allRoles(principal: Principal): Role[] {
  if (!active(principal)) return [];
  return [...new Set(principal.grants.map((g) => g.role))];
}

function allows(roles: readonly Role[], entity: Entity, action: Action): boolean {
  return roles.some((role) => PERMISSIONS[role][entity].includes(action));
}

/**
 * May the principal do `action` on `entity` at `labId`? Models are not lab-scoped: pass no lab
 * and any role held anywhere counts.
 */
export function can(principal: Principal, entity: Entity, action: Action, labId?: number | null): boolean {
  if (labId === undefined || labId === null) return allows(allRoles(principal), entity, action);
  return allows(rolesAt(principal, labId), entity, action);
}

/** The labs where the principal may do `action` on `entity`: "all" for global roles. */
export function labScope(principal: Principal, entity: Entity, action: Action): LabScope {
  if (allows(globalRoles(principal), entity, action)) return "all";
  if (!active(principal)) return [];
  const labs = new Set<number>();
  for (const g of principal.grants) {
    if (g.labId !== null && PERMISSIONS[g.role][entity].includes(action)) labs.add(g.labId);
  }
  return [...labs].sort((a, b) => a - b);
}

export function inScope(scope: LabScope, labId: number): boolean {
  return scope === "all" || scope.includes(labId);
}

/** Labs the principal can see at all (the lab filter lists only these). */
export function visibleLabs(principal: Principal): LabScope {
  return labScope(principal, "lab", "view");
}

/** A transfer needs the right at both ends. */
export function canTransfer(principal: Principal, fromLabId: number, toLabId: number): boolean {
  return can(principal, "equipment", "transfer", fromLabId) && can(principal, "equipment", "transfer", toLabId);
}

// --- Users and lab access (R-AUTH-MGR) -------------------------------------------------------

/** What the policy needs to know about a user being viewed or changed. */
export interface UserTarget {
  userId: number;
  primaryLabId: number | null;
  /** The target's effective grants. */
  grants: readonly Grant[];
}

function targetIsGlobal(target: UserTarget): boolean {
  return target.grants.some((g) => GLOBAL_ROLES.includes(g.role));
}

function targetLabs(target: UserTarget): Set<number> {
  const labs = new Set<number>();
  if (target.primaryLabId !== null) labs.add(target.primaryLabId);
  for (const g of target.grants) if (g.labId !== null) labs.add(g.labId);
  return labs;
}

function labsWithRole(principal: Principal, role: Role): number[] {
  if (!active(principal)) return [];
  return principal.grants.filter((g) => g.role === role && g.labId !== null).map((g) => g.labId as number);
}

/**
 * Administrators and Global Audit see everyone. A Manager sees users of the labs they manage;
 * Local Audit sees users of the current lab; neither sees Administrators or Global Audit.
 */
export function canViewUser(principal: Principal, target: UserTarget, currentLabId: number | null): boolean {
  if (globalRoles(principal).length > 0) return true;
  if (targetIsGlobal(target)) return target.userId === principal.userId;
  const labs = targetLabs(target);
  if (labsWithRole(principal, "MANAGER").some((lab) => labs.has(lab))) return true;
  if (currentLabId !== null && labsWithRole(principal, "LOCAL_AUDIT").includes(currentLabId) && labs.has(currentLabId)) return true;
  return target.userId === principal.userId;
}

/** A Manager may add users at labs they manage. */
export function canCreateUserAt(principal: Principal, labId: number): boolean {
  return can(principal, "user", "create", labId);
}

/** Every detail: Administrators; a Manager of the current lab for users whose primary lab it is. */
export function canEditUserDetails(principal: Principal, target: UserTarget, currentLabId: number | null): boolean {
  if (isAdministrator(principal)) return true;
  if (targetIsGlobal(target) || currentLabId === null) return false;
  return target.primaryLabId === currentLabId && labsWithRole(principal, "MANAGER").includes(currentLabId);
}

/** Status only: a Manager may change it for any non-global user of a lab they manage. */
export function canChangeUserStatus(principal: Principal, target: UserTarget): boolean {
  if (isAdministrator(principal)) return true;
  if (targetIsGlobal(target) || target.userId === principal.userId) return false;
  const labs = targetLabs(target);
  return labsWithRole(principal, "MANAGER").some((lab) => labs.has(lab));
}

/** Grant or revoke `role` at `labId`: Administrators any; a Manager only at labs they manage and only Manager, Local Audit or Technician. */
export function canGrantAccess(principal: Principal, labId: number, role: Role): boolean {
  if (isAdministrator(principal)) return true;
  return labsWithRole(principal, "MANAGER").includes(labId) && MANAGER_GRANTABLE_ROLES.includes(role);
}

/** Roles the principal may grant at a lab, for the UI's role picker. */
export function grantableRoles(principal: Principal, labId: number): Role[] {
  return ROLES.filter((role) => canGrantAccess(principal, labId, role));
}

/** A summary of what the principal may do, per lab and for models, for `GET /api/me`. */
export function capabilities(principal: Principal, labIds: readonly number[]): {
  models: Action[];
  labs: Record<number, Partial<Record<Entity, Action[]>>>;
} {
  const labs: Record<number, Partial<Record<Entity, Action[]>>> = {};
  for (const labId of labIds) {
    const roles = rolesAt(principal, labId);
    if (roles.length === 0) continue;
    const entry: Partial<Record<Entity, Action[]>> = {};
    for (const entity of ENTITIES) {
      const actions = ACTIONS.filter((action) => allows(roles, entity, action));
      if (actions.length) entry[entity] = actions;
    }
    labs[labId] = entry;
  }
  return { models: ACTIONS.filter((action) => allows(allRoles(principal), "model", action)), labs };
}
