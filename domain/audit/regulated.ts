import { z } from "zod";
import { AppError } from "../errors.ts";

/**
 * Reason for change (EU GMP Annex 11 §9, R-TRAIL): an edit that touches a regulated field must
 * say why, and the reason is stored in its audit event. The catalogue lists every field that may
 * be declared regulated, per kind of thing; the default below is what Labkeep regulates out of
 * the box. A site replaces the default with the REGULATED_FIELDS setting (server/config.ts), e.g.
 * "equipment.assetTag,equipment.serialNumber,task.min,task.max,access.role".
 *
 * Amendments, transfers, status changes and closing a period as not required always need a
 * reason (their own schemas require one): they are not configurable here.
 */
export const REGULATED_CATALOGUE = {
  equipment: ["assetTag", "serialNumber", "modelId", "location", "commissionedOn", "notes"],
  model: ["manufacturer", "name", "description", "active", "frequencies"],
  task: ["title", "kind", "unit", "min", "max", "required", "active", "order"],
  /** Granting, changing and revoking in-app lab access are all changes of `role`. */
  access: ["role"],
} as const;

export type RegulatedEntity = keyof typeof REGULATED_CATALOGUE;
export type RegulatedField = { [E in RegulatedEntity]: `${E}.${(typeof REGULATED_CATALOGUE)[E][number]}` }[RegulatedEntity];

/** Identity of equipment, checklist content and limits, maintenance frequencies and access: notes, descriptions and checklist order are not regulated by default. */
export const DEFAULT_REGULATED_FIELDS: readonly RegulatedField[] = [
  "equipment.assetTag",
  "equipment.serialNumber",
  "equipment.modelId",
  "equipment.location",
  "equipment.commissionedOn",
  "model.manufacturer",
  "model.name",
  "model.active",
  "model.frequencies",
  "task.title",
  "task.kind",
  "task.unit",
  "task.min",
  "task.max",
  "task.required",
  "task.active",
  "access.role",
];

export const ALL_REGULATED_FIELDS: readonly RegulatedField[] = (Object.entries(REGULATED_CATALOGUE) as [RegulatedEntity, readonly string[]][]).flatMap(([entity, fields]) =>
  fields.map((field) => `${entity}.${field}` as RegulatedField),
);

/**
 * Parses a REGULATED_FIELDS value: a comma-separated list of `entity.field` from the catalogue,
 * or `none`. Unknown names are errors (a typo must not silently unregulate a field).
 */
export function parseRegulatedFields(value: string): { fields: RegulatedField[] } | { unknown: string[] } {
  const items = value.split(",").map((item) => item.trim()).filter(Boolean);
  if (items.length === 1 && items[0]!.toLowerCase() === "none") return { fields: [] };
  const unknown = items.filter((item) => !(ALL_REGULATED_FIELDS as readonly string[]).includes(item));
  return unknown.length ? { unknown } : { fields: items as RegulatedField[] };
}

let configured: ReadonlySet<RegulatedField> | null = null;

/** Set once at start-up from the configuration; tests set and restore it. */
export function useRegulatedFields(fields: readonly RegulatedField[] | null): void {
  configured = fields ? new Set(fields) : null;
}

export function regulatedFields(): RegulatedField[] {
  return [...(configured ?? DEFAULT_REGULATED_FIELDS)];
}

/** The regulated fields of one kind of thing, e.g. ["assetTag", "serialNumber", …] for equipment (the tab asks for a reason when one of them changes). */
export function regulatedFieldsOf(entity: RegulatedEntity): string[] {
  return regulatedFields()
    .filter((f) => f.startsWith(`${entity}.`))
    .map((f) => f.slice(entity.length + 1));
}

/** The optional `reason` of an edit's body: blank counts as none, so the answer is "reason required", not "too short". */
export const ReasonInput = z
  .string()
  .trim()
  .max(1000, "A reason has at most 1000 characters.")
  .optional()
  .nullable()
  .transform((v) => v || undefined);

/**
 * The reason to store with an edit that changed `changed` fields of `entity`. Throws
 * `reason_required` (400, naming `reason`) when a regulated field changed and no reason was
 * given; an unregulated edit may still carry one, and it is kept.
 */
export function reasonForChange(entity: RegulatedEntity, changed: Iterable<string>, reason: string | null | undefined): string | null {
  const regulated = new Set(regulatedFieldsOf(entity));
  const touched = [...changed].filter((field) => regulated.has(field));
  if (touched.length && !reason?.trim()) {
    throw new AppError("reason_required", `Give a reason for the change of ${touched.join(", ")}: it is a regulated field and the reason is kept in the audit trail.`, {
      fields: [{ field: "reason", message: `A reason for change is required (regulated: ${touched.join(", ")}).` }],
      regulated: touched,
    });
  }
  return reason?.trim() || null;
}
