import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { createLab, getLab, listLabs, updateLab } from "./lab.service.ts";
import { createWorld, type World } from "../../tests/support/fixtures/world.ts";

let tdb: TestDatabase;
let w: World;
const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
});
after(async () => {
  await tdb?.close();
});

test("each user lists only the labs they may see", async () => {
  assert.deepEqual((await listLabs(w.as("ada.admin"))).map((l) => l.code), ["BOS", "LON", "SFO"]);
  assert.deepEqual((await listLabs(w.as("grace.audit"))).map((l) => l.code), ["BOS", "LON", "SFO"]);
  assert.deepEqual((await listLabs(w.as("marie.manager"))).map((l) => l.code), ["BOS", "SFO"]);
  assert.deepEqual((await listLabs(w.as("theo.tech"))).map((l) => l.code), ["BOS", "LON"]);
  assert.deepEqual(await listLabs(w.as("dan.disabled")), []);
  assert.equal((await getLab(w.as("tom.tech"), w.labs.BOS)).timeZone, "America/New_York");
  await assert.rejects(getLab(w.as("tom.tech"), w.labs.LON), code("not_found"));
});

test("only an Administrator creates and edits labs, with valid codes and IANA zones", async () => {
  const input = { code: "TYO", name: "Tokyo Lab", timeZone: "Asia/Tokyo" };
  await assert.rejects(createLab(w.as("marie.manager"), input), code("forbidden"));
  await assert.rejects(updateLab(w.as("marie.manager"), w.labs.BOS, { name: "x" }), code("forbidden"));
  const before = await tdb.prisma.auditEvent.count();
  await assert.rejects(createLab(w.as("ada.admin"), { code: "tyo", name: "", timeZone: "Mars/Olympus" }), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "validation_failed");
    assert.deepEqual((e.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort(), ["code", "name", "timeZone"]);
    return true;
  });
  assert.equal(await tdb.prisma.auditEvent.count(), before);
  const lab = await createLab(w.as("ada.admin"), input);
  assert.equal(lab.digestHour, 7);
  await assert.rejects(createLab(w.as("ada.admin"), input), code("conflict"));
  await assert.rejects(updateLab(w.as("ada.admin"), lab.id, { code: "BOS" }), code("conflict"));
  const renamed = await updateLab(w.as("ada.admin"), lab.id, { name: "Tokyo Research", digestHour: 6 });
  assert.equal(renamed.name, "Tokyo Research");
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "lab.updated", entityId: String(lab.id) } });
  assert.deepEqual(audit.before, { name: "Tokyo Lab", digestHour: 7 });
  assert.deepEqual(audit.after, { name: "Tokyo Research", digestHour: 6 });
  assert.equal(await tdb.prisma.auditEvent.count({ where: { action: "lab.created", entityId: String(lab.id) } }), 1);
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
});
