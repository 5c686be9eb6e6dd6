import assert from "node:assert/strict";
import { test } from "node:test";
import { addInterval, endOfDueDay, intervalText, labToday, minusDays } from "./interval.ts";
import { judgeCalibration, withinTolerance } from "./points.ts";
import { calibrationStatus } from "./status.ts";

const NY = "America/New_York";
const LONDON = "Europe/London";

test("a month after 31 January is the last day of February, in leap and common years", () => {
  assert.equal(addInterval("2027-01-31", { count: 1, unit: "MONTH" }, NY), "2027-02-28");
  assert.equal(addInterval("2028-01-31", { count: 1, unit: "MONTH" }, NY), "2028-02-29");
  assert.equal(addInterval("2027-03-31", { count: 3, unit: "MONTH" }, NY), "2027-06-30");
  assert.equal(addInterval("2027-08-31", { count: 6, unit: "MONTH" }, LONDON), "2028-02-29");
  // A year after 29 February 2028 is 28 February 2029.
  assert.equal(addInterval("2028-02-29", { count: 1, unit: "YEAR" }, NY), "2029-02-28");
  assert.equal(addInterval("2026-12-31", { count: 2, unit: "WEEK" }, NY), "2027-01-14");
  assert.equal(addInterval("2026-12-31", { count: 400, unit: "DAY" }, NY), "2028-02-04");
});

test("days across a DST change stay calendar days; the due day ends at lab-local midnight (23 or 25 hours long)", () => {
  // US clocks go forward on 8 March 2026, back on 1 November 2026; the UK's on 29 March and 25 October.
  assert.equal(addInterval("2026-03-01", { count: 7, unit: "DAY" }, NY), "2026-03-08");
  assert.equal(addInterval("2026-10-31", { count: 1, unit: "DAY" }, NY), "2026-11-01");
  assert.equal(addInterval("2026-03-28", { count: 1, unit: "WEEK" }, LONDON), "2026-04-04");
  const hours = (date: string, zone: string) => (endOfDueDay(date, zone).getTime() - endOfDueDay(minusDays(date, 1, zone), zone).getTime()) / 3_600_000;
  assert.equal(hours("2026-03-08", NY), 23);
  assert.equal(hours("2026-11-01", NY), 25);
  assert.equal(hours("2026-03-29", LONDON), 23);
  assert.equal(hours("2026-03-10", NY), 24);
  assert.equal(endOfDueDay("2026-03-08", NY).toISOString(), "2026-03-09T04:00:00.000Z");
  assert.equal(endOfDueDay("2026-03-07", NY).toISOString(), "2026-03-08T05:00:00.000Z");
});

test("today is the lab's date: 02:00 UTC is still yesterday in Boston", () => {
  assert.equal(labToday(new Date("2026-03-10T02:00:00Z"), NY), "2026-03-09");
  assert.equal(labToday(new Date("2026-03-10T02:00:00Z"), LONDON), "2026-03-10");
  assert.equal(intervalText({ count: 1, unit: "YEAR" }), "every year");
  assert.equal(intervalText({ count: 18, unit: "MONTH" }), "every 18 months");
});

test("status over time: in calibration → due soon → overdue at the lab's midnight; a failed calibration wins", () => {
  const plan = { active: true, nextDueOn: "2026-04-30", noticeDays: 14, lastResult: "PASS" as const };
  const at = (iso: string) => calibrationStatus(plan, new Date(iso), NY);
  assert.equal(at("2026-04-15T12:00:00Z"), "IN_CALIBRATION");
  // The notice window opens on 16 April, lab-local: 03:59 UTC on the 16th is still the 15th in Boston.
  assert.equal(at("2026-04-16T03:59:00Z"), "IN_CALIBRATION");
  assert.equal(at("2026-04-16T04:00:00Z"), "DUE_SOON");
  assert.equal(at("2026-04-30T23:00:00Z"), "DUE_SOON");
  assert.equal(at("2026-05-01T03:59:59Z"), "DUE_SOON");
  assert.equal(at("2026-05-01T04:00:00Z"), "OVERDUE");
  assert.equal(calibrationStatus({ ...plan, lastResult: "FAIL" }, new Date("2026-04-01T12:00:00Z"), NY), "OUT_OF_TOLERANCE");
  assert.equal(calibrationStatus({ ...plan, active: false }, new Date("2026-06-01T12:00:00Z"), NY), null);
  assert.equal(calibrationStatus(null, new Date("2026-06-01T12:00:00Z"), NY), null);
  assert.equal(calibrationStatus({ ...plan, noticeDays: 0 }, new Date("2026-04-30T12:00:00Z"), NY), "DUE_SOON");
  assert.equal(calibrationStatus({ ...plan, noticeDays: 0 }, new Date("2026-04-29T12:00:00Z"), NY), "IN_CALIBRATION");
});

test("points: within nominal ± tolerance inclusive; as left decides, as found says whether it was fit while in use", () => {
  assert.equal(withinTolerance(20.1, 20, 0.1), true);
  assert.equal(withinTolerance(19.9, 20, 0.1), true);
  assert.equal(withinTolerance(20.11, 20, 0.1), false);
  const adjusted = judgeCalibration([
    { nominal: 37, tolerance: 0.5, asFound: 37.8, asLeft: 37.1 },
    { nominal: 5, tolerance: 0.3, asFound: 5.1, asLeft: 5.1 },
  ]);
  assert.deepEqual([adjusted.result, adjusted.asFoundPass, adjusted.adjusted], ["PASS", false, true]);
  assert.deepEqual(adjusted.points.map((p) => [p.asFoundPass, p.asLeftPass]), [[false, true], [true, true]]);
  const failed = judgeCalibration([{ nominal: 5, tolerance: 0.3, asFound: 6.2 }]);
  assert.deepEqual([failed.result, failed.asFoundPass, failed.adjusted], ["FAIL", false, false]);
  const leftOnly = judgeCalibration([{ nominal: 100, tolerance: 1, asLeft: 100.5 }]);
  assert.deepEqual([leftOnly.result, leftOnly.asFoundPass], ["PASS", null]);
});
