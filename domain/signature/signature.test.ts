import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { amendRecord, completeRecord, getRecord, signRecordPerformed } from "../record/record.service.ts";
import { canonicalJson, contentHash } from "./content.ts";

let tdb: TestDatabase;
let w: World;
let model: Awaited<ReturnType<typeof makeModel>>;
let equipment: Awaited<ReturnType<typeof makeEquipment>>;
let day = 0;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  model = await makeModel(tdb.prisma, "DAILY", [
    { title: "Clean rotor", kind: "CHECK" },
    { title: "Speed", kind: "READING", unit: "rpm", min: 1000, max: 2000 },
  ]);
  equipment = await makeEquipment(tdb.prisma, w.labs.BOS, model.model.id, { assetTag: "BOS-SIG-01" });
});
after(async () => {
  await tdb?.close();
});

const seconds = (s: number) => new Date(NOW.getTime() + s * 1000);

/** A context carrying a verified signing token of `oid` that authenticated `ageSeconds` ago. */
function signing(ctx: ServiceContext, ageSeconds: number, oid = ctx.principal.aadObjectId): ServiceContext {
  return { ...ctx, signing: { aadObjectId: oid, authTime: seconds(-ageSeconds), method: "dev-pin", problem: null, maxAgeSeconds: 300 } };
}

async function openRecord() {
  day += 1;
  return makeRecord(tdb.prisma, equipment, "DAILY", new Date(NOW.getTime() - day * 86_400_000), new Date(NOW.getTime() + 4 * 3_600_000 - day));
}

function answers(speed = 1500) {
  const [clean, reading] = model.tasks;
  return { results: [{ taskId: clean!.id, outcome: "DONE" as const }, { taskId: reading!.id, reading: speed }], comment: "ok" };
}

const refusedFor = (reason: string) => (error: unknown) => error instanceof AppError && error.code === "signature_auth_required" && (error.details as { reason: string }).reason === reason;

describe("canonical content hash", () => {
  test("key order does not matter, values do; dates are ISO UTC", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: new Date("2026-03-10T15:00:00Z"), c: [2, null] } }), '{"a":{"c":[2,null],"d":"2026-03-10T15:00:00.000Z"},"b":1}');
    assert.equal(contentHash({ a: 1, b: 2 }), contentHash({ b: 2, a: 1 }));
    assert.equal(contentHash({ a: 1, b: 2 }), createHash("sha256").update('{"a":1,"b":2}').digest("hex"));
    assert.notEqual(contentHash({ a: 1 }), contentHash({ a: 2 }));
  });
});

describe("signing a record (R-SIGN)", () => {
  test("a completion with a fresh sign-in is signed PERFORMED with the printed name, lab time and content hash", async () => {
    const record = await openRecord();
    const done = await completeRecord(signing(w.as("tom.tech"), 120), record.id, answers());
    assert.equal(done.signatures.length, 1);
    const [sig] = done.signatures;
    assert.equal(sig!.meaning, "PERFORMED");
    assert.equal(sig!.signerName, "Tom Edison");
    assert.equal(sig!.valid, true);
    // NOW is 15:00 UTC on 10 Mar 2026: 11:00 in Boston (EDT from 8 Mar).
    assert.equal(sig!.signedAtText, "Mar 10, 2026, 11:00 AM (BOS time)");
    assert.equal(sig!.text, "Performed by Tom Edison, Mar 10, 2026, 11:00 AM (BOS time)");
    assert.equal(done.awaitingSignature, false);
    const row = await tdb.prisma.signature.findFirstOrThrow({ where: { subjectType: "record", subjectId: String(record.id) } });
    assert.equal(row.authTime.toISOString(), seconds(-120).toISOString());
    assert.equal(row.signerUpn, "tom.tech@labkeep.dev");
    const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "signature.signed", entityId: `record:${record.id}` } });
    assert.equal((audit.after as { contentHash: string }).contentHash, row.contentHash);
  });

  test("a stale sign-in is refused, nothing is completed, and the refusal is audited", async () => {
    const record = await openRecord();
    await assert.rejects(completeRecord(signing(w.as("tom.tech"), 301), record.id, answers()), refusedFor("stale"));
    const after = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: record.id } });
    assert.equal(after.status, "OPEN");
    const refused = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "signature.refused", entityId: `record:${record.id}` } });
    assert.equal((refused.after as { reason: string }).reason, "stale");
    assert.equal(refused.actorName, "Tom Edison");
    assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
  });

  test("someone else's sign-in is refused; a token that failed verification is refused", async () => {
    const record = await openRecord();
    const other = w.users["tara.tech"]!.principal.aadObjectId;
    await assert.rejects(completeRecord(signing(w.as("tom.tech"), 10, other), record.id, answers()), refusedFor("another_user"));
    const broken: ServiceContext = { ...w.as("tom.tech"), signing: { aadObjectId: null, authTime: null, method: "entra", problem: "bad signature", maxAgeSeconds: 300 } };
    await assert.rejects(completeRecord(broken, record.id, answers()), refusedFor("token_invalid"));
    const reasons = (await tdb.prisma.auditEvent.findMany({ where: { action: "signature.refused", entityId: `record:${record.id}` }, orderBy: { seq: "asc" } })).map((e) => (e.after as { reason: string }).reason);
    assert.deepEqual(reasons, ["another_user", "token_invalid"]);
  });

  test("a user disabled after signing in cannot sign, and nothing is completed", async () => {
    const record = await openRecord();
    // The principal was resolved while active; the account is disabled before the signing transaction.
    const theo = w.users["theo.tech"]!;
    await tdb.prisma.user.update({ where: { id: theo.id }, data: { status: "DISABLED" } });
    try {
      await assert.rejects(completeRecord(signing(w.as("theo.tech"), 10), record.id, answers()), (e: unknown) => e instanceof AppError && e.code === "user_disabled");
    } finally {
      await tdb.prisma.user.update({ where: { id: theo.id }, data: { status: "ACTIVE" } });
    }
    assert.equal((await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: record.id } })).status, "OPEN");
    assert.equal(await tdb.prisma.signature.count({ where: { subjectId: String(record.id) } }), 0);
    // A principal already known to be disabled is refused before anything is read.
    const tom = w.as("tom.tech");
    const disabled: ServiceContext = { ...signing(tom, 10), principal: { ...tom.principal, status: "DISABLED" } };
    await assert.rejects(completeRecord(disabled, record.id, answers()), (e: unknown) => e instanceof AppError && e.status === 404);
  });

  test("an amendment invalidates the earlier signature visibly; the amendment is signed itself", async () => {
    const record = await openRecord();
    await completeRecord(signing(w.as("tom.tech"), 5), record.id, answers(1500));
    const amended = await amendRecord(signing(w.as("marie.manager"), 5), record.id, { reason: "Misread the dial", results: [{ taskId: model.tasks[1]!.id, reading: 1600 }] });
    assert.equal(amended.signatures[0]!.valid, false);
    assert.equal(amended.signatures[0]!.text, "Performed by Tom Edison, Mar 10, 2026, 11:00 AM (BOS time) (signature no longer matches the record)");
    assert.equal(amended.awaitingSignature, true);
    assert.deepEqual(amended.amendments[0]!.signatures.map((s) => [s.signerName, s.meaning, s.valid]), [["Marie Curie", "PERFORMED", true]]);
    // The performer signs the amended record again: a new, valid signature.
    const resigned = await signRecordPerformed(signing(w.as("tom.tech"), 5), record.id);
    assert.deepEqual(resigned.signatures.map((s) => s.valid), [false, true]);
    assert.equal(resigned.awaitingSignature, false);
  });

  test("a completion without a signing token is completed and awaits its signature; only the performer can sign it", async () => {
    const record = await openRecord();
    const done = await completeRecord(w.as("tom.tech"), record.id, answers());
    assert.equal(done.awaitingSignature, true);
    assert.deepEqual(done.signatures, []);
    await assert.rejects(signRecordPerformed(signing(w.as("theo.tech"), 5), record.id), (e: unknown) => e instanceof AppError && e.code === "forbidden");
    await assert.rejects(signRecordPerformed(w.as("tom.tech"), record.id), refusedFor("missing"));
    const signed = await signRecordPerformed(signing(w.as("tom.tech"), 5), record.id);
    assert.equal(signed.awaitingSignature, false);
    await assert.rejects(signRecordPerformed(signing(w.as("tom.tech"), 5), record.id), (e: unknown) => e instanceof AppError && e.code === "conflict");
    assert.equal((await getRecord(w.as("marie.manager"), record.id)).signatures.length, 1);
  });

  test("signatures are append-only in the database", async () => {
    const row = await tdb.prisma.signature.findFirstOrThrow();
    await assert.rejects(tdb.prisma.signature.update({ where: { id: row.id }, data: { signerName: "Forged" } }), /append-only/);
    await assert.rejects(tdb.prisma.signature.delete({ where: { id: row.id } }), /append-only/);
  });
});
