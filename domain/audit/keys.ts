import { createHash } from "node:crypto";

/**
 * The secrets the audit chain and its checkpoints are keyed with (R-TRAIL). The database never
 * holds them, so someone who can write rows cannot forge a hash that verifies. `current` signs
 * new events; `byId` also holds retired keys, so events signed before a rotation still verify.
 */
export interface AuditKeyring {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

/** Key ids are stored with each event: short, printable, no separators. */
export const AUDIT_KEY_ID = /^[A-Za-z0-9._-]{1,40}$/;

/**
 * Development only: a key anyone can derive from this source file. Its id says so, and a
 * production keyring never contains it, so events signed with it fail verification there.
 */
export const DEVELOPMENT_KEY_ID = "dev-insecure";
export const developmentKeyring = (): AuditKeyring => {
  const key = createHash("sha256").update("labkeep development audit key: not a secret").digest();
  return { current: { id: DEVELOPMENT_KEY_ID, key }, byId: new Map([[DEVELOPMENT_KEY_ID, key]]) };
};

export function buildKeyring(currentId: string, currentKey: string, older: Record<string, string> = {}): AuditKeyring {
  const byId = new Map<string, Buffer>();
  for (const [id, key] of Object.entries(older)) byId.set(id, Buffer.from(key, "utf8"));
  const key = Buffer.from(currentKey, "utf8");
  byId.set(currentId, key);
  return { current: { id: currentId, key }, byId };
}

let configured: AuditKeyring | null = null;

/** Set once at start-up from the configuration (server/start.ts, and scripts that write or verify). */
export function useAuditKeys(keyring: AuditKeyring): void {
  configured = keyring;
}

/** The configured keyring; the development one when the process configured none (tests, tools). */
export function auditKeys(): AuditKeyring {
  return (configured ??= developmentKeyring());
}
