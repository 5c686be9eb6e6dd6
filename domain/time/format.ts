/**
 * How Labkeep writes a time for people (SPEC §3): in the lab's zone, the zone named by the lab's
 * code. A due time is the lab-local midnight after a period's last day, so it reads as that last
 * day: "by end of Oct 31 (SFO time)". Pure (luxon only): used by the bot's cards and importable
 * by the tab.
 */
import { DateTime } from "luxon";

type Instant = Date | string;

function inZone(at: Instant, timeZone: string): DateTime {
  const value = typeof at === "string" ? DateTime.fromISO(at, { zone: "utc" }) : DateTime.fromJSDate(at);
  return value.setZone(timeZone);
}

/** "(SFO time)" */
export const zoneLabel = (labCode: string) => `(${labCode} time)`;

/**
 * The day a record is due by, "Oct 31", or "Oct 31, 2027" when that day is not in `now`'s year
 * (always with the year when `now` is not given).
 */
export function dueDay(dueAt: Instant, timeZone: string, now?: Date): string {
  const last = inZone(dueAt, timeZone).minus({ milliseconds: 1 });
  const sameYear = now !== undefined && inZone(now, timeZone).year === last.year;
  return last.toFormat(sameYear ? "LLL d" : "LLL d, yyyy");
}

/** "by end of Oct 31 (SFO time)" */
export function dueByEndOf(dueAt: Instant, timeZone: string, labCode: string, now?: Date): string {
  return `by end of ${dueDay(dueAt, timeZone, now)} ${zoneLabel(labCode)}`;
}

/** A moment in lab time: "20 Nov 2026, 10:00 (BOS time)". */
export function labTime(at: Instant, timeZone: string, labCode: string): string {
  return `${inZone(at, timeZone).toFormat("d LLL yyyy, HH:mm")} ${zoneLabel(labCode)}`;
}

/** A lab-local calendar date stored as "YYYY-MM-DD" (a calibration due date): "30 Apr 2026". */
export function calendarDay(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: "utc" }).toFormat("d LLL yyyy");
}
