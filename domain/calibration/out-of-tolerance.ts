/**
 * THE hook point where an out-of-tolerance calibration is detected (R-CAL → R-QUAR). Called by
 * `recordCalibration` inside its transaction, after the calibration, its points and the plan are
 * written, whenever the result is FAIL (still out of tolerance as left) or any point was found
 * out of tolerance (the instrument was unfit while in use, even if adjusted since). Quarantine and
 * corrective action (domain/quarantine on wt-quar) extend this function, so they commit or roll
 * back with the calibration itself. Today it records the finding in the audit trail.
 */
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Tx } from "../db/client.ts";

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

export async function outOfToleranceFound(tx: Tx, ctx: ServiceContext, at: Date, finding: OutOfToleranceFinding): Promise<void> {
  await writeAudit(tx, ctx.actor, at, {
    action: "calibration.out_of_tolerance",
    entityId: finding.calibrationId,
    labId: finding.labId,
    after: { equipmentId: finding.equipmentId, assetTag: finding.assetTag, calibratedOn: finding.calibratedOn, result: finding.result, asFoundPass: finding.asFoundPass, failedPoints: finding.failedPoints },
  });
}
