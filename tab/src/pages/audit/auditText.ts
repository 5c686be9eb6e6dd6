import type { AuditAction } from "../../../../domain/audit/events.ts";
import { ROLES } from "../../../../domain/policy/policy.ts";
import { EQUIPMENT_STATUSES, type AuditEvent, type EquipmentStatus } from "../../api/types.ts";
import { equipmentStatusLabel, roleLabel } from "../../components/format.ts";
import { resultLabel } from "../maintenance/answers.ts";

/** Every audit action in words; typed so that a new action without a label does not compile. */
const ACTION_LABELS: Record<AuditAction, string> = {
  "lab.created": "Lab created",
  "lab.updated": "Lab edited",
  "lab.deactivated": "Lab deactivated",
  "lab.reactivated": "Lab reactivated",
  "model.created": "Model created",
  "model.updated": "Model edited",
  "model.frequencies_changed": "Model frequencies changed",
  "task.created": "Task added",
  "task.updated": "Task edited",
  "task.reordered": "Tasks reordered",
  "task.deactivated": "Task disabled",
  "task.reactivated": "Task enabled again",
  "equipment.created": "Equipment added",
  "equipment.updated": "Equipment edited",
  "equipment.status_changed": "Equipment status changed",
  "equipment.transferred": "Equipment transferred",
  "equipment.responsibility_changed": "Responsible person or deputy changed",
  "user.registered": "User signed in for the first time",
  "user.created": "User added",
  "user.updated": "User edited",
  "user.status_changed": "User status changed",
  "user.notification_settings_changed": "Notification settings changed",
  "access.granted": "Lab access granted",
  "access.revoked": "Lab access revoked",
  "access.role_changed": "Lab access role changed",
  "records.generated": "Records generated",
  "record.completed": "Record completed",
  "record.amended": "Record amended",
  "record.not_required": "Record closed as not required",
  "record.assigned": "Record assigned",
  "record.reopened": "Record reopened (equipment Active again)",
  "record.reviewed": "Record reviewed",
  "record.returned": "Record returned to the performer",
  "record.resubmitted": "Record resubmitted for review",
  "record.review_reopened": "Record back in the review queue (amended after review)",
  "installation.added": "Bot added to a conversation",
  "installation.removed": "Bot removed from a conversation",
  "installation.linked": "Bot conversation linked to a lab",
  "ca.opened": "Corrective action opened",
  "ca.action_logged": "Corrective action: action logged",
  "ca.reassigned": "Corrective action reassigned",
  "ca.impact_decided": "Impact assessment decision",
  "ca.closed": "Corrective action closed (verified)",
  "data.seeded": "Demo data loaded",
  "data.imported": "Spreadsheet imported",
  "trail.signed_off": "Audit-trail review signed off",
  "signature.signed": "Electronic signature",
  "signature.refused": "Signing refused (failed sign-in to sign)",
  "file.attached": "File attached",
  "file.downloaded": "File downloaded",
  "calibration_plan.created": "Calibration plan set up",
  "calibration_plan.updated": "Calibration plan changed",
  "calibration.recorded": "Calibration recorded",
  "calibration.out_of_tolerance": "Calibration found out of tolerance",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action as AuditAction] ?? action;
}

const SOURCE_LABELS: Record<string, string> = { TAB: "Tab", BOT: "Bot", SCHEDULER: "Scheduler", SYSTEM: "System" };
export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

/** What the event is about: its subject as people name it, else its entity type and id. */
export function subjectText(event: AuditEvent): string {
  return event.subject ?? `${event.entityType} ${event.entityId}`;
}

/** A value of before/after as text, whole: scalars as they are, lists one item per line, objects as "key: value". */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map(itemText).join("\n");
  if (typeof value === "object") return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`).join("\n");
  return String(value);
}

/** A checklist answer stored in a record's audit values reads "Title: answer (failed)"; anything else as key: value. */
function itemText(item: unknown): string {
  if (!item || typeof item !== "object") return String(item);
  const r = item as { title?: string; kind?: string; outcome?: string | null; reading?: number | null; unit?: string | null; text?: string | null; passed?: boolean; note?: string | null };
  if (typeof r.title !== "string") return valueText(item).replace(/\n/g, ", ");
  const answer = r.kind === "READING" ? (r.reading == null ? "—" : `${r.reading}${r.unit ? ` ${r.unit}` : ""}`) : r.kind === "CHECK" ? ({ DONE: "Done", NOT_DONE: "Not done", NOT_APPLICABLE: "N/A" } as Record<string, string>)[r.outcome ?? ""] ?? "—" : r.text ?? "—";
  return `${r.title}: ${answer}${r.passed === false ? " (failed)" : ""}${r.note ? ` — ${r.note}` : ""}`;
}

/** Stored codes in the words the rest of the tab uses ("PASS" reads "Pass", "IN_REPAIR" "In repair"). */
function codeText(value: string): string | null {
  if (value === "PASS" || value === "FAIL") return resultLabel(value);
  if ((EQUIPMENT_STATUSES as readonly string[]).includes(value)) return equipmentStatusLabel(value as EquipmentStatus);
  if ((ROLES as readonly string[]).includes(value)) return roleLabel(value);
  return null;
}

/** "assetTag" reads "Asset tag". */
function fieldLabel(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of before and after, in order of first appearance, each with both values. */
export function changedFields(event: AuditEvent): { field: string; before: string; after: string }[] {
  const before = (event.before && typeof event.before === "object" && !Array.isArray(event.before) ? event.before : {}) as Record<string, unknown>;
  const after = (event.after && typeof event.after === "object" && !Array.isArray(event.after) ? event.after : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const text = (value: unknown) => (typeof value === "string" ? codeText(value) : null) ?? valueText(value);
  return fields.map((field) => ({ field: fieldLabel(field), before: field in before ? text(before[field]) : "", after: field in after ? text(after[field]) : "" }));
}
