import type { ServiceContext } from "../context.ts";
import type { DbOrTx, Tx } from "../db/client.ts";
import type { Signature } from "../db/generated/client.ts";
import { writeAudit } from "../audit/audit.service.ts";
import { AppError, conflict } from "../errors.ts";
import { labTime } from "../time/format.ts";
import { contentHash } from "./content.ts";
import { MEANING_LABEL, type SignatureMeaning, type SignatureSubject, type SignatureView, type SigningProof } from "./signature.types.ts";

export interface SignInput {
  subject: SignatureSubject;
  /** The lab the subject belongs to (audit and trail review); null for lab-less subjects. */
  labId: number | null;
  meaning: SignatureMeaning;
  /** Exactly what is signed, as a JSON-safe value: hashed with `contentHash` (canonical JSON). */
  content: unknown;
}

/**
 * Makes an electronic signature INSIDE the caller's transaction (with the change it signs), so
 * both commit or neither does. `proof` comes from `requireFreshAuthentication` (called before the
 * transaction). Re-reads the signer in the transaction: a user disabled meanwhile cannot sign,
 * and the printed name is the one at signing. One signer signs one content once per meaning.
 * Writes `signature.signed` to the audit trail.
 */
export async function sign(tx: Tx, ctx: ServiceContext, proof: SigningProof, input: SignInput): Promise<Signature> {
  const userId = ctx.actor.userId;
  if (userId === null) throw new AppError("forbidden", "Only a signed-in user can sign.");
  const signer = await tx.user.findUnique({ where: { id: userId }, select: { id: true, aadObjectId: true, displayName: true, upn: true, status: true } });
  if (!signer || signer.aadObjectId !== proof.aadObjectId) throw new AppError("signature_auth_required", "A signature can only be made by the signed-in user.", { reason: "another_user" });
  if (signer.status !== "ACTIVE") throw new AppError("user_disabled", "Your account is disabled, so you cannot sign.");
  const hash = contentHash(input.content);
  const subjectId = String(input.subject.id);
  const twin = await tx.signature.findFirst({ where: { subjectType: input.subject.type, subjectId, meaning: input.meaning, signerId: userId, contentHash: hash }, select: { id: true } });
  if (twin) throw conflict(`You already signed this as ${input.meaning.toLowerCase()}.`);
  const now = ctx.clock.now();
  const signature = await tx.signature.create({
    data: {
      subjectType: input.subject.type,
      subjectId,
      labId: input.labId,
      meaning: input.meaning,
      signerId: userId,
      signerName: signer.displayName,
      signerUpn: signer.upn,
      signedAt: now,
      contentHash: hash,
      authTime: proof.authTime,
      authMethod: proof.method,
      source: ctx.actor.source,
    },
  });
  await writeAudit(tx, ctx.actor, now, {
    action: "signature.signed",
    entityId: `${input.subject.type}:${subjectId}`,
    labId: input.labId,
    after: { signatureId: signature.id, subjectType: input.subject.type, subjectId, meaning: input.meaning, signerName: signer.displayName, contentHash: hash, authTime: proof.authTime.toISOString(), method: proof.method },
  });
  return signature;
}

/** Signatures of several subjects of one type, oldest first, keyed by subject id. */
export async function signaturesOf(db: DbOrTx, type: SignatureSubject["type"], ids: readonly (string | number)[]): Promise<Map<string, Signature[]>> {
  const byId = new Map<string, Signature[]>();
  if (ids.length === 0) return byId;
  const rows = await db.signature.findMany({ where: { subjectType: type, subjectId: { in: ids.map(String) } }, orderBy: { id: "asc" } });
  for (const row of rows) byId.set(row.subjectId, [...(byId.get(row.subjectId) ?? []), row]);
  return byId;
}

/** Does the signature still match `content` (the subject as it is now)? */
export function signatureMatches(signature: Pick<Signature, "contentHash">, content: unknown): boolean {
  return signature.contentHash === contentHash(content);
}

/** The manifestation of one signature, checked against the subject's current content. */
export function signatureView(signature: Signature, content: unknown, lab: { code: string; timeZone: string }, noun = "record"): SignatureView {
  const valid = signatureMatches(signature, content);
  const signedAtText = labTime(signature.signedAt, lab);
  const text = `${MEANING_LABEL[signature.meaning]} ${signature.signerName}, ${signedAtText}${valid ? "" : ` (signature no longer matches the ${noun})`}`;
  return {
    id: signature.id,
    subjectType: signature.subjectType,
    subjectId: signature.subjectId,
    meaning: signature.meaning,
    signerId: signature.signerId,
    signerName: signature.signerName,
    signedAt: signature.signedAt,
    signedAtText,
    contentHash: signature.contentHash,
    valid,
    authMethod: signature.authMethod,
    source: signature.source,
    text,
  };
}

/** Convenience: load and check the signatures of one subject. */
export async function signatureViews(db: DbOrTx, subject: SignatureSubject, content: unknown, lab: { code: string; timeZone: string }, noun?: string): Promise<SignatureView[]> {
  const rows = (await signaturesOf(db, subject.type, [subject.id])).get(String(subject.id)) ?? [];
  return rows.map((row) => signatureView(row, content, lab, noun));
}
