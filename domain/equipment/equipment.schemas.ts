import { z } from "zod";
import { ReasonInput } from "../audit/regulated.ts";
import { dbId, queryId } from "../input.ts";

export const EquipmentStatusSchema = z.enum(["ACTIVE", "IN_REPAIR", "OUT_OF_SERVICE", "OBSOLETE"]);

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
/** A calendar date, YYYY-MM-DD. */
const isoDate = z.iso.date();
const booleanish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** Query of `GET /api/equipment` and `listEquipment`. */
export const ListEquipmentQuery = z.object({
  labId: queryId().optional(),
  includeObsolete: booleanish.default(false),
  status: EquipmentStatusSchema.optional(),
  search: text(100).optional(),
  sort: z.enum(["assetTag", "model", "serialNumber", "location", "status", "commissionedOn", "updatedAt"]).default("assetTag"),
  /** Every key of the sort in this direction; without it each sort's usual order (updatedAt newest first). */
  dir: z.enum(["asc", "desc"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListEquipmentQuery = z.input<typeof ListEquipmentQuery>;

export const CreateEquipmentInput = z.object({
  assetTag: text(40).min(1, "An asset tag is required."),
  serialNumber: optionalText(100),
  modelId: dbId(),
  labId: dbId(),
  location: optionalText(200),
  status: EquipmentStatusSchema.default("ACTIVE"),
  commissionedOn: isoDate.nullable().optional(),
  notes: optionalText(4000),
});
export type CreateEquipmentInput = z.input<typeof CreateEquipmentInput>;

/** Details only: the lab changes by transfer, the status by a status change. `reason` is required when a regulated field changes. */
export const UpdateEquipmentInput = z
  .object({
    assetTag: text(40).min(1),
    serialNumber: optionalText(100),
    modelId: dbId(),
    location: optionalText(200),
    commissionedOn: isoDate.nullable().optional(),
    notes: optionalText(4000),
    reason: ReasonInput,
  })
  .partial()
  .strict();
export type UpdateEquipmentInput = z.input<typeof UpdateEquipmentInput>;

export const ChangeEquipmentStatusInput = z.object({
  status: EquipmentStatusSchema,
  reason: text(1000).min(1, "Give a reason for the status change."),
});
export type ChangeEquipmentStatusInput = z.input<typeof ChangeEquipmentStatusInput>;

export const TransferEquipmentInput = z.object({
  toLabId: dbId(),
  location: optionalText(200),
  reason: text(1000).min(1, "Give a reason for the transfer."),
});
export type TransferEquipmentInput = z.input<typeof TransferEquipmentInput>;
