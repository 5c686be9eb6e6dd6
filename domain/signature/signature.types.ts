import type { SignatureMeaning } from "../db/generated/enums.ts";

/** R-SIGN: what a signature means (21 CFR 11.50(a)(3)). */
export const SIGNATURE_MEANINGS = ["PERFORMED", "REVIEWED", "APPROVED"] as const satisfies readonly SignatureMeaning[];
export type { SignatureMeaning };

/** Words shown next to a signature, wherever it is shown, printed or exported. */
export const MEANING_LABEL: Record<SignatureMeaning, string> = {
  PERFORMED: "Performed by",
  REVIEWED: "Reviewed by",
  APPROVED: "Approved by",
};

/**
 * What can be signed. Each type names the thing whose content the signature is bound to; add a
 * type here (with a content function next to its service) to sign something new.
 */
export const SIGNATURE_SUBJECT_TYPES = ["record", "amendment", "calibration", "corrective_action", "audit_review"] as const;
export type SignatureSubjectType = (typeof SIGNATURE_SUBJECT_TYPES)[number];

export interface SignatureSubject {
  type: SignatureSubjectType;
  id: string | number;
}

/** How the fresh authentication behind a signature was made. */
export type SignatureAuthMethod = "entra" | "dev-pin";

/**
 * What the door (API) learned from the signing token sent with a request (header
 * `X-Labkeep-Signature`): verified like any access token (issuer, audience, signature, expiry),
 * then its `oid` and `auth_time`. The domain decides whether it is fresh enough and whose it is.
 * `problem` is set when the token itself was refused (the reason, for the audit trail only).
 */
export interface SigningEvidence {
  aadObjectId: string | null;
  authTime: Date | null;
  method: SignatureAuthMethod;
  problem: string | null;
  /** SIGNATURE_AUTH_MAX_AGE_SECONDS: how old `authTime` may be. */
  maxAgeSeconds: number;
}

/** Fresh authentication that passed `requireFreshAuthentication`: what `sign` needs. */
export interface SigningProof {
  readonly aadObjectId: string;
  readonly authTime: Date;
  readonly method: SignatureAuthMethod;
}

/** Why a signing attempt was refused (in the audit event `signature.refused`, `after.reason`). */
export type SigningRefusal = "wrong_pin" | "missing" | "token_invalid" | "not_a_user" | "another_user" | "user_disabled" | "no_auth_time" | "stale" | "future";

/** A signature as every view shows it: the manifestation of 21 CFR 11.50. */
export interface SignatureView {
  id: number;
  subjectType: string;
  subjectId: string;
  meaning: SignatureMeaning;
  signerId: number;
  /** Printed name as at signing. */
  signerName: string;
  signedAt: Date;
  /** "Nov 20, 2026, 10:00 AM (BOS time)": signedAt in the lab's zone. */
  signedAtText: string;
  contentHash: string;
  /** False when the content signed no longer matches: "signature no longer matches the record". */
  valid: boolean;
  authMethod: string;
  source: string;
  /** "Performed by Ada Lovelace, Nov 20, 2026, 10:00 AM (BOS time)" (+ " — no longer matches the record"). */
  text: string;
}
