import assert from "node:assert/strict";
import { test } from "node:test";
import { calibrationLine, digestCard } from "../../bot/cards/digest.ts";

test("the digest's calibration line counts from the register's numbers; nothing when all are zero", () => {
  assert.equal(calibrationLine({ dueThisWeek: 3, overdue: 1, outOfTolerance: 0 }), "3 calibrations due this week · 1 calibration overdue");
  assert.equal(calibrationLine({ dueThisWeek: 0, overdue: 0, outOfTolerance: 2 }), "2 instruments out of tolerance");
  assert.equal(calibrationLine({ dueThisWeek: 0, overdue: 0, outOfTolerance: 0 }), null);
  const card = digestCard({ title: "Daily maintenance digest", subtitle: "x", timeZone: "UTC", groups: [], now: new Date(), ref: { kind: "digest", at: new Date(0).toISOString() }, listUrl: "https://example.test", refresh: null, calibration: { dueThisWeek: 3, overdue: 0, outOfTolerance: 0 } });
  assert.ok(JSON.stringify(card).includes("3 calibrations due this week"));
});
