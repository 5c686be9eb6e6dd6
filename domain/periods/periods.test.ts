import assert from "node:assert/strict";
import { test } from "node:test";
import { addDays, localDateOf, localDatesBetween, periodOf, periodsCovering, startOfLocalDate } from "./periods.ts";

const iso = (d: Date) => d.toISOString();
function assertPeriod(actual: { start: Date; end: Date; due: Date }, start: string, end: string) {
  assert.equal(iso(actual.start), start);
  assert.equal(iso(actual.end), end);
  assert.equal(iso(actual.due), end, "due is the end of the period");
}
const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

test("New York: the spring-forward day lasts 23 hours, the fall-back day 25", () => {
  const spring = periodOf("DAILY", "2026-03-08", "America/New_York");
  assertPeriod(spring, "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z");
  assert.equal(hours(spring), 23);
  const fall = periodOf("DAILY", "2026-11-01", "America/New_York");
  assertPeriod(fall, "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z");
  assert.equal(hours(fall), 25);
  // The ISO week containing the change runs Monday 2026-03-02 to Monday 2026-03-09.
  assertPeriod(periodOf("WEEKLY", "2026-03-08", "America/New_York"), "2026-03-02T05:00:00.000Z", "2026-03-09T04:00:00.000Z");
  assertPeriod(periodOf("MONTHLY", "2026-11-15", "America/New_York"), "2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z");
});

test("London: days around the March and October changes", () => {
  assertPeriod(periodOf("DAILY", "2026-03-29", "Europe/London"), "2026-03-29T00:00:00.000Z", "2026-03-29T23:00:00.000Z");
  assertPeriod(periodOf("DAILY", "2026-10-25", "Europe/London"), "2026-10-24T23:00:00.000Z", "2026-10-26T00:00:00.000Z");
  assertPeriod(periodOf("QUARTERLY", "2026-05-20", "Europe/London"), "2026-03-31T23:00:00.000Z", "2026-06-30T23:00:00.000Z");
});

test("Sydney (southern hemisphere): DST ends in April and starts in October", () => {
  // 2026-04-05: clocks go back from +11 to +10.
  const april = periodOf("DAILY", "2026-04-05", "Australia/Sydney");
  assertPeriod(april, "2026-04-04T13:00:00.000Z", "2026-04-05T14:00:00.000Z");
  assert.equal(hours(april), 25);
  // 2026-10-04: clocks go forward from +10 to +11.
  const october = periodOf("DAILY", "2026-10-04", "Australia/Sydney");
  assertPeriod(october, "2026-10-03T14:00:00.000Z", "2026-10-04T13:00:00.000Z");
  assert.equal(hours(october), 23);
  // The year starts at local midnight in summer time (+11).
  assertPeriod(periodOf("ANNUAL", "2026-07-01", "Australia/Sydney"), "2025-12-31T13:00:00.000Z", "2026-12-31T13:00:00.000Z");
});

test("Kathmandu (+05:45) periods start at a quarter past six UTC", () => {
  assertPeriod(periodOf("DAILY", "2026-01-01", "Asia/Kathmandu"), "2025-12-31T18:15:00.000Z", "2026-01-01T18:15:00.000Z");
  assertPeriod(periodOf("MONTHLY", "2026-02-14", "Asia/Kathmandu"), "2026-01-31T18:15:00.000Z", "2026-02-28T18:15:00.000Z");
  assert.equal(localDateOf(new Date("2026-01-01T18:14:59.999Z"), "Asia/Kathmandu"), "2026-01-01");
  assert.equal(localDateOf(new Date("2026-01-01T18:15:00.000Z"), "Asia/Kathmandu"), "2026-01-02");
});

test("month ends and the leap day", () => {
  assertPeriod(periodOf("MONTHLY", "2026-01-31", "UTC"), "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z");
  assertPeriod(periodOf("MONTHLY", "2026-02-28", "UTC"), "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z");
  assertPeriod(periodOf("MONTHLY", "2028-02-29", "UTC"), "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z");
  assertPeriod(periodOf("DAILY", "2028-02-29", "America/New_York"), "2028-02-29T05:00:00.000Z", "2028-03-01T05:00:00.000Z");
  assert.deepEqual(localDatesBetween("2028-02-27", "2028-03-01"), ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
  assert.deepEqual(localDatesBetween("2026-02-27", "2026-03-01"), ["2026-02-27", "2026-02-28", "2026-03-01"]);
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.throws(() => periodOf("DAILY", "2026-02-29", "UTC"), /invalid date/);
});

test("quarter boundaries", () => {
  const zone = "America/New_York";
  assertPeriod(periodOf("QUARTERLY", "2026-03-31", zone), "2026-01-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z");
  assertPeriod(periodOf("QUARTERLY", "2026-04-01", zone), "2026-04-01T04:00:00.000Z", "2026-07-01T04:00:00.000Z");
  assertPeriod(periodOf("QUARTERLY", "2026-12-31", zone), "2026-10-01T04:00:00.000Z", "2027-01-01T05:00:00.000Z");
});

test("year end: ISO week 53 of 2026 and week 1 of 2025 span two years", () => {
  // 2026-12-28 (Mon) to 2027-01-04 (Mon) is ISO week 2026-W53.
  assertPeriod(periodOf("WEEKLY", "2027-01-03", "UTC"), "2026-12-28T00:00:00.000Z", "2027-01-04T00:00:00.000Z");
  assertPeriod(periodOf("WEEKLY", "2026-12-31", "UTC"), "2026-12-28T00:00:00.000Z", "2027-01-04T00:00:00.000Z");
  // 2025-W01 starts on Monday 2024-12-30.
  assertPeriod(periodOf("WEEKLY", "2024-12-31", "Europe/London"), "2024-12-30T00:00:00.000Z", "2025-01-06T00:00:00.000Z");
  assertPeriod(periodOf("ANNUAL", "2026-12-31", "UTC"), "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z");
  assertPeriod(periodOf("ANNUAL", "2027-01-01", "UTC"), "2027-01-01T00:00:00.000Z", "2028-01-01T00:00:00.000Z");
});

test("a zone whose clocks jump at midnight: the day starts at the first existing instant", () => {
  // America/Havana springs forward at 00:00 -> 01:00 on 2026-03-08.
  const day = periodOf("DAILY", "2026-03-08", "America/Havana");
  assertPeriod(day, "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z");
  assert.equal(startOfLocalDate("2026-03-08", "America/Havana").toISOString(), "2026-03-08T05:00:00.000Z");
});

test("the lab-local date of an instant depends on the zone", () => {
  const instant = new Date("2026-03-08T04:30:00Z");
  assert.equal(localDateOf(instant, "America/New_York"), "2026-03-07");
  assert.equal(localDateOf(instant, "Europe/London"), "2026-03-08");
  assert.equal(localDateOf(instant, "Australia/Sydney"), "2026-03-08");
  assert.throws(() => localDateOf(instant, "Mars/Olympus"), /unknown IANA time zone/);
});

test("periods covering a range of dates are distinct and contiguous", () => {
  const dates = localDatesBetween("2026-02-25", "2026-03-10");
  const periods = periodsCovering(dates, "America/New_York");
  const of = (f: string) => periods.filter((p) => p.frequency === f);
  assert.equal(of("DAILY").length, 14);
  assert.equal(of("WEEKLY").length, 3); // weeks of Feb 23, Mar 2, Mar 9
  assert.equal(of("MONTHLY").length, 2);
  assert.equal(of("QUARTERLY").length, 1);
  assert.equal(of("ANNUAL").length, 1);
  for (const frequency of ["DAILY", "WEEKLY", "MONTHLY"]) {
    const list = of(frequency);
    for (let i = 1; i < list.length; i++) assert.equal(iso(list[i]!.start), iso(list[i - 1]!.end), `${frequency} periods touch`);
  }
  assert.deepEqual(localDatesBetween("2026-03-02", "2026-03-01"), []);
});
