// R-TRAIL: key ids, rotation, and events of earlier versions (plain SHA-256, no key id).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appendEvents, tamperAsOwner } from "../../tests/support/audit.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "./audit.service.ts";
import { GENESIS_HASH, legacyHashEvent } from "./chain.ts";
import { readCheckpoints, recordCheckpoint } from "./checkpoint.ts";
import { buildKeyring, developmentKeyring, useAuditKeys } from "./keys.ts";

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "labkeep-keys-"));
});
after(async () => {
  useAuditKeys(developmentKeyring());
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const KEY_1 = "first key: 0123456789abcdef0123456789abcdef";
const KEY_2 = "second key: fedcba9876543210fedcba9876543210";
const keyIds = async () => (await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, keyId: true } })).map((e) => [e.seq, e.keyId] as const);

test("events of earlier versions (plain SHA-256, no key id, gaps in seq) verify as legacy, and keyed events follow them", async () => {
  // As an earlier version wrote them: seq from a sequence (a rolled-back writer left a gap at 3).
  let prevHash = GENESIS_HASH;
  for (const seq of [1n, 2n, 4n]) {
    const fields = { at: new Date(Date.UTC(2025, 5, Number(seq))), actorId: null, actorName: "Old", source: "SYSTEM" as const, action: "lab.created", entityType: "lab", entityId: String(seq), labId: null, before: null, after: { name: `Lab ${seq}` }, reason: null, prevHash };
    const hash = legacyHashEvent(fields);
    await db.prisma.auditEvent.create({ data: { ...fields, before: undefined, seq, hash, keyId: null } });
    prevHash = hash;
  }
  useAuditKeys(buildKeyring("k1", KEY_1));
  await appendEvents(db.prisma, 2);
  assert.deepEqual(await keyIds(), [[1n, null], [2n, null], [4n, null], [5n, "k1"], [6n, "k1"]]);
  assert.deepEqual(await verifyAuditChain(db.prisma), { ok: true, checked: 5 });
});

test("after a rotation, events and checkpoints signed with the retired key still verify", async () => {
  const file = join(dir, "rotation.jsonl");
  useAuditKeys(buildKeyring("k1", KEY_1));
  assert.equal((await recordCheckpoint(db.prisma, file, new Date(Date.UTC(2026, 0, 5))))?.keyId, "k1");
  const rotated = buildKeyring("k2", KEY_2, { k1: KEY_1 });
  useAuditKeys(rotated);
  await appendEvents(db.prisma, 2);
  assert.equal((await recordCheckpoint(db.prisma, file, new Date(Date.UTC(2026, 0, 6))))?.keyId, "k2");
  assert.deepEqual((await keyIds()).slice(-4), [[5n, "k1"], [6n, "k1"], [7n, "k2"], [8n, "k2"]]);
  const { checkpoints, problems } = await readCheckpoints(file, rotated);
  assert.deepEqual(problems, []);
  assert.deepEqual(checkpoints.map((c) => [c.seq, c.count, c.keyId, c.firstKeyedSeq]), [["6", 5, "k1", "5"], ["8", 7, "k2", "5"]]);
  assert.deepEqual(await verifyAuditChain(db.prisma, { checkpoints, keyring: rotated }), { ok: true, checked: 7 });

  // Forgetting the retired key in AUDIT_HMAC_KEYS: its first event, and its checkpoint, no longer verify.
  const forgetful = buildKeyring("k2", KEY_2);
  const result = await verifyAuditChain(db.prisma, { keyring: forgetful });
  assert.equal(result.failure?.seq, 5n);
  assert.match(result.failure!.problem, /key id "k1", which is not configured/);
  assert.deepEqual((await readCheckpoints(file, forgetful)).problems, ['line 1: signed with key id "k1", which is not configured']);
});

test("an event claiming a key id that does not exist fails at that event", async () => {
  const target = (await keyIds()).at(-1)![0];
  await tamperAsOwner(db.prisma, [`UPDATE audit_event SET key_id = 'k9' WHERE seq = ${target}`]);
  const result = await verifyAuditChain(db.prisma, { keyring: buildKeyring("k2", KEY_2, { k1: KEY_1 }) });
  assert.equal(result.failure?.seq, target);
  assert.equal(result.checked, Number(target) - 2, "one legacy gap: 7 events before it");
  assert.match(result.failure!.problem, /key id "k9", which is not configured/);
});

test("the development key is not part of a configured keyring: its events fail there", async () => {
  useAuditKeys(developmentKeyring());
  await tamperAsOwner(db.prisma, ["TRUNCATE audit_event"]);
  await appendEvents(db.prisma, 1);
  const result = await verifyAuditChain(db.prisma, { keyring: buildKeyring("k1", KEY_1) });
  assert.equal(result.failure?.seq, 1n);
  assert.match(result.failure!.problem, /"dev-insecure"/);
});
