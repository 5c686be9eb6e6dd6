import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** The fields of an audit event that its hash covers. */
export interface ChainedFields {
  at: Date;
  actorId: number | null;
  actorName: string;
  source: string;
  action: string;
  entityType: string;
  entityId: string;
  labId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every level: jsonb reorders keys, so hashes must not depend on order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Events of versions before R-TRAIL: plain SHA-256, which anyone who can write rows can recompute. */
export function legacyHashEvent(fields: ChainedFields): string {
  const payload = canonicalJson({ ...fields, at: fields.at.toISOString() });
  return createHash("sha256").update(payload).digest("hex");
}

/**
 * HMAC-SHA256 with a key the database does not hold. It also covers the event's position and
 * the key id, so a row moved to another seq, or relabelled with another key, no longer verifies.
 */
export function keyedHashEvent(fields: ChainedFields, seq: bigint, keyId: string, key: Buffer): string {
  const payload = canonicalJson({ ...fields, at: fields.at.toISOString(), seq: seq.toString(), keyId });
  return createHmac("sha256", key).update(payload).digest("hex");
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Makes a value JSON-safe (dates to ISO strings, no undefined) exactly as jsonb will return it. */
export function toJsonValue<T>(value: T): T {
  return value === undefined || value === null ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}
