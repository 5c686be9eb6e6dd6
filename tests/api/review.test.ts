import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** R-REVIEW over HTTP: the lab setting round trip, the performer refused, another manager accepted, return and resubmit. */
let server: TestServer;
let database: TestDatabase;
let world: ApiWorld;
const tokens: Record<string, string> = {};

before(async () => {
  database = await createTestDatabase();
  world = await buildApiWorld(database.prisma);
  server = await startTestServer({ DEV_SIGN_IN: "true" }, { database });
  for (const who of ["ada.admin", "marie.manager", "tom.tech", "grace.audit"]) tokens[who] = await devToken(server, `${who}@labkeep.dev`);
});
after(() => server?.close());

const call = (who: string, method: "GET" | "POST" | "PATCH", path: string, body?: unknown) => server.call(method, path, { token: tokens[who], body });

/** Completes a BOS record over HTTP as `who`, answering every task as its checklist needs. */
async function completeAs(who: string, recordId: number) {
  const record = (await call(who, "GET", `/api/records/${recordId}`)).body;
  const results = record.checklist.map((t: { taskId: number; kind: string; min: number | null; max: number | null }) =>
    t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : t.kind === "READING" ? { taskId: t.taskId, reading: t.min ?? t.max ?? 1 } : { taskId: t.taskId, text: "ok" },
  );
  const done = await call(who, "POST", `/api/records/${recordId}/complete`, { results });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  return done.body;
}

test("PATCH /api/labs/:id reviewRequired round-trips; a completed record then awaits review; the performer is refused; return and resubmit", async () => {
  const setting = async (who: string) => (await call(who, "GET", "/api/labs")).body.items.find((l: { id: number }) => l.id === world.labs.BOS).reviewRequired;
  assert.equal(await setting("ada.admin"), false);
  const bad = await call("ada.admin", "PATCH", `/api/labs/${world.labs.BOS}`, { reviewRequired: "sometimes" });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field), ["reviewRequired"]);
  const patched = await call("ada.admin", "PATCH", `/api/labs/${world.labs.BOS}`, { reviewRequired: true });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.reviewRequired, true);
  assert.equal(await setting("marie.manager"), true);

  const [first, second] = await database.prisma.pmRecord.findMany({ where: { labId: world.labs.BOS, status: "OPEN" }, orderBy: { id: "asc" }, take: 2 });
  const completed = await completeAs("marie.manager", first!.id);
  assert.deepEqual(completed.review, { state: "AWAITING", by: null, at: null, comment: null, reason: null });

  const own = await call("marie.manager", "POST", `/api/records/${first!.id}/review`, { comment: "fine" });
  assert.equal(own.status, 403);
  assert.equal(own.body.error.message, "You completed this record, so you cannot review or return it: a second person must check it.");
  assert.equal((await call("grace.audit", "POST", `/api/records/${first!.id}/review`, {})).status, 403);
  assert.equal((await database.prisma.pmRecord.findUniqueOrThrow({ where: { id: first!.id } })).reviewState, "AWAITING");

  const queue = await call("ada.admin", "GET", `/api/reviews?labId=${world.labs.BOS}`);
  assert.equal(queue.status, 200);
  const awaiting = await database.prisma.pmRecord.count({ where: { labId: world.labs.BOS, reviewState: "AWAITING" } });
  assert.deepEqual([queue.body.total, queue.body.items.map((i: { id: number }) => i.id)], [awaiting, [first!.id]]);
  assert.equal((await call("marie.manager", "GET", "/api/reviews")).body.total, 0, "not in the performer's own queue");

  // Another manager may review, but reviewing is a signature (R-SIGN): without a fresh sign-in in X-Labkeep-Signature it is refused.
  const unsigned = await call("ada.admin", "POST", `/api/records/${first!.id}/review`, { comment: "Checked" });
  assert.equal(unsigned.status, 403);
  assert.deepEqual([unsigned.body.error.code, unsigned.body.error.details.reason], ["signature_auth_required", "missing"]);
  assert.equal((await database.prisma.pmRecord.findUniqueOrThrow({ where: { id: first!.id } })).reviewState, "AWAITING");

  // Returned with a reason: the technician sees it in their returned list and resubmits.
  await completeAs("tom.tech", second!.id);
  const nul = await call("marie.manager", "POST", `/api/records/${second!.id}/return`, { reason: "bad\u0000" });
  assert.equal(nul.status, 422);
  const returned = await call("marie.manager", "POST", `/api/records/${second!.id}/return`, { reason: "Photo of the seal missing" });
  assert.equal(returned.status, 200);
  const mine = await call("tom.tech", "GET", "/api/reviews/returned");
  assert.deepEqual(mine.body.items.map((i: { id: number; review: { comment: string } }) => [i.id, i.review.comment]), [[second!.id, "Photo of the seal missing"]]);
  const resubmitted = await call("tom.tech", "POST", `/api/records/${second!.id}/resubmit`, { note: "Photo attached to the log", comment: "Seal photographed" });
  assert.equal(resubmitted.status, 200, JSON.stringify(resubmitted.body));
  assert.deepEqual([resubmitted.body.review.state, resubmitted.body.comment], ["AWAITING", "Seal photographed"]);
  assert.equal((await call("tom.tech", "GET", "/api/reviews/returned")).body.total, 0);
});
