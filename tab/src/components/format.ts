import type { EquipmentStatus, Frequency } from "../api/types.ts";
import { calendarDay, calendarDays, dueByEndOf, labDays, labTime, type LabClock } from "../../../domain/time/format.ts";

export { dayCount, daysAgo, recordClock, UTC_CLOCK, type LabClock } from "../../../domain/time/format.ts";

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

/**
 * The viewer's own locale: what Intl picks when given none. The tab's times are the domain's one
 * formatter (domain/time/format.ts, also the bot's) in that locale: lab time with the zone named,
 * whatever the viewer's own zone.
 */
const VIEWER_LOCALE = new Intl.DateTimeFormat().resolvedOptions().locale;

/** A calendar date (YYYY-MM-DD, no time of day), e.g. a commissioning date: "Feb 18, 2020". */
export const formatDate = (value: string | null | undefined): string => calendarDay(value, VIEWER_LOCALE);

/** An instant (completion, amendment, audit, history) in lab time: "Oct 5, 2026, 4:00 AM (BOS time)". */
export const formatLabTime = (value: string | null | undefined, clock: LabClock): string => labTime(value, clock, VIEWER_LOCALE);

/** When a record is due: "by end of Oct 31 (BOS time)"; the year shows when it is not this year. */
export const formatDueBy = (dueAt: string | null | undefined, clock: LabClock, now = new Date()): string => dueByEndOf(dueAt, clock, now, VIEWER_LOCALE);

/** A period of calendar days: "Nov 1 – 30, 2026 (BOS time)" for a lab, the days alone for no lab ("All labs"). */
export const formatLabDays = (from: string, to: string, clock: LabClock | null): string =>
  clock ? labDays(from, to, clock, VIEWER_LOCALE) : calendarDays(from, to, VIEWER_LOCALE);

/** `yyyy-mm-dd` for a date input. */
export function isoDay(value: Date): string {
  return value.toISOString().slice(0, 10);
}
