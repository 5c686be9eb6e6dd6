import assert from "node:assert/strict";
import { test } from "node:test";
import { quietUntil } from "./quiet-hours.ts";

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

test("quiet hours within a day: held until their end, in the person's zone", () => {
  const q = { start: "12:00", end: "13:30" };
  // 12:10 in New York (EST, UTC−5) on 2026-01-15.
  assert.equal(iso(quietUntil(at("2026-01-15T17:10:00Z"), q, "America/New_York")), "2026-01-15T18:30:00.000Z");
  assert.equal(quietUntil(at("2026-01-15T18:30:00Z"), q, "America/New_York"), null, "the end minute is free");
  assert.equal(quietUntil(at("2026-01-15T16:59:00Z"), q, "America/New_York"), null);
});

test("quiet hours across midnight: before midnight they end the next morning, after it the same morning", () => {
  const q = { start: "22:00", end: "07:00" };
  assert.equal(iso(quietUntil(at("2026-01-15T23:30:00Z"), q, "Europe/London")), "2026-01-16T07:00:00.000Z");
  assert.equal(iso(quietUntil(at("2026-01-16T03:00:00Z"), q, "Europe/London")), "2026-01-16T07:00:00.000Z");
  assert.equal(quietUntil(at("2026-01-16T12:00:00Z"), q, "Europe/London"), null);
});

test("the end is lab-local across a daylight-saving change; no quiet hours when unset or equal", () => {
  // London moves to BST (UTC+1) on 2026-03-29 at 01:00 UTC: 07:00 local is 06:00 UTC that morning.
  assert.equal(iso(quietUntil(at("2026-03-28T23:00:00Z"), { start: "22:00", end: "07:00" }, "Europe/London")), "2026-03-29T06:00:00.000Z");
  assert.equal(quietUntil(at("2026-03-28T23:00:00Z"), { start: null, end: null }, "Europe/London"), null);
  assert.equal(quietUntil(at("2026-03-28T23:00:00Z"), { start: "08:00", end: "08:00" }, "Europe/London"), null);
});
