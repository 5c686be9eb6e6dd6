import type { Role } from "../../domain/policy/policy.ts";

/**
 * SPEC §2 written out for the authorization matrix, on purpose independent of
 * domain/policy/policy.ts: "all" = every lab, "own" = labs the user has access to, "none".
 * Keys are `<entity>.<action>` as routes declare them.
 */
export type Reach = "all" | "own" | "none";

const row = (admin: Reach, globalAudit: Reach, manager: Reach, localAudit: Reach, technician: Reach): Record<Role, Reach> => ({
  ADMINISTRATOR: admin,
  GLOBAL_AUDIT: globalAudit,
  MANAGER: manager,
  LOCAL_AUDIT: localAudit,
  TECHNICIAN: technician,
});

export const SPEC_TABLE: Record<string, Record<Role, Reach>> = {
  // maintenance records: view / complete a checklist; amending (a correction) is for those who run a lab
  "record.view": row("all", "all", "own", "own", "own"),
  "record.complete": row("all", "none", "own", "none", "own"),
  "record.amend": row("all", "none", "own", "none", "none"),
  // second-person review (R-REVIEW): those who run a lab review; the audit roles stay read-only
  "record.review": row("all", "none", "own", "none", "none"),
  // equipment: view / add, edit, transfer, change status
  "equipment.view": row("all", "all", "own", "own", "none"),
  "equipment.create": row("all", "none", "own", "none", "none"),
  "equipment.edit": row("all", "none", "own", "none", "none"),
  "equipment.transfer": row("all", "none", "own", "none", "none"),
  "equipment.changeStatus": row("all", "none", "own", "none", "none"),
  // calibration register (R-CAL): view for every role of the lab; technicians record calibrations; plans for those who run a lab
  "calibration.view": row("all", "all", "own", "own", "own"),
  "calibration.complete": row("all", "none", "own", "none", "own"),
  "calibration.edit": row("all", "none", "own", "none", "none"),
  // models and tasks are not lab-scoped: view for all but technicians, change for administrators
  "model.view": row("all", "all", "all", "all", "none"),
  "model.create": row("all", "none", "none", "none", "none"),
  "model.edit": row("all", "none", "none", "none", "none"),
  // users and lab access (R-AUTH-MGR)
  "user.view": row("all", "all", "own", "own", "none"),
  "user.create": row("all", "none", "own", "none", "none"),
  "user.edit": row("all", "none", "own", "none", "none"),
  "user.changeStatus": row("all", "none", "own", "none", "none"),
  "user.grantAccess": row("all", "none", "own", "none", "none"),
  // audit trail, reports, exports
  "audit.view": row("all", "all", "own", "own", "none"),
  "audit.export": row("all", "all", "own", "own", "none"),
  // the periodic audit-trail review is signed off by QA (Annex 11 §9)
  "audit.signOff": row("none", "all", "none", "own", "none"),
  // the lab picker: every role sees its labs
  "lab.view": row("all", "all", "own", "own", "own"),
  // labs (R-LAB): Administrators add, edit, deactivate and reactivate them
  "lab.create": row("all", "none", "none", "none", "none"),
  "lab.edit": row("all", "none", "none", "none", "none"),
  "lab.changeStatus": row("all", "none", "none", "none", "none"),
  // corrective actions (R-QUAR): those who complete checklists quarantine and log actions; those
  // who run a lab close; QA (the audit roles too) decides on the impact and exports it
  "correctiveAction.view": row("all", "all", "own", "own", "own"),
  "correctiveAction.create": row("all", "none", "own", "none", "own"),
  "correctiveAction.edit": row("all", "none", "own", "none", "own"),
  "correctiveAction.close": row("all", "none", "own", "none", "none"),
  "correctiveAction.assess": row("all", "all", "own", "own", "none"),
  "correctiveAction.export": row("all", "all", "own", "own", "none"),
};

/** One demo user per role, all with BOS as their lab (identities.ts); LON is "another lab". */
export const ROLE_USERS: Record<Role, string> = {
  ADMINISTRATOR: "ada.admin@labkeep.dev",
  GLOBAL_AUDIT: "grace.audit@labkeep.dev",
  MANAGER: "marie.manager@labkeep.dev",
  LOCAL_AUDIT: "rosalind.audit@labkeep.dev",
  TECHNICIAN: "tom.tech@labkeep.dev",
};
