import { randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";
import { DEMO_TENANT_ID } from "../../domain/seed/identities.ts";
import { REQUIRED_SCOPE, type TrustedIssuer } from "./tokens.ts";

/** Issuer host of development tokens: a reserved name that can never be a real authority. */
export const DEV_AUTHORITY_HOST = "https://dev-sign-in.labkeep.invalid";
export const DEV_CLIENT_ID = "labkeep-dev";

export interface DevIssuer {
  trust: TrustedIssuer;
  jwks: JSONWebKeySet;
  /** `authTime`: the sign-in is a fresh authentication (the PIN was checked): R-SIGN's `auth_time`. */
  issue(user: { aadObjectId: string; upn: string; displayName: string }, options?: { authTime?: Date; lifetimeSeconds?: number }): Promise<string>;
}

/**
 * R-AUTH-DEV: Labkeep as its own token issuer, with a key pair made at start-up. Its tokens look
 * like Entra v2 access tokens and are checked by the same `verifyAccessToken` as real ones.
 */
export async function createDevIssuer(options: { lifetimeSeconds?: number } = {}): Promise<DevIssuer> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] };
  const keySet = createLocalJWKSet(jwks);
  const trust: TrustedIssuer = {
    kind: "dev",
    tenants: [DEMO_TENANT_ID],
    authorityHost: DEV_AUTHORITY_HOST,
    v1IssuerHost: null,
    audiences: [DEV_CLIENT_ID],
    keys: () => keySet,
  };
  return {
    trust,
    jwks,
    issue: (user, extra = {}) =>
      new SignJWT({
        tid: DEMO_TENANT_ID, oid: user.aadObjectId, upn: user.upn, preferred_username: user.upn, name: user.displayName, scp: REQUIRED_SCOPE, ver: "2.0",
        ...(extra.authTime ? { auth_time: Math.floor(extra.authTime.getTime() / 1000) } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(`${DEV_AUTHORITY_HOST}/${DEMO_TENANT_ID}/v2.0`)
        .setAudience(DEV_CLIENT_ID)
        .setSubject(user.aadObjectId)
        .setIssuedAt()
        .setNotBefore("0s")
        .setExpirationTime(`${extra.lifetimeSeconds ?? options.lifetimeSeconds ?? 8 * 3600}s`)
        .sign(privateKey),
  };
}
