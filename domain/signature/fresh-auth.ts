import type { ServiceContext } from "../context.ts";
import { writeAudit } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import type { SignatureMeaning, SignatureSubject, SigningProof, SigningRefusal } from "./signature.types.ts";

/** A sign-in stamped a little in the future is clock skew between machines, not an attack. */
const FUTURE_SKEW_MS = 60_000;

const MESSAGES: Record<SigningRefusal, string> = {
  wrong_pin: "That PIN is not right. Enter your PIN to sign.",
  missing: "Signing needs you to confirm who you are: sign in again to sign.",
  token_invalid: "The sign-in to sign could not be verified. Sign in again to sign.",
  not_a_user: "Only a signed-in user can sign.",
  another_user: "That sign-in belongs to someone else: a signature can only be made by the signed-in user.",
  user_disabled: "Your account is disabled, so you cannot sign.",
  no_auth_time: "That sign-in does not say when you authenticated. Sign in again to sign.",
  stale: "Your sign-in is too old to sign with. Sign in again to sign.",
  future: "That sign-in is dated in the future. Sign in again to sign.",
};

function refusalOf(ctx: ServiceContext): SigningRefusal | null {
  const evidence = ctx.signing;
  if (!evidence) return "missing";
  if (evidence.problem) return "token_invalid";
  if (ctx.actor.userId === null) return "not_a_user";
  if (evidence.aadObjectId !== ctx.principal.aadObjectId) return "another_user";
  if (ctx.principal.status !== "ACTIVE") return "user_disabled";
  if (!evidence.authTime) return "no_auth_time";
  const age = ctx.clock.now().getTime() - evidence.authTime.getTime();
  if (age < -FUTURE_SKEW_MS) return "future";
  if (age > evidence.maxAgeSeconds * 1000) return "stale";
  return null;
}

/**
 * R-SIGN (21 CFR 11.100, 11.200): the request to sign must carry a fresh sign-in of the caller
 * themself. Call it BEFORE the transaction that signs: a refusal is audited
 * (`signature.refused`, with the reason) in a transaction of its own, so it stays recorded
 * although the signing is abandoned, and the caller gets 403 `signature_auth_required` with
 * `details.reason` (a missing token is not audited: nobody tried to sign in).
 */
export async function requireFreshAuthentication(ctx: ServiceContext, attempt: { subject: SignatureSubject; meaning: SignatureMeaning; labId: number | null }): Promise<SigningProof> {
  const reason = refusalOf(ctx);
  if (reason === null) {
    const evidence = ctx.signing!;
    return { aadObjectId: evidence.aadObjectId!, authTime: evidence.authTime!, method: evidence.method };
  }
  if (reason !== "missing") {
    const now = ctx.clock.now();
    await ctx.db.$transaction((tx) =>
      writeAudit(tx, ctx.actor, now, {
        action: "signature.refused",
        entityId: `${attempt.subject.type}:${attempt.subject.id}`,
        labId: attempt.labId,
        after: {
          subjectType: attempt.subject.type,
          subjectId: String(attempt.subject.id),
          meaning: attempt.meaning,
          reason,
          method: ctx.signing?.method ?? null,
          tokenSubject: ctx.signing?.aadObjectId ?? null,
          authTime: ctx.signing?.authTime?.toISOString() ?? null,
          detail: ctx.signing?.problem ?? null,
        },
      }),
    );
  }
  throw new AppError("signature_auth_required", MESSAGES[reason], { reason, maxAgeSeconds: ctx.signing?.maxAgeSeconds ?? null });
}

/** Is there a signing token on this request at all (the caller chose to sign)? */
export function wantsToSign(ctx: ServiceContext): boolean {
  return ctx.signing !== undefined && ctx.signing !== null;
}

/**
 * A sign-in to sign that failed before any token existed (the development sign-in's wrong PIN):
 * audited as `signature.refused` like a refused token, then 403 `signature_auth_required`.
 */
export async function refuseSigningSignIn(ctx: ServiceContext, reason: Extract<SigningRefusal, "wrong_pin">): Promise<never> {
  const now = ctx.clock.now();
  await ctx.db.$transaction((tx) =>
    writeAudit(tx, ctx.actor, now, { action: "signature.refused", entityId: `sign-in:${ctx.principal.userId}`, labId: null, after: { reason, method: "dev-pin" } }),
  );
  throw new AppError("signature_auth_required", MESSAGES[reason], { reason });
}
