/**
 * What queues activity-feed notifications as things happen, each called inside the transaction
 * of the change it tells of (so a rolled-back change notifies nobody). The scheduled ones
 * (overdue, calibration due, escalation) are in sweep.ts.
 */
import type { Actor } from "../audit/events.ts";
import type { Tx } from "../db/client.ts";
import { formatCaNumber } from "../corrective/failure.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { enqueueActivity } from "./activity.outbox.ts";
import { labUsersWhoMay } from "./recipients.ts";

export interface RecordRef {
  id: number;
  labId: number;
  labCode: string;
  number: number;
  assetTag: string;
}

const recordItem = (r: RecordRef) => `${formatRecordNumber(r.labCode, r.number)} (${r.assetTag})`;

/** A record was assigned to someone (issue 14 §3): they are told, unless they assigned it to themselves. */
export async function recordAssigned(tx: Tx, actor: Actor, now: Date, record: RecordRef, assigneeId: number): Promise<void> {
  const item = recordItem(record);
  await enqueueActivity(
    tx,
    { key: `record.assigned:${record.id}:${now.getTime()}`, type: "assigned", recipientIds: [assigneeId], labId: record.labId, topic: item, subEntityId: `record:${record.id}`, previewText: `${actor.name} assigned you the check ${item}.`, parameters: { item } },
    now,
    actor.userId,
  );
}

/** A corrective action was opened for, or handed to, someone. */
export async function correctiveActionAssigned(tx: Tx, actor: Actor, now: Date, ca: { id: number; labId: number; labCode: string; number: number; assetTag: string; problem: string }, assigneeId: number): Promise<void> {
  const item = `${formatCaNumber(ca.number)} (${ca.assetTag})`;
  await enqueueActivity(
    tx,
    { key: `ca.assigned:${ca.id}:${now.getTime()}`, type: "assigned", recipientIds: [assigneeId], labId: ca.labId, topic: `${ca.labCode} ${item}`, subEntityId: `ca:${ca.id}`, previewText: `${actor.name} assigned you ${item}: ${ca.problem}`, parameters: { item } },
    now,
    actor.userId,
  );
}

/** A check failed: the instrument's responsible person and deputy are told (not whoever recorded it). */
export async function checkFailed(tx: Tx, actor: Actor, now: Date, record: RecordRef): Promise<void> {
  const equipment = await tx.pmRecord.findUniqueOrThrow({ where: { id: record.id }, select: { equipment: { select: { responsibleId: true, deputyId: true } } } });
  await enqueueActivity(
    tx,
    {
      key: `record.failed:${record.id}`,
      type: "checkFailed",
      recipientIds: [equipment.equipment.responsibleId, equipment.equipment.deputyId],
      labId: record.labId,
      topic: recordItem(record),
      subEntityId: `record:${record.id}`,
      previewText: `${actor.name} recorded a failed check ${recordItem(record)}.`,
      parameters: { instrument: record.assetTag },
    },
    now,
    actor.userId,
  );
}

/**
 * A completed record entered the review queue (R-REVIEW), first or after a correction: the
 * lab's reviewers are told, never its performer. `round` tells resubmissions apart.
 */
export async function awaitingReview(tx: Tx, now: Date, record: RecordRef & { completedById: number | null }, round: string): Promise<void> {
  const reviewers = await labUsersWhoMay(tx, record.labId, "record", "review");
  const item = recordItem(record);
  await enqueueActivity(
    tx,
    { key: `record.review:${record.id}:${round}`, type: "reviewRequested", recipientIds: reviewers, labId: record.labId, topic: item, subEntityId: "reviews", previewText: `${item} was completed and needs a second person's review.`, parameters: { item } },
    now,
    record.completedById,
  );
}
