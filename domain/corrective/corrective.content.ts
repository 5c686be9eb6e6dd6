import type { DbOrTx } from "../db/client.ts";

/**
 * R-SIGN: what the APPROVED signature on a corrective action's closure is bound to: which CA (lab,
 * number, instrument, failure), the problem, the whole log of actions taken, the verification
 * check, and the closure itself (who, when, the closing note). Any later change of these makes
 * the signature visibly stop matching. Read the same way at signing and at verification.
 */
export async function correctiveSignedContent(db: DbOrTx, caId: number): Promise<CorrectiveSignedContent> {
  const ca = await db.correctiveAction.findUnique({
    where: { id: caId },
    select: {
      id: true, labId: true, number: true, equipmentId: true, triggerRecordId: true, failedAt: true, problem: true, status: true,
      closedAt: true, closedById: true, closingNote: true, verificationRecordId: true,
    },
  });
  if (!ca) throw new Error(`corrective action ${caId} not found`);
  const actions = await db.correctiveActionEntry.findMany({ where: { caId }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { id: true, text: true, at: true, actorId: true } });
  return { type: "corrective_action", ...ca, actions };
}

export type CorrectiveSignedContent = { type: "corrective_action" } & Record<string, unknown>;
