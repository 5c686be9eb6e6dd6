import type { Tx } from "../db/client.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { Actor } from "../audit/events.ts";

/** Why a reviewed record awaits review again, as the queue, the record and the audit trail say it. */
export const AMENDED_AFTER_REVIEW = "Amended after review";

/**
 * R-REVIEW: a review is a signature on the record's content, and an amendment changes that
 * content, so a REVIEWED record goes back to AWAITING with the reason "Amended after review" (the
 * earlier REVIEWED signature stops matching on its own). A record still awaiting review stays in
 * the queue; a returned one waits for its performer's resubmission. Called inside the amendment's
 * transaction, after applyCorrection locked the record; the last decision (who, when, comment)
 * stays on the record. Returns whether the record was put back in the queue.
 */
export async function reviewAgainAfterAmendment(tx: Tx, actor: Actor, now: Date, record: { id: number; labId: number }, amendmentReason: string): Promise<boolean> {
  const reopened = await tx.pmRecord.updateMany({
    where: { id: record.id, status: "COMPLETED", reviewState: "REVIEWED" },
    data: { reviewState: "AWAITING", reviewReason: AMENDED_AFTER_REVIEW },
  });
  if (reopened.count === 0) return false;
  await writeAudit(tx, actor, now, {
    action: "record.review_reopened",
    entityId: record.id,
    labId: record.labId,
    before: { reviewState: "REVIEWED" },
    after: { reviewState: "AWAITING", reviewReason: AMENDED_AFTER_REVIEW },
    reason: amendmentReason,
  });
  return true;
}
