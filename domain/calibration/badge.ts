/**
 * The calibration badge as doors other than the tab show it (bot cards): the status from the one
 * predicate (status.ts) and the plan's next due date, a lab-local calendar date. Read here so the
 * cards never reach into the register themselves.
 */
import type { ServiceContext } from "../context.ts";
import { can } from "../policy/policy.ts";
import { calendarDay, zoneLabel } from "../time/format.ts";
import { isoDateOf } from "./interval.ts";
import { calibrationStatus } from "./status.ts";
import { CALIBRATION_STATUS_TEXT, type CalibrationStatus } from "./status.words.ts";

export interface CalibrationBadge {
  status: CalibrationStatus;
  /** "YYYY-MM-DD", lab-local. */
  nextDueOn: string;
}

interface PlanRow {
  active: boolean;
  nextDueOn: Date;
  noticeDays: number;
  lastResult: "PASS" | "FAIL" | null;
}

/** Null when the instrument has no active plan (not in the register). */
export function badgeOf(plan: PlanRow | null | undefined, now: Date, timeZone: string): CalibrationBadge | null {
  if (!plan) return null;
  const fields = { ...plan, nextDueOn: isoDateOf(plan.nextDueOn) };
  const status = calibrationStatus(fields, now, timeZone);
  return status ? { status, nextDueOn: fields.nextDueOn } : null;
}

/** "Overdue · next due Nov 3, 2026 (BOS time)": the date is the lab's calendar day, so the lab is named. */
export function calibrationBadgeText(badge: CalibrationBadge, labCode: string): string {
  return `${CALIBRATION_STATUS_TEXT[badge.status]} · next due ${calendarDay(badge.nextDueOn)} ${zoneLabel(labCode)}`;
}

/** The badge of one instrument for this viewer: null when not in the register or the viewer may not view calibrations there. */
export async function instrumentCalibration(ctx: ServiceContext, equipmentId: number): Promise<CalibrationBadge | null> {
  const e = await ctx.db.equipment.findUnique({
    where: { id: equipmentId },
    select: { labId: true, lab: { select: { timeZone: true } }, calibrationPlan: { select: { active: true, nextDueOn: true, noticeDays: true, lastResult: true } } },
  });
  if (!e || !can(ctx.principal, "calibration", "view", e.labId)) return null;
  return badgeOf(e.calibrationPlan, ctx.clock.now(), e.lab.timeZone);
}
