import assert from "node:assert/strict";
import { test } from "node:test";
import { DateTime } from "luxon";
import { calendarDay, dayCount, daysAgo, dueByEndOf, labDays, labIsoDay, labPreviousMonth, labTime, sortableLabTime, UTC_CLOCK, weekdayDate } from "./format.ts";

/** A lab-local midnight as the instant the database stores. */
const midnight = (isoDate: string, zone: string) => DateTime.fromISO(isoDate, { zone }).startOf("day").toJSDate();
const NOW = new Date("2026-11-20T15:00:00Z");
const BOS = { code: "BOS", timeZone: "America/New_York" };
const SFO = { code: "SFO", timeZone: "America/Los_Angeles" };
const LON = { code: "LON", timeZone: "Europe/London" };
/** UTC+14 all year: the first lab into each new day and year. */
const KIR = { code: "KIR", timeZone: "Pacific/Kiritimati" };

test("a record due at a lab's midnight reads as the day before, in that lab's zone, named", () => {
  // Nov 1 00:00 in Boston is 04:00Z (EDT); in San Francisco 07:00Z: both read Oct 31 in their own zone.
  assert.equal(dueByEndOf(midnight("2026-11-01", BOS.timeZone), BOS, NOW), "by end of Oct 31 (BOS time)");
  assert.equal(dueByEndOf(midnight("2026-11-01", SFO.timeZone), SFO, NOW), "by end of Oct 31 (SFO time)");
  // The SFO midnight read in Boston would be Nov 1, 03:00: each row must use its own zone.
  assert.equal(dueByEndOf(midnight("2026-11-01", SFO.timeZone), BOS, NOW), "by end of Nov 1 (BOS time)");
  // ISO text (the tab's wire format) reads the same.
  assert.equal(dueByEndOf(midnight("2026-11-01", LON.timeZone).toISOString(), LON, NOW), "by end of Oct 31 (LON time)");
  assert.equal(dueByEndOf(null, BOS, NOW), "");
});

test("the year is written when the day is not in this year, or when no 'now' is given", () => {
  // Due at the midnight starting 2027: its last day is still this year's.
  assert.equal(dueByEndOf(midnight("2027-01-01", BOS.timeZone), BOS, NOW), "by end of Dec 31 (BOS time)");
  assert.equal(dueByEndOf(midnight("2028-01-01", BOS.timeZone), BOS, NOW), "by end of Dec 31, 2027 (BOS time)");
  assert.equal(dueByEndOf(midnight("2026-11-21", BOS.timeZone), BOS), "by end of Nov 20, 2026 (BOS time)");
  // "This year" is the lab's: at 10:30Z on Dec 31 it is already 2027 in Kiritimati, so a 2027 day needs no year there.
  const newYearsEve = new Date("2026-12-31T10:30:00Z");
  assert.equal(dueByEndOf(midnight("2027-01-02", KIR.timeZone), KIR, newYearsEve), "by end of Jan 1 (KIR time)");
  assert.equal(dueByEndOf(midnight("2027-01-02", BOS.timeZone), BOS, newYearsEve), "by end of Jan 1, 2027 (BOS time)");
});

test("a moment reads in lab time with the zone named", () => {
  assert.equal(labTime(NOW, BOS), "Nov 20, 2026, 10:00 AM (BOS time)");
  assert.equal(labTime(NOW, SFO), "Nov 20, 2026, 7:00 AM (SFO time)");
  assert.equal(labTime(NOW.toISOString(), LON), "Nov 20, 2026, 3:00 PM (LON time)");
  assert.equal(labTime(null, BOS), "");
});

test("across a DST change the wall clock jumps and the zone stays named", () => {
  // Boston springs forward at 02:00 EST on Mar 8, 2026 (07:00Z): a minute before, and the first minute after.
  assert.equal(labTime(new Date("2026-03-08T06:59:00Z"), BOS), "Mar 8, 2026, 1:59 AM (BOS time)");
  assert.equal(labTime(new Date("2026-03-08T07:00:00Z"), BOS), "Mar 8, 2026, 3:00 AM (BOS time)");
  // London moves on Mar 29: 01:00Z is 02:00 BST.
  assert.equal(labTime(new Date("2026-03-29T00:59:00Z"), LON), "Mar 29, 2026, 12:59 AM (LON time)");
  assert.equal(labTime(new Date("2026-03-29T01:00:00Z"), LON), "Mar 29, 2026, 2:00 AM (LON time)");
});

test("at the year boundary each lab is in its own year, UTC+14 first", () => {
  const at = new Date("2026-12-31T10:30:00Z");
  assert.equal(labTime(at, KIR), "Jan 1, 2027, 12:30 AM (KIR time)");
  assert.equal(labTime(at, BOS), "Dec 31, 2026, 5:30 AM (BOS time)");
  assert.equal(sortableLabTime(at, KIR.timeZone), "2027-01-01 00:30");
  assert.equal(weekdayDate(at, KIR), "Friday, January 1, 2027");
});

test("an event of no lab reads in UTC, named UTC", () => {
  assert.equal(labTime("2026-12-31T23:30:00.000Z", UTC_CLOCK), "Dec 31, 2026, 11:30 PM (UTC)");
  // An instant written without an offset is UTC, as the API writes it.
  assert.equal(labTime("2026-12-31T23:30:00", UTC_CLOCK), "Dec 31, 2026, 11:30 PM (UTC)");
});

test("a zone this runtime does not know reads in UTC and says so", () => {
  assert.equal(labTime(NOW, { code: "XYZ", timeZone: "Mars/Olympus_Mons" }), "Nov 20, 2026, 3:00 PM (UTC)");
});

test("another locale words the same moment its own way, the zone still the lab's", () => {
  assert.equal(labTime(NOW, BOS, "en-GB"), "20 Nov 2026, 10:00 (BOS time)");
  assert.equal(labTime(NOW, BOS, "de-DE"), "20.11.2026, 10:00 (BOS time)");
  // An unusable locale falls back to en-US rather than failing a card or a page.
  assert.equal(labTime(NOW, BOS, "not a locale!"), "Nov 20, 2026, 10:00 AM (BOS time)");
});

test("a calendar date is that day in any zone", () => {
  assert.equal(calendarDay("2026-04-30"), "Apr 30, 2026");
  assert.equal(calendarDay("2026-04-30T00:00:00.000Z"), "Apr 30, 2026");
  assert.equal(calendarDay(null), "");
});

test("the sortable form is the lab's wall clock, midnight as 00", () => {
  assert.equal(sortableLabTime(new Date("2026-10-05T08:00:00Z"), BOS.timeZone), "2026-10-05 04:00");
  assert.equal(sortableLabTime("2026-11-01T04:00:00.000Z", BOS.timeZone), "2026-11-01 00:00");
  assert.equal(sortableLabTime(null, BOS.timeZone), null);
});

test("a period of lab days reads as the days picked, both ends, the lab's zone named", () => {
  assert.equal(labDays("2026-11-01", "2026-11-30", BOS), "Nov 1 – 30, 2026 (BOS time)");
  assert.equal(labDays("2026-11-01", "2026-12-15", SFO), "Nov 1 – Dec 15, 2026 (SFO time)");
  assert.equal(labDays("2026-12-01", "2027-01-31", KIR), "Dec 1, 2026 – Jan 31, 2027 (KIR time)");
  assert.equal(labDays("2026-11-01", "2026-11-01", LON), "Nov 1, 2026 (LON time)");
  assert.equal(labDays("2026-11-01", "2026-11-30", BOS, "en-GB"), "1 – 30 Nov 2026 (BOS time)");
});

test("ages count whole days: 'today', then '1 day ago', '4 days ago'", () => {
  assert.deepEqual([0, 1, 4].map(dayCount), ["0 days", "1 day", "4 days"]);
  assert.deepEqual([0, 1, 4].map(daysAgo), ["today", "1 day ago", "4 days ago"]);
});

test("the lab's today and its previous month follow the lab's calendar, not UTC's", () => {
  const dec1Utc = new Date("2026-12-01T01:00:00Z"); // 20:00 on Nov 30 in Boston, 14:00 on Dec 1 at Kiritimati
  assert.equal(labIsoDay(dec1Utc, BOS), "2026-11-30");
  assert.equal(labIsoDay(dec1Utc, KIR), "2026-12-01");
  assert.deepEqual(labPreviousMonth(dec1Utc, BOS), { from: "2026-10-01", to: "2026-10-31" });
  assert.deepEqual(labPreviousMonth(dec1Utc, KIR), { from: "2026-11-01", to: "2026-11-30" });
  // January's previous month is the last year's December; February has its leap day.
  assert.deepEqual(labPreviousMonth(new Date("2027-01-15T12:00:00Z"), LON), { from: "2026-12-01", to: "2026-12-31" });
  assert.deepEqual(labPreviousMonth(new Date("2028-03-10T12:00:00Z"), LON), { from: "2028-02-01", to: "2028-02-29" });
});
