import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { AppError } from "../errors.ts";
import { createWorld, type World } from "../../tests/support/fixtures/world.ts";
import { auditEventBatches, listAuditEvents, type AuditEventView, type ListAuditQuery } from "./audit.query.ts";
import { writeAudit } from "./audit.service.ts";

let tdb: TestDatabase;
let w: World;
const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  const actor = w.as("ada.admin").actor;
  await tdb.prisma.$transaction(async (tx) => {
    await writeAudit(tx, actor, new Date("2026-03-01T10:00:00Z"), [
      { action: "equipment.created", entityId: 1, labId: w.labs.BOS, after: { assetTag: "A" } },
      { action: "equipment.created", entityId: 2, labId: w.labs.SFO, after: { assetTag: "B" } },
      { action: "equipment.created", entityId: 3, labId: w.labs.LON, after: { assetTag: "C" } },
      { action: "model.created", entityId: 7, after: { name: "M" } },
    ]);
  });
  const marie = w.as("marie.manager").actor;
  await tdb.prisma.$transaction(async (tx) => {
    await writeAudit(tx, marie, new Date("2026-03-05T10:00:00Z"), { action: "equipment.status_changed", entityId: 1, labId: w.labs.BOS, before: { status: "ACTIVE" }, after: { status: "IN_REPAIR" }, reason: "Noise" });
  });
});
after(async () => {
  await tdb?.close();
});

test("scope: global roles see all, others their labs' events and never lab-less ones", async () => {
  assert.equal((await listAuditEvents(w.as("grace.audit"))).total, 5);
  const marie = await listAuditEvents(w.as("marie.manager"));
  assert.deepEqual(marie.items.map((e) => [e.action, e.entityId]), [["equipment.status_changed", "1"], ["equipment.created", "2"], ["equipment.created", "1"]]);
  assert.equal((await listAuditEvents(w.as("rosalind.audit"))).total, 2);
  await assert.rejects(listAuditEvents(w.as("tom.tech")), code("forbidden"));
  await assert.rejects(listAuditEvents(w.as("marie.manager"), { labId: w.labs.LON }), code("not_found"));
  await assert.rejects(listAuditEvents(w.as("theo.tech"), { labId: w.labs.BOS }), code("forbidden"));
});

test("filters by lab, user, entity, action and time; paging; validation", async () => {
  const admin = w.as("ada.admin");
  assert.equal((await listAuditEvents(admin, { labId: String(w.labs.BOS) })).total, 2);
  assert.equal((await listAuditEvents(admin, { userId: w.users["marie.manager"]!.id })).total, 1);
  assert.equal((await listAuditEvents(admin, { entityType: "equipment", entityId: "1" })).total, 2);
  assert.equal((await listAuditEvents(admin, { entityType: "model" })).total, 1);
  assert.equal((await listAuditEvents(admin, { from: "2026-03-02", to: "2026-03-06" })).items[0]!.reason, "Noise");
  const page = await listAuditEvents(admin, { page: 2, pageSize: 2 });
  assert.deepEqual([page.items.length, page.total], [2, 5]);
  await assert.rejects(listAuditEvents(admin, { entityType: "planet" } as unknown as ListAuditQuery), code("validation_failed"));
  await assert.rejects(listAuditEvents(admin, { from: "2026-03-06", to: "2026-03-02" }), code("validation_failed"));
});

test("export batches stream the scoped trail oldest first", async () => {
  const batches: string[][] = [];
  for await (const batch of auditEventBatches(w.as("marie.manager"), {}, 2)) batches.push(batch.map((e) => e.entityId));
  assert.deepEqual(batches, [["1", "2"], ["1"]]);
  const all: AuditEventView[] = [];
  for await (const batch of auditEventBatches(w.as("ada.admin"), {}, 2)) all.push(...batch);
  assert.equal(all.length, 5);
  assert.ok(all.every((e, i) => i === 0 || BigInt(e.seq) > BigInt(all[i - 1]!.seq)));
});
