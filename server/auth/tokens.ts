import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { AppError } from "../../domain/errors.ts";

/** The delegated scope the tab's SSO token must carry (exposed by the Labkeep app registration). */
export const REQUIRED_SCOPE = "access_as_user";

/**
 * One trusted token issuer: Entra ID for real tenants, or the development sign-in. Both are
 * validated by `verifyAccessToken` below; only their issuer hosts and keys differ.
 */
export interface TrustedIssuer {
  kind: "entra" | "dev";
  /** Tenants whose tokens are accepted. */
  tenants: readonly string[];
  /** `https://login.microsoftonline.com` (v2 issuer `<host>/<tid>/v2.0`). */
  authorityHost: string;
  /** `https://sts.windows.net` (v1 issuer `<host>/<tid>/`); null when v1 tokens are not issued. */
  v1IssuerHost: string | null;
  /** `<client id>` and `api://<domain>/<client id>`. */
  audiences: readonly string[];
  /** Signing keys of a tenant (a remote JWKS, refreshed on an unknown kid). */
  keys(tenantId: string): JWTVerifyGetKey;
}

export interface VerifiedToken {
  issuer: TrustedIssuer;
  raw: string;
  tenantId: string;
  objectId: string;
  upn: string | null;
  name: string | null;
  scopes: string[];
  /**
   * Group object ids from the token's `groups` claim when the app registration emits it and the
   * user is not over the claim's limit; null means "read them from Graph".
   */
  groups: string[] | null;
  /** When the user last authenticated (`auth_time`), if the token says; R-SIGN checks it. */
  authTime: Date | null;
}

function issuersOf(trust: TrustedIssuer, tenantId: string): string[] {
  const v2 = `${trust.authorityHost.replace(/\/$/, "")}/${tenantId}/v2.0`;
  return trust.v1IssuerHost ? [v2, `${trust.v1IssuerHost.replace(/\/$/, "")}/${tenantId}/`] : [v2];
}

const unauthenticated = (message: string) => new AppError("unauthenticated", message);

/**
 * Validates an access token: RS256 signature against the tenant's keys, issuer (v1 or v2 form),
 * audience, expiry and not-before with `skewSeconds`, allowed tenant and the `access_as_user`
 * scope. Every failure is the same 401 to the caller; the reason goes to the logs only.
 */
export async function verifyAccessToken(token: string, trusts: readonly TrustedIssuer[], skewSeconds: number): Promise<VerifiedToken> {
  let unverified: JWTPayload;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "RS256") throw unauthenticated("The sign-in token uses an algorithm Labkeep does not accept.");
    unverified = decodeJwt(token);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unauthenticated("The sign-in token is malformed.");
  }
  const tenantId = typeof unverified.tid === "string" ? unverified.tid : "";
  const trust = trusts.find((t) => t.tenants.includes(tenantId) && issuersOf(t, tenantId).includes(String(unverified.iss)));
  if (!trust) throw unauthenticated("The sign-in token comes from an issuer or tenant Labkeep does not accept.");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, trust.keys(tenantId), {
      algorithms: ["RS256"],
      issuer: issuersOf(trust, tenantId),
      audience: [...trust.audiences],
      clockTolerance: skewSeconds,
      requiredClaims: ["exp", "iat", "oid", "tid"],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated("The sign-in token has expired. Sign in again.");
    if (error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout)) throw unauthenticated("The sign-in token is not valid.");
    throw new AppError("unavailable", "Labkeep cannot reach the sign-in service right now. Please try again shortly.");
  }
  const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
  if (!scopes.includes(REQUIRED_SCOPE)) throw unauthenticated(`The sign-in token lacks the ${REQUIRED_SCOPE} scope.`);
  const upn = [payload.upn, payload.preferred_username, payload.unique_name].find((v): v is string => typeof v === "string") ?? null;
  return {
    issuer: trust,
    raw: token,
    tenantId,
    objectId: String(payload.oid),
    upn,
    name: typeof payload.name === "string" ? payload.name : null,
    scopes,
    groups: groupsClaim(payload),
    authTime: typeof payload.auth_time === "number" && Number.isFinite(payload.auth_time) ? new Date(payload.auth_time * 1000) : null,
  };
}

/** Entra signals too many groups for the token ("overage") with `hasgroups` or `_claim_names.groups`. */
function groupsClaim(payload: JWTPayload): string[] | null {
  const names = payload._claim_names as Record<string, unknown> | undefined;
  if (payload.hasgroups || names?.groups) return null;
  return Array.isArray(payload.groups) && payload.groups.every((g) => typeof g === "string") ? (payload.groups as string[]) : null;
}

/** `Authorization: Bearer <token>` → the token, or a 401. */
export function bearerToken(header: string | undefined): string {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw unauthenticated("Sign in first: this request carries no bearer token.");
  return match[1]!;
}
