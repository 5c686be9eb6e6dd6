import { DateTime } from "luxon";

/** "HH:MM", 00:00 to 23:59. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * When the quiet hours around `now` end, or null when `now` is outside them. Read in `timeZone`
 * (the person's own, else their primary lab's). A start after the end spans midnight
 * (22:00–07:00); equal start and end mean no quiet hours. The end is the first minute
 * notifications may go again.
 */
export function quietUntil(now: Date, quiet: { start: string | null; end: string | null }, timeZone: string): Date | null {
  if (!quiet.start || !quiet.end || quiet.start === quiet.end) return null;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  // The end today, or tomorrow when it is already past (the part of a span before midnight).
  let until = local.startOf("day").set({ hour: Math.floor(end / 60), minute: end % 60 });
  if (until <= local) until = until.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  return until.toJSDate();
}
