import type { DbOrTx, Tx } from "../db/client.ts";

/**
 * Where attached files' bytes live (R-FILE). Deliberately without a delete: a file attached to a
 * regulated record is never destroyed (a newer one may supersede it, see file.service.ts). The
 * database implementation below writes inside the caller's transaction; an object store would
 * write before the transaction (an unreferenced object after a rollback is harmless) and key
 * its objects by SHA-256 the same way.
 */
export interface FileStorage {
  /** Stores `bytes` (whose SHA-256 is `sha256`) and answers the key to read them back. The same bytes twice give the same key. */
  put(tx: Tx, bytes: Buffer, sha256: string): Promise<string>;
  /** The bytes under `key`, or null if there are none. */
  get(db: DbOrTx, key: string): Promise<Buffer | null>;
}

/** PostgreSQL `bytea` (both the server and the embedded database): one row per distinct content. */
export const databaseStorage: FileStorage = {
  async put(tx, bytes, sha256) {
    // ON CONFLICT DO NOTHING, not an upsert: file_blob refuses every UPDATE (write-once trigger).
    const inserted = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO file_blob (sha256, size_bytes, bytes) VALUES (${sha256}, ${bytes.length}, ${bytes})
      ON CONFLICT (sha256) DO NOTHING RETURNING id`;
    const id = inserted[0]?.id ?? (await tx.fileBlob.findUniqueOrThrow({ where: { sha256 }, select: { id: true } })).id;
    return `db:${id}`;
  },
  async get(db, key) {
    const match = /^db:([1-9][0-9]{0,9})$/.exec(key);
    if (!match) return null;
    const blob = await db.fileBlob.findUnique({ where: { id: Number(match[1]) }, select: { bytes: true } });
    return blob ? Buffer.from(blob.bytes) : null;
  },
};

/** The storage the services use unless given another. */
export const defaultStorage: FileStorage = databaseStorage;
