import type { AuditSource } from "../db/generated/enums.ts";

/** Who did something, and through which door. Scheduler and system jobs have no user id. */
export interface Actor {
  userId: number | null;
  name: string;
  source: AuditSource;
}

export const systemActor = (source: AuditSource = "SYSTEM", name = "Labkeep"): Actor => ({ userId: null, name, source });

/**
 * Audit actions by entity type. Adding an action here is what lets a service record it; the
 * entity type of an event follows from its action.
 */
export const AUDIT_ACTIONS = {
  lab: ["lab.created", "lab.updated", "lab.deactivated", "lab.reactivated"],
  model: ["model.created", "model.updated", "model.frequencies_changed"],
  task: ["task.created", "task.updated", "task.reordered", "task.deactivated", "task.reactivated"],
  equipment: ["equipment.created", "equipment.updated", "equipment.status_changed", "equipment.transferred", "equipment.responsibility_changed"],
  user: ["user.registered", "user.created", "user.updated", "user.status_changed", "user.notification_settings_changed"],
  access: ["access.granted", "access.revoked", "access.role_changed"],
  record: ["records.generated", "record.completed", "record.amended", "record.not_required", "record.reopened", "record.reviewed", "record.returned", "record.resubmitted", "record.review_reopened", "record.assigned"],
  installation: ["installation.added", "installation.removed", "installation.linked"],
  correctiveAction: ["ca.opened", "ca.action_logged", "ca.reassigned", "ca.impact_decided", "ca.closed"],
  data: ["data.seeded", "data.imported"],
  trail: ["trail.signed_off"],
  signature: ["signature.signed", "signature.refused"],
  file: ["file.attached", "file.downloaded"],
  // R-CAL: a plan's entity id is its equipment's id; a calibration's is the calibration event's id.
  calibration_plan: ["calibration_plan.created", "calibration_plan.updated"],
  calibration: ["calibration.recorded", "calibration.out_of_tolerance"],
} as const;

export type AuditEntityType = keyof typeof AUDIT_ACTIONS;
export type AuditAction = (typeof AUDIT_ACTIONS)[AuditEntityType][number];

/** A JSON-safe snapshot stored as `before` / `after`. */
export type AuditValues = Record<string, unknown>;

export interface AuditInput {
  action: AuditAction;
  entityId: string | number;
  labId?: number | null;
  before?: AuditValues | null;
  after?: AuditValues | null;
  reason?: string | null;
}

export function entityTypeOf(action: AuditAction): AuditEntityType {
  for (const [type, actions] of Object.entries(AUDIT_ACTIONS) as [AuditEntityType, readonly string[]][]) {
    if (actions.includes(action)) return type;
  }
  throw new Error(`unknown audit action ${action}`);
}
