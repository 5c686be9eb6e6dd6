import type { Equipment } from "../db/generated/client.ts";

/** A calendar date as YYYY-MM-DD (the column is a DATE, read back as UTC midnight). */
export function dateOnly(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

export function toDate(value: string | null | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  return value === null ? null : new Date(`${value}T00:00:00.000Z`);
}

/** The fields an audit event records for a piece of equipment. */
export function equipmentValues(e: Equipment) {
  return {
    assetTag: e.assetTag,
    serialNumber: e.serialNumber,
    modelId: e.modelId,
    labId: e.labId,
    location: e.location,
    status: e.status,
    commissionedOn: dateOnly(e.commissionedOn),
    notes: e.notes,
  };
}
