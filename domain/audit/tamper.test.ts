// R-TRAIL: the six ways someone with database access could rewrite history, each caught by the
// chain or its checkpoints at the first bad event, which each test derives from what it changed.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { appendEvents, freshChain, tamperAsOwner } from "../../tests/support/audit.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "./audit.service.ts";
import { keyedHashEvent, legacyHashEvent, type ChainedFields } from "./chain.ts";
import { readCheckpoints, recordCheckpoint } from "./checkpoint.ts";
import { auditKeys } from "./keys.ts";

let db: TestDatabase;
let dir: string;
let file: string;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "labkeep-trail-"));
});
after(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const EVENTS = 8;
let fileCount = 0;
/** Every test starts from a fresh chain of 8 events with a checkpoint of its head. */
beforeEach(async () => {
  await freshChain(db.prisma, EVENTS);
  file = join(dir, `checkpoints-${++fileCount}.jsonl`);
  const checkpoint = await recordCheckpoint(db.prisma, file, new Date(Date.UTC(2026, 0, 3)));
  assert.equal(checkpoint?.seq, String(EVENTS));
});

const events = () => db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
type Row = Awaited<ReturnType<typeof events>>[number];
const fieldsOf = (row: Row, prevHash = row.prevHash): ChainedFields & { source: Row["source"] } => ({
  at: row.at, actorId: row.actorId, actorName: row.actorName, source: row.source, action: row.action, entityType: row.entityType,
  entityId: row.entityId, labId: row.labId, before: row.before ?? null, after: row.after ?? null, reason: row.reason, prevHash,
});
const sqlString = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "''")}'`;

async function verify() {
  const { checkpoints, problems } = await readCheckpoints(file);
  assert.deepEqual(problems, []);
  assert.equal(checkpoints.length, 1);
  return verifyAuditChain(db.prisma, { checkpoints });
}

test("untouched, the chain and its checkpoint verify", async () => {
  assert.deepEqual(await verify(), { ok: true, checked: EVENTS });
});

test("a truncated tail (the last events deleted) is caught by the checkpoint at the first removed seq", async () => {
  const rows = await events();
  const removed = rows.slice(-2);
  await tamperAsOwner(db.prisma, [`DELETE FROM audit_event WHERE seq >= ${removed[0]!.seq}`]);
  const result = await verify();
  assert.equal(result.ok, false);
  assert.equal(result.failure?.seq, removed[0]!.seq);
  assert.equal(result.checked, EVENTS - removed.length);
  assert.match(result.failure!.problem, /tail was removed/);
  assert.deepEqual(await verifyAuditChain(db.prisma), { ok: true, checked: EVENTS - 2 }, "the chain alone cannot see it: the checkpoint does");
});

test("an appended forgery with a recomputed hash fails its HMAC", async () => {
  const rows = await events();
  const head = rows.at(-1)!;
  const seq = head.seq + 1n;
  const forged = { ...fieldsOf(head, head.hash), action: "record.completed", entityType: "record", entityId: "42", after: { result: "PASS" } };
  // The forger knows the format and the key id but not the key.
  const hash = keyedHashEvent(forged, seq, auditKeys().current.id, Buffer.from("a guess at the key, 32 characters"));
  await db.prisma.auditEvent.create({ data: { ...forged, seq, keyId: auditKeys().current.id, hash, before: undefined, after: forged.after } });
  const result = await verify();
  assert.equal(result.failure?.seq, seq);
  assert.equal(result.checked, EVENTS);
  assert.match(result.failure!.problem, /HMAC does not match/);
});

test("an appended forgery posing as a legacy (unkeyed) event is refused after keyed events", async () => {
  const head = (await events()).at(-1)!;
  const seq = head.seq + 1n;
  const forged = { ...fieldsOf(head, head.hash), reason: "forged" };
  await db.prisma.auditEvent.create({ data: { ...forged, seq, keyId: null, hash: legacyHashEvent(forged), before: forged.before as object, after: forged.after as object } });
  const result = await verify();
  assert.equal(result.failure?.seq, seq);
  assert.match(result.failure!.problem, /legacy/);
});

test("a chain re-hashed after an edit fails at the edited event", async () => {
  const rows = await events();
  const edited = rows[2]!;
  // Edit event 3, then recompute it and every later hash and link, as plain SHA-256 under the same key id.
  const statements: string[] = [];
  let prevHash = rows[1]!.hash;
  for (const row of rows.slice(2)) {
    const after = row.seq === edited.seq ? { name: "Someone else's lab" } : row.after;
    const fields = { ...fieldsOf(row, prevHash), after };
    const hash = legacyHashEvent(fields);
    statements.push(`UPDATE audit_event SET after = ${sqlString(after)}::jsonb, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${row.seq}`);
    prevHash = hash;
  }
  await tamperAsOwner(db.prisma, statements);
  const result = await verify();
  assert.equal(result.failure?.seq, edited.seq);
  assert.equal(result.checked, Number(edited.seq) - 1);
  assert.match(result.failure!.problem, /HMAC does not match/);
});

test("a whole chain re-hashed as legacy events is caught by the checkpoint at its first keyed event", async () => {
  const rows = await events();
  const statements: string[] = [];
  let prevHash = rows[0]!.prevHash;
  for (const row of rows) {
    const after = row.seq === 5n ? { name: "Someone else's lab" } : row.after;
    const hash = legacyHashEvent({ ...fieldsOf(row, prevHash), after });
    statements.push(`UPDATE audit_event SET key_id = NULL, after = ${sqlString(after)}::jsonb, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${row.seq}`);
    prevHash = hash;
  }
  await tamperAsOwner(db.prisma, statements);
  assert.deepEqual(await verifyAuditChain(db.prisma), { ok: true, checked: EVENTS }, "a consistent legacy chain: only the checkpoint knows better");
  const { checkpoints } = await readCheckpoints(file);
  const result = await verify();
  assert.equal(result.failure?.seq, BigInt(checkpoints[0]!.firstKeyedSeq!));
  assert.equal(result.failure?.seq, rows[0]!.seq);
  assert.match(result.failure!.problem, /legacy/);
});

test("an edited row fails its own HMAC", async () => {
  const target = (await events())[3]!;
  await tamperAsOwner(db.prisma, [`UPDATE audit_event SET after = '{"name":"Lab 99"}' WHERE seq = ${target.seq}`]);
  const result = await verify();
  assert.equal(result.failure?.seq, target.seq);
  assert.equal(result.checked, Number(target.seq) - 1);
  assert.match(result.failure!.problem, /HMAC does not match/);
});

test("a deleted middle row is named by its own seq", async () => {
  const target = (await events())[4]!;
  await tamperAsOwner(db.prisma, [`DELETE FROM audit_event WHERE seq = ${target.seq}`]);
  const result = await verify();
  assert.equal(result.failure?.seq, target.seq);
  assert.equal(result.checked, Number(target.seq) - 1);
  assert.match(result.failure!.problem, /missing/);
});

test("reordered rows (two events swap places) fail at the earlier position", async () => {
  const rows = await events();
  const [a, b] = [rows[1]!, rows[5]!];
  await tamperAsOwner(db.prisma, [
    `UPDATE audit_event SET seq = -1 WHERE seq = ${a.seq}`,
    `UPDATE audit_event SET seq = ${a.seq} WHERE seq = ${b.seq}`,
    `UPDATE audit_event SET seq = ${b.seq} WHERE seq = -1`,
  ]);
  const result = await verify();
  assert.equal(result.failure?.seq, a.seq < b.seq ? a.seq : b.seq);
  assert.match(result.failure!.problem, /link to the previous event is broken/);
});

test("swapped timestamps fail at the earlier event", async () => {
  const rows = await events();
  const [a, b] = [rows[2]!, rows[3]!];
  await tamperAsOwner(db.prisma, [
    `UPDATE audit_event SET at = '${b.at.toISOString()}' WHERE seq = ${a.seq}`,
    `UPDATE audit_event SET at = '${a.at.toISOString()}' WHERE seq = ${b.seq}`,
  ]);
  const result = await verify();
  assert.equal(result.failure?.seq, a.seq);
  assert.match(result.failure!.problem, /HMAC does not match/);
});

test("a checkpoint is refused for events since the last one that no longer verify, and an altered checkpoint line is reported", async () => {
  // A checkpoint re-checks what came after the previous one (and that one's own event).
  await appendEvents(db.prisma, 3);
  const target = (await events())[EVENTS + 1]!;
  await tamperAsOwner(db.prisma, [`UPDATE audit_event SET reason = 'edited' WHERE seq = ${target.seq}`]);
  await assert.rejects(recordCheckpoint(db.prisma, file, new Date()), new RegExp(`at event ${target.seq}:`));
  const original = await readFile(file, "utf8");
  await writeFile(file, original.replace(`"count":${EVENTS}`, `"count":${EVENTS - 1}`));
  const read = await readCheckpoints(file);
  assert.deepEqual(read.checkpoints, []);
  assert.deepEqual(read.problems, ["line 1: its signature does not match (the checkpoint was altered or forged)"]);
});
