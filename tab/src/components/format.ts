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

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** A calendar date (YYYY-MM-DD, no time of day), e.g. a commissioning date: "Feb 18, 2020". */
export function formatDate(value: string | null | undefined): string {
  return value ? dateOnly.format(new Date(value)) : "";
}

/** Where a time is read: a lab (its code names the zone) or, for events of no lab, UTC. */
export interface LabClock {
  code: string;
  timeZone: string;
}
export const UTC_CLOCK: LabClock = { code: "UTC", timeZone: "UTC" };

function zoned(options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" });
  }
}

function zoneName(clock: LabClock): string {
  return clock.code === "UTC" ? "UTC" : `${clock.code} time`;
}

/**
 * The one way the tab shows an instant (completion, amendment, audit, history): lab time with the
 * zone named, "Oct 5, 2026, 4:00 AM (BOS time)", whatever the viewer's own time zone.
 */
export function formatLabTime(value: string | null | undefined, clock: LabClock): string {
  if (!value) return "";
  return `${zoned({ dateStyle: "medium", timeStyle: "short" }, clock.timeZone).format(new Date(value))} (${zoneName(clock)})`;
}

/**
 * When a record is due: "by end of Oct 31 (BOS time)", the last lab-local day of its period (it
 * is due at the lab's midnight that ends that day). The year shows when it is not this year.
 */
export function formatDueBy(dueAt: string | null | undefined, clock: LabClock, now = new Date()): string {
  if (!dueAt) return "";
  const lastMoment = new Date(new Date(dueAt).getTime() - 1);
  const year = zoned({ year: "numeric" }, clock.timeZone);
  const sameYear = year.format(lastMoment) === year.format(now);
  const day = zoned(sameYear ? { month: "short", day: "numeric" } : { dateStyle: "medium" }, clock.timeZone).format(lastMoment);
  return `by end of ${day} (${zoneName(clock)})`;
}

/** The lab clock of a record, which carries its lab's code and zone. */
export function recordClock(record: { labCode: string; labTimeZone: string }): LabClock {
  return { code: record.labCode, timeZone: record.labTimeZone };
}

/** `yyyy-mm-dd` for a date input. */
export function isoDay(value: Date): string {
  return value.toISOString().slice(0, 10);
}
