/**
 * The one definition of an instrument's calibration status (R-CAL), as an SQL fragment for
 * queries and a TypeScript predicate for rows already loaded. Lists, cards, the digest, reports
 * and labels use these; nothing else spells the words out. Dates are lab-local calendar dates:
 * "today" is `now` in the lab's zone.
 *
 * - out of tolerance: the last calibration failed (a point outside tolerance as left). Wins over
 *   every date: the instrument is not fit for use whatever its due date says.
 * - overdue: today is after the due date (calibrating ON the due date is on time).
 * - due soon: not overdue, and today is within the advance-notice window: due date − notice days ≤ today.
 * - in calibration: none of the above.
 * An instrument without an active plan is not in the register: status null ("not calibrated").
 */
import { Prisma } from "../db/client.ts";
import { labToday, minusDays } from "./interval.ts";

import { type CalibrationStatus } from "./status.words.ts";

export { CALIBRATION_STATUSES, CALIBRATION_STATUS_TEXT, type CalibrationStatus } from "./status.words.ts";

export interface PlanStatusFields {
  active: boolean;
  /** "YYYY-MM-DD" lab-local. */
  nextDueOn: string;
  noticeDays: number;
  lastResult: "PASS" | "FAIL" | null;
}

export function calibrationStatus(plan: PlanStatusFields | null | undefined, now: Date, timeZone: string): CalibrationStatus | null {
  if (!plan || !plan.active) return null;
  if (plan.lastResult === "FAIL") return "OUT_OF_TOLERANCE";
  const today = labToday(now, timeZone);
  if (today > plan.nextDueOn) return "OVERDUE";
  if (today >= minusDays(plan.nextDueOn, plan.noticeDays, timeZone)) return "DUE_SOON";
  return "IN_CALIBRATION";
}

/**
 * SQL on a `calibration_plan` alias (default `c`). `zone` is the SQL expression of the lab's
 * zone; by default a lookup through the plan's equipment. `status(now)` is a CASE giving the same
 * word as `calibrationStatus` (NULL without an active plan); the conditions let queries filter
 * and count.
 */
export function calibrationStatusSql(alias = "c", zone?: Prisma.Sql) {
  const c = Prisma.raw(alias);
  const labZone = zone ?? Prisma.sql`(SELECT z.time_zone FROM lab z JOIN equipment ze ON ze.lab_id = z.id WHERE ze.id = ${c}.equipment_id)`;
  const today = (now: Date) => Prisma.sql`((${now}::timestamptz AT TIME ZONE ${labZone})::date)`;
  const outOfTolerance = Prisma.sql`(${c}.active AND ${c}.last_result IS NOT DISTINCT FROM 'FAIL')`;
  const overdue = (now: Date) => Prisma.sql`(${c}.active AND ${c}.last_result IS DISTINCT FROM 'FAIL' AND ${today(now)} > ${c}.next_due_on)`;
  const dueSoon = (now: Date) =>
    Prisma.sql`(${c}.active AND ${c}.last_result IS DISTINCT FROM 'FAIL' AND ${today(now)} <= ${c}.next_due_on AND ${today(now)} >= ${c}.next_due_on - ${c}.notice_days)`;
  return {
    today,
    outOfTolerance,
    overdue,
    dueSoon,
    /** Due between today and `days` days from now (the digest's "due this week"), overdue excluded. */
    dueWithin: (now: Date, days: number) =>
      Prisma.sql`(${c}.active AND ${c}.last_result IS DISTINCT FROM 'FAIL' AND ${c}.next_due_on >= ${today(now)} AND ${c}.next_due_on < ${today(now)} + ${days}::int)`,
    status: (now: Date) => Prisma.sql`(CASE
      WHEN ${c}.equipment_id IS NULL OR NOT ${c}.active THEN NULL
      WHEN ${outOfTolerance} THEN 'OUT_OF_TOLERANCE'
      WHEN ${overdue(now)} THEN 'OVERDUE'
      WHEN ${dueSoon(now)} THEN 'DUE_SOON'
      ELSE 'IN_CALIBRATION' END)`,
  };
}
