import { z } from "zod";
import { notFound } from "../../domain/errors.ts";
import { onePage } from "../../domain/page.ts";
import { DEMO_USERS, describeDemoUser } from "../../domain/seed/identities.ts";
import { parseInput } from "../../domain/input.ts";
import { DEMO_SIGNING_PINS } from "../../domain/seed/pins.ts";
import { refuseSigningSignIn } from "../../domain/signature/fresh-auth.ts";
import { timingSafeEqual } from "node:crypto";
import type { DevIssuer } from "../auth/dev-issuer.ts";
import type { Route } from "./route.ts";

export const DevTokenInput = z.object({ upn: z.string().trim().toLowerCase().email().max(320) }).strict();
export const DevSigningTokenInput = z.object({ pin: z.string().max(32) }).strict();

/** Lifetime of a development signing token: it only has to reach the request that signs. */
const SIGNING_TOKEN_SECONDS = 600;

function samePin(given: string, expected: string | undefined): boolean {
  const a = Buffer.from(given.padEnd(32, "\0"));
  const b = Buffer.from((expected ?? "").padEnd(32, "\0"));
  return expected !== undefined && timingSafeEqual(a, b) && given.length === expected.length;
}

/** R-AUTH-DEV: pick a demo user, get a token from the local issuer. Mounted only when DEV_SIGN_IN is on. */
export function devRoutes(issuer: DevIssuer): Route[] {
  return [
    {
      method: "GET",
      path: "/api/dev/users",
      summary: "Demo users of the development sign-in (development only)",
      access: { kind: "public" },
      handler: async () => ({ json: onePage(DEMO_USERS.map(describeDemoUser)) }),
    },
    {
      method: "POST",
      path: "/api/dev/token",
      summary: "A development token for a demo user (development only)",
      access: { kind: "public" },
      body: DevTokenInput,
      handler: async ({ body }) => {
        const { upn } = parseInput(DevTokenInput, body);
        const user = DEMO_USERS.find((u) => u.upn === upn);
        if (!user) throw notFound("That demo user");
        return { json: { token: await issuer.issue(user) } };
      },
    },
    {
      method: "POST",
      path: "/api/dev/signing-token",
      summary: "R-SIGN in development: re-authenticate with your demo PIN, get a signing token with auth_time now (send it as X-Labkeep-Signature)",
      access: { kind: "signedIn" },
      body: DevSigningTokenInput,
      handler: async ({ body, principal, ctx }) => {
        const { pin } = parseInput(DevSigningTokenInput, body);
        const user = DEMO_USERS.find((u) => u.aadObjectId === principal.aadObjectId);
        if (!user || !samePin(pin, DEMO_SIGNING_PINS[user.upn])) return refuseSigningSignIn(ctx, "wrong_pin");
        return { json: { token: await issuer.issue(user, { authTime: ctx.clock.now(), lifetimeSeconds: SIGNING_TOKEN_SECONDS }) } };
      },
    },
  ];
}
