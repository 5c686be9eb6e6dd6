import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { ROLE_USERS } from "./matrix.spec.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** A manager closes one open period as not required over HTTP; technicians may not; completed records cannot be. */
let server: TestServer;
let database: TestDatabase;
let world: ApiWorld;
const tokens: Record<"manager" | "technician", string> = { manager: "", technician: "" };

before(async () => {
  database = await createTestDatabase();
  world = await buildApiWorld(database.prisma);
  server = await startTestServer({ DEV_SIGN_IN: "true" }, { database });
  for (const [who, upn] of [["manager", ROLE_USERS.MANAGER], ["technician", ROLE_USERS.TECHNICIAN]] as const) {
    tokens[who] = await devToken(server, upn);
  }
});
after(() => server?.close());

const openBosRecords = () => database.prisma.pmRecord.findMany({ where: { labId: world.labs.BOS, status: "OPEN" }, orderBy: { id: "asc" }, take: 2 });
const post = (who: keyof typeof tokens, id: number, body: unknown) => server.call("POST", `/api/records/${id}/not-required`, { token: tokens[who], body });

test("POST /api/records/:id/not-required: 403 for a technician, 422 without a reason, then closed, audited and out of the open list", async () => {
  const [record] = await openBosRecords();
  assert.ok(record);
  const auditBefore = await database.prisma.auditEvent.count();

  const refused = await post("technician", record.id, { reason: "Not needed" });
  assert.equal(refused.status, 403);
  const blank = await post("manager", record.id, { reason: " " });
  assert.equal(blank.status, 422);
  assert.deepEqual(blank.body.error.details.fields.map((f: { field: string }) => f.field), ["reason"]);
  assert.equal((await database.prisma.pmRecord.findUniqueOrThrow({ where: { id: record.id } })).status, "OPEN");
  assert.equal(await database.prisma.auditEvent.count(), auditBefore);

  const done = await post("manager", record.id, { reason: "Equipment was away for calibration" });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.status, "NOT_REQUIRED");
  assert.equal(done.body.overdue, false);
  assert.equal(done.body.notRequired.reason, "Equipment was away for calibration");
  assert.equal(done.body.notRequired.by.displayName, "Marie Curie");
  const audit = await database.prisma.auditEvent.findMany({ where: { action: "record.not_required", entityId: String(record.id) } });
  assert.deepEqual(audit.map((e) => e.reason), ["Equipment was away for calibration"]);

  const list = await server.call("GET", `/api/records?labId=${world.labs.BOS}&status=open&pageSize=200`, { token: tokens.manager });
  assert.equal(list.status, 200);
  assert.ok(!list.body.items.some((r: { id: number }) => r.id === record.id));
  const rows = await database.prisma.pmRecord.groupBy({ by: ["status"], where: { labId: world.labs.BOS, frequency: record.frequency }, _count: true });
  const count = (status: string) => rows.find((r) => r.status === status)?._count ?? 0;
  assert.deepEqual([list.body.counts[record.frequency].open, list.body.counts[record.frequency].notRequired], [count("OPEN"), count("NOT_REQUIRED")]);
  assert.equal(count("NOT_REQUIRED"), 1);

  const again = await post("manager", record.id, { reason: "Twice" });
  assert.equal(again.status, 409);
});

test("a completed record cannot be marked not required (409) and stays completed", async () => {
  const [record] = await openBosRecords();
  assert.ok(record);
  const detail = await server.call("GET", `/api/records/${record.id}`, { token: tokens.technician });
  type Task = { taskId: number; kind: string; min: number | null; max: number | null };
  const results = (detail.body.checklist as Task[]).map((t) =>
    t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : t.kind === "READING" ? { taskId: t.taskId, reading: t.min ?? t.max ?? 0 } : { taskId: t.taskId, text: "ok" },
  );
  const completed = await server.call("POST", `/api/records/${record.id}/complete`, { token: tokens.technician, body: { results } });
  assert.equal(completed.status, 200, JSON.stringify(completed.body));

  const refused = await post("manager", record.id, { reason: "Too late" });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "conflict");
  assert.equal((await database.prisma.pmRecord.findUniqueOrThrow({ where: { id: record.id } })).status, "COMPLETED");
});
