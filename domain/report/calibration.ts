/**
 * Calibration reports (R-CAL): status by lab, and the overdue and out-of-tolerance calibrations.
 * Reports are the "audit" area of the policy (scope.ts); status words come from
 * domain/calibration/status.ts through the register's own queries.
 */
import { calibrationStatusByLab, registerRows, type CalibrationRow } from "../calibration/calibration.list.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../input.ts";
import { ageingQuerySchema, type AgeingQuery } from "./report.schemas.ts";
import { checkLabFilter, FILTERS_INVALID, reportScope, type ReportAction } from "./scope.ts";

export interface CalibrationReport {
  generatedAt: string;
  byLab: Awaited<ReturnType<typeof calibrationStatusByLab>>;
  /** Overdue first by days overdue, then out of tolerance. */
  overdue: CalibrationRow[];
  outOfTolerance: CalibrationRow[];
}

export async function calibrationReport(ctx: ServiceContext, input: AgeingQuery = {}, action: ReportAction = "view"): Promise<CalibrationReport> {
  const allowed = reportScope(ctx, action);
  const query = parseInput(ageingQuerySchema, input, FILTERS_INVALID);
  checkLabFilter(ctx, action, query.labId);
  const scope = query.labId !== undefined ? [query.labId] : allowed;
  const now = ctx.clock.now();
  const [byLab, overdue, outOfTolerance] = await Promise.all([
    calibrationStatusByLab(ctx.db, scope, now),
    registerRows(ctx.db, scope, now, { status: "OVERDUE" }),
    registerRows(ctx.db, scope, now, { status: "OUT_OF_TOLERANCE" }),
  ]);
  return { generatedAt: now.toISOString(), byLab, overdue: overdue.items.sort((a, b) => b.daysOverdue - a.daysOverdue || a.assetTag.localeCompare(b.assetTag)), outOfTolerance: outOfTolerance.items };
}
