/**
 * Pass/fail of calibration points (R-CAL), computed here only: a value passes when it lies within
 * nominal ± tolerance. A calibration fails when any point's final value (as left, or as found when
 * nothing was left) is outside; `asFoundPass` says whether the instrument was in tolerance while
 * it was being used before this calibration (what an impact assessment asks).
 */
export interface PointValues {
  nominal: number;
  tolerance: number;
  asFound?: number | null;
  asLeft?: number | null;
}

/** Binary floating point: 20.1 − 20 is 0.10000000000000142; that must still be within ± 0.1. */
const EPSILON = 1e-9;

export function withinTolerance(value: number, nominal: number, tolerance: number): boolean {
  return Math.abs(value - nominal) <= tolerance + EPSILON * Math.max(1, Math.abs(nominal));
}

export function judgePoint(point: PointValues): { asFoundPass: boolean | null; asLeftPass: boolean | null; finalPass: boolean } {
  const asFoundPass = point.asFound == null ? null : withinTolerance(point.asFound, point.nominal, point.tolerance);
  const asLeftPass = point.asLeft == null ? null : withinTolerance(point.asLeft, point.nominal, point.tolerance);
  return { asFoundPass, asLeftPass, finalPass: (asLeftPass ?? asFoundPass) === true };
}

export function judgeCalibration(points: readonly PointValues[]) {
  const judged = points.map(judgePoint);
  const found = judged.filter((p) => p.asFoundPass !== null);
  return {
    points: judged,
    result: judged.every((p) => p.finalPass) ? ("PASS" as const) : ("FAIL" as const),
    asFoundPass: found.length === 0 ? null : found.every((p) => p.asFoundPass),
    /** Adjusted when any point was left at a value other than the one found. */
    adjusted: points.some((p) => p.asLeft != null && p.asFound != null && p.asLeft !== p.asFound),
  };
}
