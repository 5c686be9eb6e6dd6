import type { ServiceContext } from "../context.ts";
import type { SigningEvidence } from "../signature/signature.types.ts";
import { DEMO_SIGNING_PINS } from "./pins.ts";

/**
 * SIGNATURE_AUTH_MAX_AGE_SECONDS' default (server/config.ts): the seed runs without the server's
 * configuration, and its sign-ins are seconds old anyway.
 */
const MAX_AGE_SECONDS = 300;
/** How long before the signing request the demo user entered their PIN. */
const PIN_LEAD_MS = 20_000;

/**
 * R-SIGN in the demo: `ctx` with the fresh sign-in a demo user makes by entering their PIN, as
 * the tab does through POST /api/dev/signing-token. That route issues a token with `auth_time`
 * now, and the API reduces a verified token to this evidence (server/auth/signing.ts); the
 * domain then checks it and signs (requireFreshAuthentication, sign) exactly as for a request.
 * Only a demo user with a PIN signs this way.
 */
export function withPinSignIn(ctx: ServiceContext, upn: string): ServiceContext {
  if (!DEMO_SIGNING_PINS[upn]) throw new Error(`${upn} has no demo signing PIN`);
  const signing: SigningEvidence = {
    aadObjectId: ctx.principal.aadObjectId,
    authTime: new Date(ctx.clock.now().getTime() - PIN_LEAD_MS),
    method: "dev-pin",
    problem: null,
    maxAgeSeconds: MAX_AGE_SECONDS,
  };
  return { ...ctx, signing };
}
