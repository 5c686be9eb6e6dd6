/**
 * Calibration interval arithmetic (R-CAL), in the lab's own calendar. A calibration is due on a
 * lab-local DATE: the day it was done plus the interval. Luxon does the calendar work, so adding a
 * month to 31 Jan gives the last day of February (never 3 March), and days and weeks count
 * calendar days whatever a DST change does to the hours between them. Pure: the tab may import it.
 */
import { DateTime } from "luxon";
import { labIsoDay } from "../time/format.ts";

export const INTERVAL_UNITS = ["DAY", "WEEK", "MONTH", "YEAR"] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

export interface Interval {
  count: number;
  unit: IntervalUnit;
}

const LUXON_UNIT = { DAY: "days", WEEK: "weeks", MONTH: "months", YEAR: "years" } as const;

/** A lab-local calendar date, "2027-01-31", as luxon's start of that day in `timeZone`. */
export function localDay(isoDate: string, timeZone: string): DateTime {
  const day = DateTime.fromISO(isoDate, { zone: timeZone });
  if (!day.isValid) throw new Error(`not a date: ${isoDate}`);
  return day.startOf("day");
}

/** `isoDate` plus `interval`, as an ISO date: addInterval("2027-01-31", { count: 1, unit: "MONTH" }) is "2027-02-28". */
export function addInterval(isoDate: string, interval: Interval, timeZone: string): string {
  return localDay(isoDate, timeZone).plus({ [LUXON_UNIT[interval.unit]]: interval.count }).toISODate()!;
}

/** `isoDate` minus `days` calendar days (the start of the advance-notice window). */
export function minusDays(isoDate: string, days: number, timeZone: string): string {
  return localDay(isoDate, timeZone).minus({ days }).toISODate()!;
}

/** The lab-local date of an instant (the one definition, `labIsoDay`, which the tab uses too). */
export function labToday(now: Date, timeZone: string): string {
  return labIsoDay(now, { code: "", timeZone });
}

/**
 * The instant a due date ends: the lab-local midnight after it. Across a DST change the day is 23
 * or 25 hours long, so this is not `date + 24h` in UTC.
 */
export function endOfDueDay(isoDate: string, timeZone: string): Date {
  return localDay(isoDate, timeZone).plus({ days: 1 }).toJSDate();
}

/** "every 6 months", "every 1 year" → "every year". */
export function intervalText(interval: Interval): string {
  const word = LUXON_UNIT[interval.unit].slice(0, -1);
  return interval.count === 1 ? `every ${word}` : `every ${interval.count} ${word}s`;
}

/** A Date column holding a calendar date (Prisma @db.Date reads as UTC midnight) as "YYYY-MM-DD". */
export function isoDateOf(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" as the Date Prisma writes to a @db.Date column. */
export function dateColumn(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}
