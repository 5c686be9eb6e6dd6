/**
 * Second-person review of completed records (R-REVIEW, 21 CFR 211.182 "checked by a second
 * person"). A record completed where review is required waits in AWAITING; a reviewer (the
 * `review` right: Managers and Administrators of the record's lab) reviews it with an optional
 * comment, or returns it to the performer with a reason; the performer corrects it (an amendment)
 * and resubmits. The reviewer is never the performer. Each decision and its audit event are
 * written in one transaction, and a conditional update makes the first of two decisions win.
 */
import { awaitingReview } from "../activity/producers.ts";
import type { ServiceContext } from "../context.ts";
import { writeAudit } from "../audit/audit.service.ts";
import { requireItemRight, requireScope } from "../access/guard.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { parseId, parseInput } from "../input.ts";
import type { Page } from "../page.ts";
import { labScope } from "../policy/policy.ts";
import { applyCorrection } from "../record/correction.ts";
import { recordSignedContent } from "../record/record.content.ts";
import { requireFreshAuthentication } from "../signature/fresh-auth.ts";
import { sign } from "../signature/signature.service.ts";
import { getRecord, type RecordDetail } from "../record/record.service.ts";
import { summaryOfLoaded, type RecordSummary } from "../record/record.view.ts";
import { ResubmitRecordInput, ReturnRecordInput, ReviewQueueQuery, ReviewRecordInput } from "./review.schemas.ts";
import { reviewView, type ReviewView } from "./review.view.ts";

const include = {
  lab: { select: { code: true, timeZone: true } },
  equipment: { select: { id: true, assetTag: true, location: true, model: { select: { name: true } } } },
  completedBy: { select: { id: true, displayName: true } },
  reviewedBy: { select: { id: true, displayName: true } },
} as const;

async function load(ctx: ServiceContext, id: unknown, action: "view" | "complete" | "review") {
  const record = await ctx.db.pmRecord.findUnique({ where: { id: parseId(id) }, include });
  if (!record) throw notFound("Record");
  requireItemRight(ctx, "record", action, record.labId, "Record");
  return record;
}
type Loaded = Awaited<ReturnType<typeof load>>;

export interface ReviewQueueItem extends RecordSummary {
  review: ReviewView;
}

function item(record: Loaded, now: Date): ReviewQueueItem {
  return { ...summaryOfLoaded(record, now), review: reviewView(record)! };
}

function requireUser(ctx: ServiceContext, what: string): number {
  if (ctx.actor.userId === null) throw forbidden(`${what} is done by a signed-in user.`);
  return ctx.actor.userId;
}

/** 21 CFR 211.182: the check is by a second person. The same words for the API and the bot. */
export function performerCannotReview(): AppError {
  return new AppError("forbidden", "You completed this record, so you cannot review or return it: a second person must check it.", { reason: "performer" });
}

function notAwaiting(record: Pick<Loaded, "status" | "reviewState" | "reviewedAt"> & { reviewedBy: { displayName: string } | null }): AppError {
  const who = record.reviewedBy?.displayName ?? "someone";
  const when = record.reviewedAt ? record.reviewedAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "earlier";
  if (record.status !== "COMPLETED") return new AppError("conflict", "This record is not completed; there is nothing to review yet.");
  if (record.reviewState === null) return new AppError("conflict", "This record does not require review.");
  if (record.reviewState === "REVIEWED") return new AppError("conflict", `This record was already reviewed by ${who} at ${when}.`, { reviewedBy: who });
  return new AppError("conflict", `This record was returned to its performer by ${who} at ${when}; it can be reviewed once resubmitted.`, { returnedBy: who });
}

/**
 * A decision on a record awaiting review. Authorizes before it validates (a caller without the
 * right learns nothing about the body), then refuses the performer, then checks the state.
 */
async function decide(ctx: ServiceContext, id: unknown, decision: "REVIEWED" | "RETURNED", parse: () => string | null): Promise<RecordDetail> {
  const record = await load(ctx, id, "review");
  const text = parse();
  const reviewerId = requireUser(ctx, "A review");
  if (record.completedById === reviewerId) throw performerCannotReview();
  if (record.status !== "COMPLETED" || record.reviewState !== "AWAITING") throw notAwaiting(record);
  // R-SIGN: reviewing is an electronic signature meaning REVIEWED, so it needs the reviewer's
  // fresh sign-in (checked before the transaction, so a refusal stays audited). A return is not
  // a signature: it records a reason and sends the record back, and signs nothing.
  const subject = { type: "record" as const, id: record.id };
  const proof = decision === "REVIEWED" ? await requireFreshAuthentication(ctx, { subject, meaning: "REVIEWED", labId: record.labId }) : null;
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.pmRecord.updateMany({
      where: { id: record.id, status: "COMPLETED", reviewState: "AWAITING" },
      data: { reviewState: decision, reviewedById: reviewerId, reviewedAt: now, reviewComment: text, reviewReason: null },
    });
    if (claimed.count === 0) {
      const fresh = await tx.pmRecord.findUniqueOrThrow({ where: { id: record.id }, include: { reviewedBy: { select: { displayName: true } } } });
      throw notAwaiting(fresh);
    }
    await writeAudit(tx, ctx.actor, now, {
      action: decision === "REVIEWED" ? "record.reviewed" : "record.returned",
      entityId: record.id,
      labId: record.labId,
      before: { reviewState: "AWAITING" },
      after: { reviewState: decision, ...(decision === "REVIEWED" && text ? { comment: text } : {}) },
      reason: decision === "RETURNED" ? text : null,
    });
    // Bound to the record's content as reviewed: a later amendment visibly invalidates it.
    if (proof) await sign(tx, ctx, proof, { subject, labId: record.labId, meaning: "REVIEWED", content: await recordSignedContent(tx, record.id) });
  });
  return getRecord(ctx, record.id);
}

/**
 * Reviews a record awaiting review, with an optional comment, and signs it REVIEWED (needs the
 * request's fresh sign-in): from now on it counts as done.
 */
export async function reviewRecord(ctx: ServiceContext, id: unknown, input: unknown): Promise<RecordDetail> {
  return decide(ctx, id, "REVIEWED", () => parseInput(ReviewRecordInput, input ?? {}).comment || null);
}

/** Returns a record awaiting review to its performer, with the reason they are shown. */
export async function returnRecord(ctx: ServiceContext, id: unknown, input: unknown): Promise<RecordDetail> {
  return decide(ctx, id, "RETURNED", () => parseInput(ReturnRecordInput, input).reason);
}

/**
 * The performer answers a return: corrected answers or comment are written as an amendment (the
 * note is its reason), and the record awaits review again. Only the performer resubmits.
 */
export async function resubmitRecord(ctx: ServiceContext, id: unknown, input: unknown): Promise<RecordDetail> {
  const record = await load(ctx, id, "complete");
  const body = parseInput(ResubmitRecordInput, input);
  const userId = requireUser(ctx, "A resubmission");
  if (record.completedById !== userId) throw forbidden("Only the person who completed this record can resubmit it.");
  if (record.reviewState !== "RETURNED") throw new AppError("conflict", "This record was not returned for correction; there is nothing to resubmit.");
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.pmRecord.updateMany({ where: { id: record.id, reviewState: "RETURNED" }, data: { reviewState: "AWAITING" } });
    if (claimed.count === 0) throw new AppError("conflict", "This record was already resubmitted.");
    const corrects = (body.results?.length ?? 0) > 0 || body.comment !== undefined;
    if (corrects) await applyCorrection(tx, ctx.actor, userId, now, record, { reason: body.note, results: body.results, comment: body.comment });
    await writeAudit(tx, ctx.actor, now, {
      action: "record.resubmitted",
      entityId: record.id,
      labId: record.labId,
      before: { reviewState: "RETURNED" },
      after: { reviewState: "AWAITING", corrected: corrects },
      reason: body.note,
    });
    await awaitingReview(tx, now, { id: record.id, labId: record.labId, labCode: record.lab.code, number: record.number, assetTag: record.equipment.assetTag, completedById: record.completedById }, `resubmitted:${now.getTime()}`);
  });
  return getRecord(ctx, record.id);
}

/**
 * The review queue, oldest completion first: `awaiting` lists records the principal may review
 * (the review right at the lab, someone else performed them); `returned` lists the principal's
 * own records returned to them for correction.
 */
export async function listReviewQueue(ctx: ServiceContext, input: unknown = {}): Promise<Page<ReviewQueueItem>> {
  const query = parseInput(ReviewQueueQuery, input ?? {});
  const me = requireUser(ctx, "The review queue");
  // Returned records go back to performers: those who may complete records.
  const right = query.view === "awaiting" ? "review" : "complete";
  const scope = requireScope(ctx, "record", right, query.labId, query.view === "awaiting" ? "Only Managers and Administrators review records." : undefined);
  const labs = scope === "all" ? {} : { labId: { in: [...scope] } };
  const where =
    query.view === "awaiting"
      ? { ...labs, status: "COMPLETED" as const, reviewState: "AWAITING" as const, OR: [{ completedById: null }, { completedById: { not: me } }] }
      : { ...labs, status: "COMPLETED" as const, reviewState: "RETURNED" as const, completedById: me };
  const [rows, total] = await ctx.db.$transaction([
    ctx.db.pmRecord.findMany({ where, include, orderBy: [{ completedAt: "asc" }, { id: "asc" }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    ctx.db.pmRecord.count({ where }),
  ]);
  const now = ctx.clock.now();
  return { items: rows.map((r) => item(r, now)), total, page: query.page, pageSize: query.pageSize };
}

export interface ReviewCounts {
  /** Records awaiting the principal's review, per lab (labs with none left out), by lab code. */
  awaiting: { labId: number; labCode: string; count: number }[];
  awaitingTotal: number;
  /** The principal's own records returned to them for correction. */
  returned: number;
}

/** What the bot's review card and the digest say: counted from the same conditions as the queue. */
export async function reviewCounts(ctx: ServiceContext): Promise<ReviewCounts> {
  const me = ctx.actor.userId;
  if (me === null) return { awaiting: [], awaitingTotal: 0, returned: 0 };
  const scope = labScope(ctx.principal, "record", "review");
  const labs = scope === "all" ? {} : { labId: { in: [...scope] } };
  const hasLabs = scope === "all" || scope.length > 0;
  const viewScope = labScope(ctx.principal, "record", "view");
  const visible = viewScope === "all" ? {} : { labId: { in: [...viewScope] } };
  const [grouped, returned] = await Promise.all([
    hasLabs
      ? ctx.db.pmRecord.groupBy({ by: ["labId"], where: { ...labs, status: "COMPLETED", reviewState: "AWAITING", OR: [{ completedById: null }, { completedById: { not: me } }] }, _count: { _all: true } })
      : Promise.resolve([]),
    ctx.db.pmRecord.count({ where: { ...visible, status: "COMPLETED", reviewState: "RETURNED", completedById: me } }),
  ]);
  const codes = new Map((await ctx.db.lab.findMany({ where: { id: { in: grouped.map((g) => g.labId) } }, select: { id: true, code: true } })).map((l) => [l.id, l.code]));
  const awaiting = grouped
    .map((g) => ({ labId: g.labId, labCode: codes.get(g.labId) ?? "", count: g._count._all }))
    .sort((a, b) => a.labCode.localeCompare(b.labCode));
  return { awaiting, awaitingTotal: awaiting.reduce((sum, a) => sum + a.count, 0), returned };
}
