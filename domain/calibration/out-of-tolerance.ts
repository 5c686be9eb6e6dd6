/**
 * THE hook point where an out-of-tolerance calibration is detected (R-CAL → R-QUAR). Called by
 * `recordCalibration` inside its transaction, after the calibration, its points and the plan are
 * written, whenever the result is FAIL (still out of tolerance as left) or any point was found
 * out of tolerance (the instrument was unfit while in use, even if adjusted since). It audits the
 * finding, then does what a failed PM reading does (domain/corrective/calibration-failure.ts):
 * per the lab's setting, quarantine + corrective action now (FORCE) or an offer (OFFER), so they
 * commit or roll back with the calibration itself. Answers the CA opened or logged on, if any.
 */
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Tx } from "../db/client.ts";
import { afterOutOfTolerance } from "../corrective/calibration-failure.ts";
import type { OpenedCa } from "../corrective/corrective.open.ts";

export interface OutOfToleranceFinding {
  calibrationId: number;
  equipmentId: number;
  assetTag: string;
  labId: number;
  calibratedOn: string;
  /** FAIL: not fit for use now. PASS with asFoundPass false: fit now, but was not before the adjustment. */
  result: "PASS" | "FAIL";
  asFoundPass: boolean | null;
  /** The points outside tolerance, as found or as left. */
  failedPoints: { name: string; unit: string; nominal: number; tolerance: number; asFound: number | null; asLeft: number | null; asFoundPass: boolean | null; asLeftPass: boolean | null }[];
}

export function isOutOfTolerance(result: "PASS" | "FAIL", asFoundPass: boolean | null): boolean {
  return result === "FAIL" || asFoundPass === false;
}

export async function outOfToleranceFound(tx: Tx, ctx: ServiceContext, at: Date, finding: OutOfToleranceFinding): Promise<OpenedCa | null> {
  await writeAudit(tx, ctx.actor, at, {
    action: "calibration.out_of_tolerance",
    entityId: finding.calibrationId,
    labId: finding.labId,
    after: { equipmentId: finding.equipmentId, assetTag: finding.assetTag, calibratedOn: finding.calibratedOn, result: finding.result, asFoundPass: finding.asFoundPass, failedPoints: finding.failedPoints },
  });
  return afterOutOfTolerance(tx, ctx, at, {
    calibrationId: finding.calibrationId,
    equipmentId: finding.equipmentId,
    labId: finding.labId,
    calibratedOn: finding.calibratedOn,
    result: finding.result,
    points: finding.failedPoints,
  });
}
