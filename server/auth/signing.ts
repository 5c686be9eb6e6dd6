import { AppError } from "../../domain/errors.ts";
import type { SigningEvidence } from "../../domain/signature/signature.types.ts";
import { verifyAccessToken, type TrustedIssuer } from "./tokens.ts";

/** The request header that carries the fresh sign-in to sign with (R-SIGN). */
export const SIGNATURE_HEADER = "x-labkeep-signature";

/**
 * R-SIGN: the signing token of a request, verified exactly like the bearer token (issuer,
 * tenant, audience, RS256 signature, expiry, scope), then reduced to what the domain checks:
 * whose it is (`oid`) and when they authenticated (`auth_time`). A token that fails verification
 * is still evidence of a failed attempt to sign (`problem`), which the domain audits. No header:
 * null (the request signs nothing).
 */
export async function signingEvidence(header: string | undefined, trusts: readonly TrustedIssuer[], options: { skewSeconds: number; maxAgeSeconds: number }): Promise<SigningEvidence | null> {
  if (header === undefined || header.trim() === "") return null;
  const raw = header.trim().replace(/^Bearer\s+/i, "");
  try {
    const token = await verifyAccessToken(raw, trusts, options.skewSeconds);
    return { aadObjectId: token.objectId, authTime: token.authTime, method: token.issuer.kind === "dev" ? "dev-pin" : "entra", problem: null, maxAgeSeconds: options.maxAgeSeconds };
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") {
      return { aadObjectId: null, authTime: null, method: "entra", problem: error.message, maxAgeSeconds: options.maxAgeSeconds };
    }
    throw error;
  }
}
