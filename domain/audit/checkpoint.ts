import { createHmac } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Db } from "../db/client.ts";
import { canonicalJson, sameDigest } from "./chain.ts";
import { auditKeys, type AuditKeyring } from "./keys.ts";
import { verifyAuditChain, type ChainVerification } from "./verify.ts";

/**
 * A signed statement of the chain's head at a moment (R-TRAIL): the chain had `count` events up
 * to `seq`, whose hash was `hash`, and its first keyed event was `firstKeyedSeq`. Kept outside
 * the database (an append-only file, and the log), so a database user who truncates or rewrites
 * the chain cannot rewrite what the checkpoints vouch for. Seqs are strings: JSON has no bigint.
 */
export interface Checkpoint {
  seq: string;
  hash: string;
  count: number;
  at: string;
  firstKeyedSeq: string | null;
  keyId: string;
  mac: string;
}

type Unsigned = Omit<Checkpoint, "mac" | "keyId">;

function macOf(body: Unsigned, keyId: string, key: Buffer): string {
  const { seq, hash, count, at, firstKeyedSeq } = body;
  return createHmac("sha256", key).update(canonicalJson({ seq, hash, count, at, firstKeyedSeq, keyId })).digest("hex");
}

export function signCheckpoint(body: Unsigned, keyring: AuditKeyring = auditKeys()): Checkpoint {
  const { id, key } = keyring.current;
  return { ...body, keyId: id, mac: macOf(body, id, key) };
}

/** Why a checkpoint cannot be trusted, or null when its signature holds. */
export function checkpointProblem(checkpoint: Checkpoint, keyring: AuditKeyring = auditKeys()): string | null {
  const key = keyring.byId.get(checkpoint.keyId);
  if (!key) return `signed with key id "${checkpoint.keyId}", which is not configured`;
  return sameDigest(macOf(checkpoint, checkpoint.keyId, key), checkpoint.mac) ? null : "its signature does not match (the checkpoint was altered or forged)";
}

/**
 * Signs the current head after checking the events written since the last good checkpoint, so
 * a checkpoint never vouches for a chain that was already tampered with. Null when the chain is
 * empty; throws when the chain does not verify.
 */
export async function takeCheckpoint(db: Db, now: Date, previous: Checkpoint[] = []): Promise<Checkpoint | null> {
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const anchor = previous.reduce<Checkpoint | undefined>((best, c) => (!best || BigInt(c.seq) > BigInt(best.seq) ? c : best), undefined);
  const result = await verifyAuditChain(db, { from: anchor, checkpoints: previous, through: head?.seq ?? 0n });
  if (!result.ok) throw new CheckpointRefused(result);
  if (!head) return null;
  const first = await db.auditEvent.findFirst({ where: { keyId: { not: null } }, orderBy: { seq: "asc" }, select: { seq: true } });
  return signCheckpoint({ seq: head.seq.toString(), hash: head.hash, count: result.checked, at: now.toISOString(), firstKeyedSeq: first ? first.seq.toString() : null });
}

export class CheckpointRefused extends Error {
  constructor(readonly verification: ChainVerification) {
    super(`audit chain does not verify at event ${verification.failure?.seq}: ${verification.failure?.problem}; no checkpoint written`);
  }
}

/** Appends one line; O_APPEND (flag "a"): every write lands at the end, never over earlier lines. */
export async function appendCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, "a", 0o640);
  try {
    await handle.appendFile(`${JSON.stringify(checkpoint)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface CheckpointFile {
  /** Checkpoints whose signature holds, in file order. */
  checkpoints: Checkpoint[];
  /** One message per line that cannot be trusted (line number first). */
  problems: string[];
  exists: boolean;
}

const shape = (value: unknown): value is Checkpoint => {
  const v = value as Record<string, unknown> | null;
  return !!v && typeof v.seq === "string" && /^\d+$/.test(v.seq) && typeof v.hash === "string" && typeof v.count === "number" && typeof v.at === "string"
    && (v.firstKeyedSeq === null || (typeof v.firstKeyedSeq === "string" && /^\d+$/.test(v.firstKeyedSeq))) && typeof v.keyId === "string" && typeof v.mac === "string";
};

export async function readCheckpoints(file: string, keyring: AuditKeyring = auditKeys()): Promise<CheckpointFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { checkpoints: [], problems: [], exists: false };
    throw error;
  }
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = null;
    }
    if (!shape(value)) return void problems.push(`line ${index + 1}: not a checkpoint`);
    const problem = checkpointProblem(value, keyring);
    if (problem) problems.push(`line ${index + 1}: ${problem}`);
    else checkpoints.push(value);
  });
  return { checkpoints, problems, exists: true };
}

/**
 * Takes a checkpoint after the last good one in `file` and appends it there: the scheduler's
 * job, the shutdown and `npm run audit:checkpoint`. Null when the chain is empty.
 */
export async function recordCheckpoint(db: Db, file: string, now: Date): Promise<Checkpoint | null> {
  const { checkpoints } = await readCheckpoints(file);
  const checkpoint = await takeCheckpoint(db, now, checkpoints);
  if (checkpoint) await appendCheckpoint(file, checkpoint);
  return checkpoint;
}
