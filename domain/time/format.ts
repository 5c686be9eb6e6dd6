/**
 * How Labkeep writes a time for people (SPEC §3), the one formatter of the bot's cards, the tab,
 * the domain's views and the exports: in the lab's zone, the zone named by the lab's code.
 *   a moment      "Oct 5, 2026, 4:00 AM (BOS time)"
 *   a due day     "by end of Oct 31 (SFO time)": due at the lab's midnight that ends that day
 *   a calendar    "Apr 30, 2026": a lab-local date stored as "YYYY-MM-DD"
 *   a sortable    "2026-10-05 04:00": lab wall-clock time for spreadsheet columns
 *   lab days      "Nov 1 – 30, 2026 (BOS time)": a period of the lab's calendar days, both ends included
 *   an age        "4 days", "today", "4 days ago": whole lab-calendar days
 * Intl only (no luxon), so the tab imports it without bundling luxon. The locale is en-US unless
 * a caller passes one (the tab passes the viewer's).
 */

export type Instant = Date | string;

/** Where a time is read: a lab (its code names the zone) or, for events of no lab, UTC. */
export interface LabClock {
  code: string;
  timeZone: string;
}
export const UTC_CLOCK: LabClock = { code: "UTC", timeZone: "UTC" };

/** The lab clock of a row that carries its lab's code and zone (records, my-work rows). */
export function recordClock(row: { labCode: string; labTimeZone: string }): LabClock {
  return { code: row.labCode, timeZone: row.labTimeZone };
}

export const DEFAULT_LOCALE = "en-US";

/** "(SFO time)", or "(UTC)" for the clock of events of no lab. */
export const zoneLabel = (code: string) => (code === UTC_CLOCK.code ? "(UTC)" : `(${code} time)`);

const STYLES = {
  moment: { dateStyle: "medium", timeStyle: "short" },
  day: { dateStyle: "medium" },
  shortDay: { month: "short", day: "numeric" },
  year: { year: "numeric" },
  weekdayDay: { dateStyle: "full" },
  sortable: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type Style = keyof typeof STYLES;

// Building an Intl.DateTimeFormat costs far more than using one; cards and tables format many rows.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(locale: string, timeZone: string, style: Style): Intl.DateTimeFormat | null {
  const key = `${style} ${locale} ${timeZone}`;
  let found = formatters.get(key);
  if (found === undefined) {
    try {
      found = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone });
    } catch {
      found = null; // an unknown zone or locale
    }
    formatters.set(key, found);
  }
  return found;
}

/**
 * The clock a time is read on. A lab's zone passed validation when the lab was saved; should one
 * be unknown to this runtime, the time reads in UTC and says so rather than mislabel it.
 */
function readable(clock: LabClock): LabClock {
  return formatter(DEFAULT_LOCALE, clock.timeZone, "day") ? clock : UTC_CLOCK;
}

/** The formatter for `clock`'s zone in `locale`; an unknown locale falls back to en-US. */
function zoned(clock: LabClock, locale: string, style: Style): Intl.DateTimeFormat {
  const inLocale = formatter(locale, UTC_CLOCK.timeZone, style) ? locale : DEFAULT_LOCALE;
  return formatter(inLocale, readable(clock).timeZone, style)!;
}

/** ISO text without an offset is UTC, as the database and the API write instants. */
function toDate(at: Instant): Date {
  if (at instanceof Date) return at;
  return new Date(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(at) ? `${at}Z` : at);
}

/**
 * ICU puts narrow, no-break or thin spaces in some locales' times and ranges ("4:00 AM",
 * "Nov 1 – 30"): one plain space, the same in Node and every browser.
 */
const plain = (text: string) => text.replace(/[\u202f\u00a0\u2009]/g, " ");

/** A moment in lab time, the zone named: "Oct 5, 2026, 4:00 AM (BOS time)"; "" when there is none. */
export function labTime(at: Instant | null | undefined, clock: LabClock, locale: string = DEFAULT_LOCALE): string {
  if (at === null || at === undefined || at === "") return "";
  return `${plain(zoned(clock, locale, "moment").format(toDate(at)))} ${zoneLabel(readable(clock).code)}`;
}

/**
 * The day a record is due by: "Oct 31", or "Oct 31, 2027" when that day is not in `now`'s year in
 * the lab (always with the year when `now` is not given). A due time is the lab-local midnight
 * after the period's last day, so the instant just before it names that day.
 */
function dueDay(dueAt: Instant, clock: LabClock, now?: Date, locale: string = DEFAULT_LOCALE): string {
  const last = new Date(toDate(dueAt).getTime() - 1);
  const year = zoned(clock, locale, "year");
  const sameYear = now !== undefined && year.format(last) === year.format(now);
  return plain(zoned(clock, locale, sameYear ? "shortDay" : "day").format(last));
}

/** "by end of Oct 31 (SFO time)"; "" when there is no due time. */
export function dueByEndOf(dueAt: Instant | null | undefined, clock: LabClock, now?: Date, locale: string = DEFAULT_LOCALE): string {
  if (dueAt === null || dueAt === undefined || dueAt === "") return "";
  return `by end of ${dueDay(dueAt, clock, now, locale)} ${zoneLabel(readable(clock).code)}`;
}

/**
 * A calendar date with no time of day, stored as "YYYY-MM-DD" (a calibration's due date, a
 * commissioning date): "Apr 30, 2026"; "" when there is none. It is already the lab's day, so no
 * zone applies.
 */
export function calendarDay(isoDate: string | null | undefined, locale: string = DEFAULT_LOCALE): string {
  if (!isoDate) return "";
  return plain(zoned(UTC_CLOCK, locale, "day").format(new Date(isoDate.slice(0, 10))));
}

/**
 * A period of the lab's calendar days ("YYYY-MM-DD", both ends included), e.g. an audit-trail
 * review's: "Nov 1 – 30, 2026 (BOS time)", "Dec 1, 2026 – Jan 31, 2027 (BOS time)", or one day
 * "Nov 1, 2026 (BOS time)". The days are the lab's, so its zone is named (as picked: no zone
 * arithmetic applies to them).
 */
export function labDays(from: string, to: string, clock: LabClock, locale: string = DEFAULT_LOCALE): string {
  return `${calendarDays(from, to, locale)} ${zoneLabel(clock.code)}`;
}

/** The same days with no zone named, for a period several labs read each in their own calendar. */
export function calendarDays(from: string, to: string, locale: string = DEFAULT_LOCALE): string {
  const day = (isoDate: string) => new Date(isoDate.slice(0, 10));
  return plain(zoned(UTC_CLOCK, locale, "day").formatRange(day(from), day(to)));
}

/** A number of whole days: "1 day", "4 days", "0 days" (a corrective action's age). */
export const dayCount = (days: number) => `${days} ${days === 1 ? "day" : "days"}`;

/** How many lab-calendar days ago: "today", "1 day ago", "4 days ago". */
export const daysAgo = (days: number) => (days === 0 ? "today" : `${dayCount(days)} ago`);

/** The lab's day of a moment with its weekday, for a heading: "Friday, November 20, 2026". */
export function weekdayDate(at: Instant, clock: LabClock, locale: string = DEFAULT_LOCALE): string {
  return plain(zoned(clock, locale, "weekdayDay").format(toDate(at)));
}

/**
 * A moment as the lab's wall-clock time for a spreadsheet column, "2026-10-05 04:00": it sorts as
 * text and Excel reads it as a date. The column's header says whose zone ("Opened (lab time)",
 * beside the row's lab).
 */
export function sortableLabTime(at: Instant, timeZone: string): string;
export function sortableLabTime(at: Instant | null, timeZone: string): string | null;
export function sortableLabTime(at: Instant | null, timeZone: string): string | null {
  if (at === null) return null;
  const parts = zoned({ code: "", timeZone }, DEFAULT_LOCALE, "sortable").formatToParts(toDate(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}

/** The lab's calendar date at a moment, "2026-12-01": what a date input shows as "today" there. */
export const labIsoDay = (at: Instant, clock: LabClock) => sortableLabTime(at, clock.timeZone).slice(0, 10);

/**
 * The calendar month before the lab's current one, as date-input values: a periodic review's usual
 * period. At 20:00 on Nov 30 in Boston (01:00 Dec 1 UTC) that is still October.
 */
export function labPreviousMonth(now: Date, clock: LabClock): { from: string; to: string } {
  const [year, month] = labIsoDay(now, clock).split("-").map(Number) as [number, number];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(new Date(Date.UTC(year, month - 2, 1))), to: iso(new Date(Date.UTC(year, month - 1, 0))) };
}
