import type { EquipmentStatus, Frequency } from "../api/types.ts";

const ROLE_LABELS: Record<string, string> = {
  ADMINISTRATOR: "Administrator",
  GLOBAL_AUDIT: "Global Audit",
  MANAGER: "Manager",
  LOCAL_AUDIT: "Local Audit",
  TECHNICIAN: "Technician",
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

const FREQUENCY_LABELS: Record<Frequency, string> = { DAILY: "Daily", WEEKLY: "Weekly", MONTHLY: "Monthly", QUARTERLY: "Quarterly", ANNUAL: "Annual" };
export function frequencyLabel(frequency: Frequency): string {
  return FREQUENCY_LABELS[frequency] ?? frequency;
}

const STATUS_LABELS: Record<EquipmentStatus, string> = { ACTIVE: "Active", IN_REPAIR: "In repair", OUT_OF_SERVICE: "Out of service", OBSOLETE: "Obsolete" };
export function equipmentStatusLabel(status: EquipmentStatus): string {
  return STATUS_LABELS[status] ?? status;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : "";
}
export function formatDate(value: string | null | undefined): string {
  return value ? dateOnly.format(new Date(value)) : "";
}

/**
 * The last lab-local day of a period, by whose end a record is due. A record due at a lab's
 * midnight reads "Sep 24, 2026" there, whatever the viewer's own time zone.
 */
export function formatDueDay(dueAt: string | null | undefined, timeZone: string): string {
  if (!dueAt) return "";
  const lastMoment = new Date(new Date(dueAt).getTime() - 1);
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone }).format(lastMoment);
  } catch {
    return dateOnly.format(lastMoment);
  }
}

/** `yyyy-mm-dd` for a date input. */
export function isoDay(value: Date): string {
  return value.toISOString().slice(0, 10);
}
