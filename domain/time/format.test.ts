import assert from "node:assert/strict";
import { test } from "node:test";
import { DateTime } from "luxon";
import { dueByEndOf, labTime } from "./format.ts";

/** A lab-local midnight as the instant the database stores. */
const midnight = (isoDate: string, zone: string) => DateTime.fromISO(isoDate, { zone }).startOf("day").toJSDate();
const NOW = new Date("2026-11-20T15:00:00Z");

test("a record due at a lab's midnight reads as the day before, in that lab's zone, named", () => {
  // Nov 1 00:00 in Boston is 04:00Z (EDT); in San Francisco 07:00Z: both read Oct 31 in their own zone.
  assert.equal(dueByEndOf(midnight("2026-11-01", "America/New_York"), "America/New_York", "BOS", NOW), "by end of Oct 31 (BOS time)");
  assert.equal(dueByEndOf(midnight("2026-11-01", "America/Los_Angeles"), "America/Los_Angeles", "SFO", NOW), "by end of Oct 31 (SFO time)");
  // The SFO midnight read in Boston would be Nov 1, 03:00: each row must use its own zone.
  assert.equal(dueByEndOf(midnight("2026-11-01", "America/Los_Angeles"), "America/New_York", "BOS", NOW), "by end of Nov 1 (BOS time)");
  // ISO text (the tab's wire format) reads the same.
  assert.equal(dueByEndOf(midnight("2026-11-01", "Europe/London").toISOString(), "Europe/London", "LON", NOW), "by end of Oct 31 (LON time)");
});

test("the year is written when the day is not in this year, or when no 'now' is given", () => {
  // Due at the midnight starting 2027: its last day is still this year's.
  assert.equal(dueByEndOf(midnight("2027-01-01", "America/New_York"), "America/New_York", "BOS", NOW), "by end of Dec 31 (BOS time)");
  assert.equal(dueByEndOf(midnight("2028-01-01", "America/New_York"), "America/New_York", "BOS", NOW), "by end of Dec 31, 2027 (BOS time)");
  assert.equal(dueByEndOf(midnight("2026-11-21", "America/New_York"), "America/New_York", "BOS"), "by end of Nov 20, 2026 (BOS time)");
});

test("a moment reads in lab time with the zone named", () => {
  assert.equal(labTime(NOW, "America/New_York", "BOS"), "20 Nov 2026, 10:00 (BOS time)");
  assert.equal(labTime(NOW, "America/Los_Angeles", "SFO"), "20 Nov 2026, 07:00 (SFO time)");
});
