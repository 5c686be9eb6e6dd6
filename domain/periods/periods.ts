import { DateTime, IANAZone } from "luxon";
import type { Frequency } from "../db/generated/enums.ts";

/**
 * Period math in a lab's IANA time zone (SPEC R-DATA frequencies). A period is the half-open
 * interval [start, end) of UTC instants between two lab-local midnights; a record is due at the
 * end of its period. Lab-local dates travel as ISO strings ("2026-03-08"), which sort and
 * compare as dates.
 */

export const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"] as const satisfies readonly Frequency[];

/** A calendar date in a lab's zone, "YYYY-MM-DD". */
export type LocalDate = string;

export interface Period {
  frequency: Frequency;
  start: Date;
  end: Date;
  due: Date;
}

const UNIT: Record<Frequency, "day" | "week" | "month" | "quarter" | "year"> = {
  DAILY: "day",
  WEEKLY: "week", // Luxon weeks are ISO weeks: they start on Monday
  MONTHLY: "month",
  QUARTERLY: "quarter",
  ANNUAL: "year",
};

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function assertTimeZone(zone: string): void {
  if (!IANAZone.isValidZone(zone)) throw new Error(`unknown IANA time zone "${zone}"`);
}

function parseLocalDate(date: LocalDate, zone: string): DateTime {
  if (!DATE_PATTERN.test(date)) throw new Error(`not a date (YYYY-MM-DD): "${date}"`);
  assertTimeZone(zone);
  // Midnight may not exist on a DST day (some zones shift at 00:00): Luxon then moves forward
  // to the first instant of that day, which is what "local midnight" must mean there.
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw new Error(`invalid date "${date}"`);
  return day.startOf("day");
}

/** The lab-local date on which `instant` falls. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  assertTimeZone(zone);
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** The first instant (UTC) of a lab-local date. */
export function startOfLocalDate(date: LocalDate, zone: string): Date {
  return parseLocalDate(date, zone).toJSDate();
}

/** The period of `frequency` containing the lab-local `date`. */
export function periodOf(frequency: Frequency, date: LocalDate, zone: string): Period {
  const unit = UNIT[frequency];
  const start = parseLocalDate(date, zone).startOf(unit);
  // Adding calendar units to a local start and taking that day's start keeps midnights local
  // across DST changes (a day may last 23 or 25 hours).
  const end = start.plus({ [`${unit}s`]: 1 }).startOf("day");
  return { frequency, start: start.toJSDate(), end: end.toJSDate(), due: end.toJSDate() };
}

/** `date` plus `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!DATE_PATTERN.test(date)) throw new Error(`not a date (YYYY-MM-DD): "${date}"`);
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** Every lab-local date from `first` through `last`, both included (empty when first > last). */
export function localDatesBetween(first: LocalDate, last: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/**
 * The distinct periods of each frequency that contain at least one of `dates`, ordered by
 * frequency then start.
 */
export function periodsCovering(dates: readonly LocalDate[], zone: string, frequencies: readonly Frequency[] = FREQUENCIES): Period[] {
  const periods: Period[] = [];
  for (const frequency of frequencies) {
    const seen = new Set<number>();
    for (const date of dates) {
      const period = periodOf(frequency, date, zone);
      if (seen.has(period.start.getTime())) continue;
      seen.add(period.start.getTime());
      periods.push(period);
    }
  }
  return periods;
}
