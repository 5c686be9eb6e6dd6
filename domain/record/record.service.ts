import { awaitingReview, checkFailed } from "../activity/producers.ts";
import type { ServiceContext } from "../context.ts";
import { writeAudit } from "../audit/audit.service.ts";
import { requireItemRight } from "../access/guard.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import type { Action } from "../policy/policy.ts";
import { evaluateChecklist, overallResult, type EvaluatedResult, type TaskSnapshot } from "./checklist.ts";
import { applyCorrection } from "./correction.ts";
import { reviewRequired, reviewView, type ReviewView } from "../review/review.view.ts";
import { reviewAgainAfterAmendment } from "../review/requeue.ts";
import { AmendRecordInput, CompleteRecordInput, MarkNotRequiredInput, SignRecordInput } from "./record.schemas.ts";
import { recordAttachmentCount } from "../file/file.service.ts";
import { summaryOfLoaded, type RecordSummary } from "./record.view.ts";
import { amendmentHistory, snapshotOf, type AmendmentView, type RecordValues } from "./amendment.view.ts";
import { requireFreshAuthentication, wantsToSign } from "../signature/fresh-auth.ts";
import { sign, signaturesOf, signatureView } from "../signature/signature.service.ts";
import type { SignatureView } from "../signature/signature.types.ts";
import { amendmentSignedContent, recordSignedContent, signedContentOf } from "./record.content.ts";
import { afterFailedCheck } from "../corrective/corrective.open.ts";
import { failureText, formatCaNumber } from "../corrective/failure.ts";
import { noticesQueued } from "../installation/notice.service.ts";
import { can } from "../policy/policy.ts";

export { listRecords } from "./record.list.ts";

const recordInclude = {
  lab: { select: { code: true, timeZone: true, reviewRequired: true } },
  equipment: { select: { id: true, assetTag: true, location: true, modelId: true, model: { select: { name: true, reviewRequired: true } } } },
  completedBy: { select: { id: true, displayName: true } },
  notRequiredBy: { select: { id: true, displayName: true } },
  reviewedBy: { select: { id: true, displayName: true } },
  assignee: { select: { id: true, displayName: true } },
} as const;

async function loadRecord(ctx: ServiceContext, id: unknown, action: Action) {
  const recordId = parseId(id);
  const record = await ctx.db.pmRecord.findUnique({ where: { id: recordId }, include: recordInclude });
  if (!record) throw notFound("Record");
  requireItemRight(ctx, "record", action, record.labId, "Record");
  return record;
}

type LoadedRecord = Awaited<ReturnType<typeof loadRecord>>;


/** The model's active tasks for the record's frequency: the checklist of an open record. */
async function liveChecklist(ctx: ServiceContext, modelId: number, frequency: LoadedRecord["frequency"]): Promise<TaskSnapshot[]> {
  const tasks = await ctx.db.checklistTask.findMany({
    where: { modelId, frequency, active: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  return tasks.map((t, index) => ({ taskId: t.id, position: index + 1, title: t.title, kind: t.kind, unit: t.unit, min: t.min, max: t.max, required: t.required }));
}

export interface RecordDetail extends RecordSummary {
  completedVia: string | null;
  /** Who was asked to do this period's check (issue 14 §3); null: whoever answers for the instrument. */
  assignee: { id: number; displayName: string } | null;
  /** The active tasks while open; the snapshot taken at completion once completed. */
  checklist: TaskSnapshot[];
  results: (EvaluatedResult & { id: number })[];
  /** Oldest first; each with only the values it changed, before and after, and its signatures. */
  amendments: (AmendmentView & { signatures: SignatureView[] })[];
  /** R-SIGN: signatures on the record, each checked against the record as it is now. */
  signatures: SignatureView[];
  /** Completed, but no valid PERFORMED signature by the performer yet (e.g. completed from the bot). */
  awaitingSignature: boolean;
  /** The record as first completed (result, comment, every answer); null while open. */
  original: RecordValues | null;
  /** Current files attached to the record and its answers (R-FILE), for cards and the tab. */
  attachmentCount: number;
  /** Who closed the period as not required, when and why; null unless status is NOT_REQUIRED. */
  notRequired: { at: Date; by: { id: number; displayName: string } | null; reason: string } | null;
  /** Second-person review (R-REVIEW); null when the record needed none. */
  review: ReviewView | null;
  /**
   * A failed check (R-QUAR): what failed, the corrective action it opened or that is open for the
   * instrument, and whether this user is offered to take the instrument out of service. Null unless FAIL.
   */
  failure: { problem: string; correctiveAction: { id: number; number: string; status: string } | null; offerQuarantine: boolean } | null;
}

export async function getRecord(ctx: ServiceContext, id: unknown): Promise<RecordDetail> {
  const record = await loadRecord(ctx, id, "view");
  const [results, amendments] = await Promise.all([
    ctx.db.pmTaskResult.findMany({ where: { recordId: record.id }, orderBy: { position: "asc" } }),
    ctx.db.pmAmendment.findMany({ where: { recordId: record.id }, orderBy: { id: "asc" }, include: { actor: { select: { id: true, displayName: true } } } }),
  ]);
  const checklist =
    record.status === "OPEN"
      ? await liveChecklist(ctx, record.equipment.modelId, record.frequency)
      : results.map((r) => ({ taskId: r.taskId, position: r.position, title: r.title, kind: r.kind, unit: r.unit, min: r.min, max: r.max, required: r.required }));
  const attachmentCount = await recordAttachmentCount(ctx.db, record.id, results.map((r) => r.id));
  const current: RecordValues = { result: record.result, comment: record.comment, results: results.map(snapshotOf) };
  let failure: RecordDetail["failure"] = null;
  if (record.result === "FAIL") {
    const ca =
      (await ctx.db.correctiveAction.findFirst({ where: { triggerRecordId: record.id }, select: { id: true, number: true, status: true } })) ??
      (await ctx.db.correctiveAction.findFirst({ where: { equipmentId: record.equipment.id, status: "OPEN" }, select: { id: true, number: true, status: true } }));
    failure = {
      problem: failureText(results),
      correctiveAction: ca ? { id: ca.id, number: formatCaNumber(ca.number), status: ca.status } : null,
      offerQuarantine: ca === null && can(ctx.principal, "correctiveAction", "create", record.labId),
    };
  }
  const history = amendmentHistory(current, amendments);
  const lab = { code: record.lab.code, timeZone: record.lab.timeZone };
  const content = signedContentOf(record, results);
  const [recordSignatures, amendmentSignatures] = await Promise.all([
    signaturesOf(ctx.db, "record", [record.id]),
    signaturesOf(ctx.db, "amendment", amendments.map((a) => a.id)),
  ]);
  const signatures = (recordSignatures.get(String(record.id)) ?? []).map((s) => signatureView(s, content, lab));
  const amendmentViews = history.amendments.map((view) => {
    const stored = amendments.find((a) => a.id === view.id)!;
    return { ...view, signatures: (amendmentSignatures.get(String(view.id)) ?? []).map((s) => signatureView(s, amendmentSignedContent(stored), lab, "amendment")) };
  });
  return {
    ...summaryOfLoaded(record, ctx.clock.now()),
    completedVia: record.completedVia,
    assignee: record.assignee,
    checklist,
    results: results.map(({ recordId: _recordId, ...r }) => r),
    amendments: amendmentViews,
    signatures,
    awaitingSignature: record.status === "COMPLETED" && !signatures.some((s) => s.meaning === "PERFORMED" && s.valid && s.signerId === record.completedById),
    original: record.status === "COMPLETED" ? history.original : null,
    attachmentCount,
    notRequired:
      record.status === "NOT_REQUIRED" && record.notRequiredAt
        ? { at: record.notRequiredAt, by: record.notRequiredBy, reason: record.notRequiredReason ?? "" }
        : null,
    review: reviewView(record),
    failure,
  };
}

function closedAsNotRequired(): AppError {
  return new AppError("conflict", "This period was closed as not required; there is nothing to complete.");
}

function alreadyCompleted(completedBy: string | null, completedAt: Date | null): AppError {
  const who = completedBy ?? "someone";
  const when = completedAt ? completedAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "earlier";
  return new AppError("already_completed", `This checklist was already completed by ${who} at ${when}.`, { completedBy: who, completedAt });
}

/**
 * Completes an open record once: the answers are checked against the model's active tasks, then
 * a conditional update (status still OPEN) claims the record, so of two concurrent completions
 * exactly one wins; the other learns who completed it and when.
 */
export async function completeRecord(ctx: ServiceContext, id: unknown, input: unknown): Promise<RecordDetail> {
  const record = await loadRecord(ctx, id, "complete");
  const body = parseInput(CompleteRecordInput, input);
  if (record.status === "NOT_REQUIRED") throw closedAsNotRequired();
  if (record.status !== "OPEN") throw alreadyCompleted(record.completedBy?.displayName ?? null, record.completedAt);
  const tasks = await liveChecklist(ctx, record.equipment.modelId, record.frequency);
  const { results, problems } = evaluateChecklist(tasks, body.results);
  if (problems.length) throw validationFailed(problems, "The checklist is not complete or not valid.");
  const result = overallResult(results);
  const comment = body.comment ? body.comment : null;
  // Fixed now, so changing the lab's or model's setting later never rewrites a completed record.
  const reviewState = reviewRequired(record.lab, record.equipment.model) ? ("AWAITING" as const) : null;
  // R-SIGN: a request carrying a signing token completes AND signs (PERFORMED), or does neither.
  const proof = wantsToSign(ctx) ? await requireFreshAuthentication(ctx, { subject: { type: "record", id: record.id }, meaning: "PERFORMED", labId: record.labId }) : null;
  const now = ctx.clock.now();

  const ca = await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.pmRecord.updateMany({
      where: { id: record.id, status: "OPEN" },
      data: { status: "COMPLETED", completedAt: now, completedById: ctx.actor.userId, completedVia: ctx.actor.source, result, comment, reviewState },
    });
    if (claimed.count === 0) {
      const winner = await tx.pmRecord.findUnique({ where: { id: record.id }, include: { completedBy: { select: { displayName: true } } } });
      if (winner?.status === "NOT_REQUIRED") throw closedAsNotRequired();
      throw alreadyCompleted(winner?.completedBy?.displayName ?? null, winner?.completedAt ?? null);
    }
    await tx.pmTaskResult.createMany({ data: results.map((r) => ({ ...r, recordId: record.id })) });
    await writeAudit(tx, ctx.actor, now, {
      action: "record.completed",
      entityId: record.id,
      labId: record.labId,
      before: { status: "OPEN" },
      after: { status: "COMPLETED", result, comment, results: results.map(snapshotOf), ...(reviewState ? { reviewState } : {}) },
    });
    if (proof) await sign(tx, ctx, proof, { subject: { type: "record", id: record.id }, labId: record.labId, meaning: "PERFORMED", content: await recordSignedContent(tx, record.id) });
    const ref = { id: record.id, labId: record.labId, labCode: record.lab.code, number: record.number, assetTag: record.equipment.assetTag };
    if (reviewState === "AWAITING") await awaitingReview(tx, now, { ...ref, completedById: ctx.actor.userId }, `completed:${now.getTime()}`);
    if (result === "FAIL") await checkFailed(tx, ctx.actor, now, ref);
    // R-QUAR: the lab's setting may take the instrument out of service now, in this transaction.
    if (result !== "FAIL") return null;
    return afterFailedCheck(tx, ctx.actor, now, { labId: record.labId, labCode: record.lab.code, recordId: record.id, recordNumber: record.number, failedAt: now, answers: results });
  });
  if (ca) noticesQueued();
  return getRecord(ctx, record.id);
}

/**
 * A manager closes one open period without work, with a reason (the equipment was away, the
 * check was done under another record…). Needs the amend right; a completed record cannot be
 * closed so (409). The conditional update claims the record like completion does.
 */
export async function markNotRequired(ctx: ServiceContext, id: unknown, input: unknown): Promise<RecordDetail> {
  const record = await loadRecord(ctx, id, "amend");
  const body = parseInput(MarkNotRequiredInput, input);
  const notOpen = (status: string) =>
    status === "COMPLETED" ? new AppError("conflict", "This record is completed; a completed record cannot be marked not required.") : closedAsNotRequired();
  if (record.status !== "OPEN") throw notOpen(record.status);
  const actorId = requireUser(ctx);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.pmRecord.updateMany({
      where: { id: record.id, status: "OPEN" },
      data: { status: "NOT_REQUIRED", notRequiredAt: now, notRequiredById: actorId, notRequiredReason: body.reason, notRequiredCause: "MANAGER" },
    });
    if (claimed.count === 0) {
      const fresh = await tx.pmRecord.findUniqueOrThrow({ where: { id: record.id }, select: { status: true } });
      throw notOpen(fresh.status);
    }
    await writeAudit(tx, ctx.actor, now, {
      action: "record.not_required",
      entityId: record.id,
      labId: record.labId,
      before: { status: "OPEN" },
      after: { status: "NOT_REQUIRED", cause: "MANAGER" },
      reason: body.reason,
    });
  });
  return getRecord(ctx, record.id);
}

/**
 * Corrects a completed record with a reason. The corrected answers are checked against the
 * snapshot taken at completion (not today's tasks); the overall result is recomputed. The
 * amendment keeps the values before and after, and completion (who, when) stays as it was. A
 * record already reviewed goes back to the review queue (R-REVIEW): its review no longer matches.
 */
export async function amendRecord(ctx: ServiceContext, id: unknown, input: unknown): Promise<RecordDetail> {
  const record = await loadRecord(ctx, id, "amend");
  const body = parseInput(AmendRecordInput, input);
  if (record.status !== "COMPLETED") throw new AppError("conflict", "Only a completed record can be amended; complete it instead.");
  const actorId = requireUser(ctx);
  // R-SIGN: with a signing token the amendment is signed (PERFORMED) in the same transaction.
  const proof = wantsToSign(ctx) ? await requireFreshAuthentication(ctx, { subject: { type: "record", id: record.id }, meaning: "PERFORMED", labId: record.labId }) : null;
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const amendment = await applyCorrection(tx, ctx.actor, actorId, now, record, body);
    await reviewAgainAfterAmendment(tx, ctx.actor, now, record, body.reason);
    if (proof) await sign(tx, ctx, proof, { subject: { type: "amendment", id: amendment.id }, labId: record.labId, meaning: "PERFORMED", content: amendmentSignedContent(amendment) });
  });
  return getRecord(ctx, record.id);
}

/**
 * R-SIGN: the performer signs a completed record afterwards (a completion from the bot, which
 * cannot ask for a fresh sign-in, waits for this). Needs the request's fresh sign-in; only the
 * user who completed the record may sign it as performed.
 */
export async function signRecordPerformed(ctx: ServiceContext, id: unknown, input: unknown = { meaning: "PERFORMED" }): Promise<RecordDetail> {
  const record = await loadRecord(ctx, id, "complete");
  parseInput(SignRecordInput, input);
  if (record.status !== "COMPLETED") throw new AppError("conflict", "Only a completed record can be signed.");
  if (record.completedById !== ctx.actor.userId) throw forbidden("Only the person who completed this record can sign it as performed.");
  const proof = await requireFreshAuthentication(ctx, { subject: { type: "record", id: record.id }, meaning: "PERFORMED", labId: record.labId });
  await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM pm_record WHERE id = ${record.id} FOR UPDATE`;
    await sign(tx, ctx, proof, { subject: { type: "record", id: record.id }, labId: record.labId, meaning: "PERFORMED", content: await recordSignedContent(tx, record.id) });
  });
  return getRecord(ctx, record.id);
}

function requireUser(ctx: ServiceContext): number {
  if (ctx.actor.userId === null) throw forbidden("Amendments are made by a signed-in user.");
  return ctx.actor.userId;
}
