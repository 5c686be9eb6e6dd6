import type { ServiceContext } from "../context.ts";
import type { SigningEvidence } from "../signature/signature.types.ts";

/**
 * SIGNATURE_AUTH_MAX_AGE_SECONDS' default (server/config.ts): the seed runs without the server's
 * configuration, and its sign-ins are seconds old anyway.
 */
const MAX_AGE_SECONDS = 300;
/** How long before the signing request the demo user entered their PIN. */
const PIN_LEAD_SECONDS = 20;

/**
 * `ctx` carrying a development PIN sign-in made `ageSeconds` before its clock's now, as the tab's
 * POST /api/dev/signing-token makes one: that route issues a token with `auth_time` then, and the
 * API reduces a verified token to this evidence (server/auth/signing.ts); the domain then checks
 * it and signs (requireFreshAuthentication, sign) exactly as for a request. The demo data signs
 * this way, and so do the tests' fixtures.
 */
export function withPinSignIn(ctx: ServiceContext, ageSeconds: number = PIN_LEAD_SECONDS): ServiceContext {
  const signing: SigningEvidence = {
    aadObjectId: ctx.principal.aadObjectId,
    authTime: new Date(ctx.clock.now().getTime() - ageSeconds * 1000),
    method: "dev-pin",
    problem: null,
    maxAgeSeconds: MAX_AGE_SECONDS,
  };
  return { ...ctx, signing };
}
