import { createHash } from "node:crypto";
import { labIdIn, requireRight, requireSomeLab } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import { conflict, notFound } from "../errors.ts";
import { parseInput } from "../input.ts";
import { addDays, startOfLocalDate } from "../periods/periods.ts";
import { labDays, labTime, sortableLabTime, zoneLabel } from "../time/format.ts";
import { requireFreshAuthentication } from "../signature/fresh-auth.ts";
import { sign, signaturesOf, signatureView } from "../signature/signature.service.ts";
import { EXCEPTION_KINDS, type ExceptionKind, type TrailException } from "./exceptions.ts";
import { TrailReviewQuery, TrailSignOffInput } from "./trail.schemas.ts";

/**
 * The periodic review of the audit trail (EU GMP Annex 11 §9): for one lab and a period of
 * lab-local days, the exceptions QA must look at, counted by kind, with the sign-offs already
 * given. The content hash binds a sign-off to what was reviewed: a later event in the period
 * (a late amendment) changes the report, and the sign-off shows it no longer matches.
 */
export async function getTrailReview(ctx: ServiceContext, filters: unknown) {
  requireSomeLab(ctx, "audit", "view");
  const query = parseInput(TrailReviewQuery, filters);
  requireRight(ctx, "audit", "view", query.labId, { what: "Lab" });
  return buildReview(ctx, query);
}

export type TrailReview = Awaited<ReturnType<typeof getTrailReview>>;
export type TrailSignOffView = TrailReview["signOffs"][number];

async function buildReview(ctx: ServiceContext, query: { labId: number; from: string; to: string }) {
  const lab = await ctx.db.lab.findUnique({ where: { id: query.labId }, select: { id: true, code: true, name: true, timeZone: true } });
  if (!lab) throw notFound("Lab");
  const window = { labId: lab.id, labCode: lab.code, start: startOfLocalDate(query.from, lab.timeZone), end: startOfLocalDate(addDays(query.to, 1), lab.timeZone) };
  const found = await Promise.all(EXCEPTION_KINDS.map(async (k) => (await k.find(ctx.db, window)).map((row): TrailException => ({ kind: k.kind, ...row }))));
  const exceptions = found.flat();
  const counts = Object.fromEntries(EXCEPTION_KINDS.map((k, i) => [k.kind, found[i]!.length])) as Record<ExceptionKind, number>;
  const contentHash = reviewHash(lab.id, query.from, query.to, exceptions);
  const signOffs = await ctx.db.trailReviewSignOff.findMany({ where: { labId: lab.id, periodFrom: query.from, periodTo: query.to }, orderBy: { signedAt: "asc" } });
  const signatures = await signaturesOf(ctx.db, "audit_review", signOffs.map((s) => s.id));
  return {
    lab,
    from: query.from,
    to: query.to,
    /**
     * The instants the period spans (from the lab's midnight starting `from` to the one ending `to`),
     * and its heading: the days picked, "Nov 1 – 30, 2026 (BOS time)". Not part of the hash.
     */
    window: { start: window.start, end: window.end, text: labDays(query.from, query.to, lab) },
    kinds: EXCEPTION_KINDS.map((k) => ({ kind: k.kind, label: k.label, count: counts[k.kind] })),
    total: exceptions.length,
    exceptions: exceptions.map((e) => ({ ...e, label: EXCEPTION_KINDS.find((k) => k.kind === e.kind)!.label, atText: labTime(e.at, lab) })),
    contentHash,
    signOffs: signOffs.map((s) => ({
      id: s.id,
      meaning: s.meaning,
      signer: { id: s.signerId, name: s.signerName },
      signedAt: s.signedAt,
      signedAtText: labTime(s.signedAt, lab),
      comment: s.comment,
      exceptions: s.exceptions,
      contentHash: s.contentHash,
      /** False once the period's exceptions changed after the sign-off. */
      matches: s.contentHash === contentHash,
      /** The electronic signature (R-SIGN), checked against the report as it is now. */
      signatures: (signatures.get(String(s.id)) ?? []).map((sig) => signatureView(sig, signedContent(lab.id, query.from, query.to, contentHash), lab, "report")),
    })),
  };
}

/** What a sign-off's signature is bound to: the lab, the period and the report's hash. */
function signedContent(labId: number, from: string, to: string, reportHash: string) {
  return { labId, from, to, reportHash };
}

/** SHA-256 of a canonical serialization of what the reviewer sees: lab, period and every exception in order. */
export function reviewHash(labId: number, from: string, to: string, exceptions: readonly TrailException[]): string {
  const canonical = JSON.stringify({
    labId,
    from,
    to,
    exceptions: exceptions.map((e) => [e.kind, e.at.toISOString(), e.reference, e.assetTag, e.actor, e.detail, e.auditSeq]),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * QA signs the review off with a meaning (REVIEWED or APPROVED). The hash sent must be the
 * report's current one: signing a report that changed since it was read is refused (409), so
 * the sign-off always covers what the reviewer saw. Stored with its audit event in one
 * transaction.
 */
export async function signOffTrailReview(ctx: ServiceContext, input: unknown) {
  // Authorized before validation (a caller without the right learns nothing of the body), and again at the validated lab.
  const onlyQa = { what: "Lab", message: "Only QA (Global or Local Audit) signs off an audit-trail review." };
  requireRight(ctx, "audit", "signOff", labIdIn(input, "labId"), onlyQa);
  const body = parseInput(TrailSignOffInput, input);
  requireRight(ctx, "audit", "signOff", body.labId, onlyQa);
  const query = parseInput(TrailReviewQuery, { labId: body.labId, from: body.from, to: body.to });
  // Fresh authentication before the transaction: a refusal is audited even though nothing is signed.
  const subject = { type: "audit_review" as const, id: `${body.labId}:${query.from}:${query.to}` };
  const proof = await requireFreshAuthentication(ctx, { subject, meaning: body.meaning, labId: body.labId });
  const review = await buildReview(ctx, query);
  if (review.contentHash !== body.contentHash) {
    throw conflict("The report changed since you opened it. Reload it, look at the exceptions again and sign again.", { fields: [{ field: "contentHash", message: "Does not match the report now." }], contentHash: review.contentHash });
  }
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const signOff = await tx.trailReviewSignOff.create({
      data: { labId: body.labId, periodFrom: query.from, periodTo: query.to, contentHash: body.contentHash, exceptions: review.total, meaning: body.meaning, signerId: ctx.principal.userId, signerName: ctx.principal.displayName, signedAt: now, comment: body.comment },
    });
    await writeAudit(tx, ctx.actor, now, {
      action: "trail.signed_off",
      entityId: signOff.id,
      labId: body.labId,
      after: { from: query.from, to: query.to, meaning: body.meaning, contentHash: body.contentHash, exceptions: review.total, counts: Object.fromEntries(review.kinds.map((k) => [k.kind, k.count])) },
      reason: body.comment,
    });
    await sign(tx, ctx, proof, { subject: { type: "audit_review", id: signOff.id }, labId: body.labId, meaning: body.meaning, content: signedContent(body.labId, query.from, query.to, body.contentHash) });
  });
  return buildReview(ctx, query);
}

/** The lab's wall clock, sortable, its zone named in the header ("at (BOS time)"), then UTC. */
const csvHeaders = (labCode: string) => ["kind", `at ${zoneLabel(labCode)}`, "at (UTC)", "reference", "asset tag", "by", "detail", "audit seq"];

/** The review as CSV rows (the route writes them through domain/report/csv.ts): exceptions, then counts and sign-offs. */
export async function trailReviewExport(ctx: ServiceContext, filters: unknown) {
  requireSomeLab(ctx, "audit", "export");
  const query = parseInput(TrailReviewQuery, filters);
  requireRight(ctx, "audit", "export", query.labId, { what: "Lab" });
  const review = await buildReview(ctx, query);
  const rows: (string | number | null)[][] = review.exceptions.map((e) => [e.label, sortableLabTime(e.at, review.lab.timeZone), e.at.toISOString(), e.reference, e.assetTag, e.actor, e.detail, e.auditSeq]);
  rows.push([]);
  for (const k of review.kinds) rows.push(["count", k.label, k.count]);
  rows.push(["report SHA-256", review.contentHash]);
  for (const s of review.signOffs) rows.push([`sign-off: ${s.signatures[0]?.text ?? s.meaning}`, sortableLabTime(s.signedAt, review.lab.timeZone), s.signedAt.toISOString(), s.meaning, null, s.signer.name, s.matches ? `matches this report${s.comment ? `; ${s.comment}` : ""}` : "no longer matches this report", s.contentHash]);
  return { headers: csvHeaders(review.lab.code), rows, filename: `labkeep-trail-review-${review.lab.code}-${review.from}-${review.to}.csv` };
}
