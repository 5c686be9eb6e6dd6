import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { freshChain, tamperAsOwner } from "../../tests/support/audit.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain, writeAudit } from "./audit.service.ts";
import { canonicalJson } from "./chain.ts";
import type { Actor } from "./events.ts";

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.close();
});

const actor: Actor = { userId: null, name: "Test", source: "SYSTEM" };

test("canonical JSON does not depend on key order", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: 3 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { y: 3, z: 2 }] }, b: 1 }));
});

test("events written in transactions form a gapless keyed chain that verifies", async () => {
  for (let i = 0; i < 5; i++) {
    await db.prisma.$transaction(async (tx) => {
      await writeAudit(tx, actor, new Date(Date.UTC(2026, 0, 1, 0, 0, i)), [
        { action: "lab.updated", entityId: i, labId: null, before: { name: `Lab ${i}`, nested: { z: 1, a: 2 } }, after: { name: `Lab ${i + 1}` }, reason: "rename" },
        { action: "equipment.status_changed", entityId: `E-${i}`, labId: null, after: { status: "IN_REPAIR", reading: 1.5 } },
      ]);
    });
  }
  const events = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, keyId: true } });
  assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
  assert.deepEqual(new Set(events.map((e) => e.keyId)), new Set(["dev-insecure"]));
  assert.deepEqual(await verifyAuditChain(db.prisma, { batchSize: 3 }), { ok: true, checked: 10 });
});

test("a rolled-back change leaves no audit event and no gap", async () => {
  const count = await db.prisma.auditEvent.count();
  await assert.rejects(
    db.prisma.$transaction(async (tx) => {
      await writeAudit(tx, actor, new Date(), { action: "lab.created", entityId: 99 });
      throw new Error("abort");
    }),
  );
  assert.equal(await db.prisma.auditEvent.count(), count);
  await db.prisma.$transaction((tx) => writeAudit(tx, actor, new Date(), { action: "lab.created", entityId: 100 }));
  const last = await db.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } });
  assert.equal(last?.seq, BigInt(count + 1));
  assert.deepEqual(await verifyAuditChain(db.prisma), { ok: true, checked: count + 1 });
});

test("the database refuses UPDATE, DELETE and TRUNCATE of audit events, for the owner too", async () => {
  await freshChain(db.prisma, 3);
  const refused = (error: unknown) => /audit_event is append-only/.test(String((error as Error).message));
  await assert.rejects(db.prisma.$executeRawUnsafe(`UPDATE audit_event SET reason = 'edited' WHERE seq = 2`), refused);
  await assert.rejects(db.prisma.$executeRawUnsafe(`DELETE FROM audit_event WHERE seq = 3`), refused);
  await assert.rejects(db.prisma.$executeRawUnsafe(`TRUNCATE audit_event`), refused);
  await assert.rejects(db.prisma.auditEvent.deleteMany({}), refused);
  assert.equal(await db.prisma.auditEvent.count(), 3);
  assert.deepEqual(await verifyAuditChain(db.prisma), { ok: true, checked: 3 });
});

test("a role that does not own the table cannot delete, truncate nor switch the triggers off", async () => {
  await freshChain(db.prisma, 2);
  // Roles belong to the whole server: a unique name, dropped at the end.
  const role = `labkeep_app_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`CREATE ROLE ${role} NOLOGIN`);
    await client.query(`GRANT SELECT, INSERT ON audit_event TO ${role}`);
    await client.query(`SET ROLE ${role}`);
    assert.equal((await client.query("SELECT count(*)::int AS n FROM audit_event")).rows[0].n, 2);
    await assert.rejects(client.query("DELETE FROM audit_event"), /permission denied/);
    await assert.rejects(client.query("TRUNCATE audit_event"), /permission denied/);
    await assert.rejects(client.query("ALTER TABLE audit_event DISABLE TRIGGER USER"), /must be owner/);
    await client.query("RESET ROLE");
    // Even granted DELETE, the trigger still refuses: grants and triggers are two separate locks.
    await client.query(`GRANT DELETE, TRUNCATE ON audit_event TO ${role}`);
    await client.query(`SET ROLE ${role}`);
    await assert.rejects(client.query("DELETE FROM audit_event"), /append-only/);
    await assert.rejects(client.query("TRUNCATE audit_event"), /append-only/);
    await assert.rejects(client.query("ALTER TABLE audit_event DISABLE TRIGGER USER"), /must be owner/);
  } finally {
    await client.query("RESET ROLE").catch(() => {});
    await client.query(`REVOKE ALL ON audit_event FROM ${role}`).catch(() => {});
    await client.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await client.end();
  }
  assert.equal(await db.prisma.auditEvent.count(), 2);
});

test("the table's owner can lift the triggers (which is why the app must not own the tables)", async () => {
  await freshChain(db.prisma, 2);
  await tamperAsOwner(db.prisma, ["DELETE FROM audit_event WHERE seq = 2"]);
  assert.equal(await db.prisma.auditEvent.count(), 1);
  await assert.rejects(db.prisma.$executeRawUnsafe(`DELETE FROM audit_event`), /append-only/, "the triggers are back on afterwards");
});
