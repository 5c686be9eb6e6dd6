import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { createPrismaClient } from "../../domain/db/client.ts";
import { toErrorResponse } from "../../server/http/errors.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { relay, type Relay } from "../support/relay.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** Words that would reveal internals (driver, host, Prisma's invocation text). */
const INTERNAL = /prisma|invocation|127\.0\.0\.1|ECONN|timeout|terminated|stack|\.ts:/i;

// docs/operations.md: while the database is away the API answers 503 `unavailable` with Retry-After.
describe("database outage", () => {
  let database: TestDatabase;
  let server: TestServer;
  let line: Relay;
  let world: ApiWorld;
  let token: string;
  before(async () => {
    database = await createTestDatabase();
    world = await buildApiWorld(database.prisma);
    line = await relay(new URL(database.url));
    // Short limits so the silent network fails within the test's patience (defaults: 5 s, 30 s, 15 s).
    const prisma = createPrismaClient(line.url(database.url), { poolSize: 3, timeouts: { connectMs: 800, queryMs: 1500, transactionWaitMs: 1500 } });
    const relayed = { url: line.url(database.url), prisma, kind: database.kind, close: async () => { await prisma.$disconnect(); await line.close(); await database.close(); } };
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { database: relayed });
    token = await devToken(server, "ada.admin");
  });
  after(() => server?.close());

  const read = () => server.call("GET", `/api/equipment?labId=${world.labs.BOS}`, { token });
  const write = () => server.call("POST", "/api/equipment", { token, body: { assetTag: `OUT-${Date.now()}`, modelId: Object.values(world.models)[0], labId: world.labs.BOS } });

  function assertUnavailable(answer: Awaited<ReturnType<typeof read>>, what: string): void {
    assert.equal(answer.status, 503, `${what}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, "unavailable");
    assert.equal(answer.headers.get("retry-after"), "5");
    assert.equal(answer.body.error.details, undefined);
    assert.doesNotMatch(answer.body.error.message, INTERNAL);
  }

  it("answers 503 with Retry-After while the database is cut, and serves again once it is back", async () => {
    const up = await read();
    assert.equal(up.status, 200);
    const expected = await database.prisma.equipment.count({ where: { labId: world.labs.BOS, status: { not: "OBSOLETE" } } });
    assert.equal(up.body.total, expected);

    await line.cut();
    assertUnavailable(await read(), "read after the cut");
    assertUnavailable(await read(), "read again (pool reconnecting)");
    assertUnavailable(await write(), "write");

    await line.restore();
    const back = await read();
    assert.equal(back.status, 200);
    assert.equal(back.body.total, expected);
    assert.equal(await database.prisma.equipment.count({ where: { assetTag: { startsWith: "OUT-" } } }), 0, "nothing written during the outage");
  });

  it("logs an outage as one warn line without a stack", async () => {
    await line.cut();
    const client = createPrismaClient(line.url(database.url), { poolSize: 1, timeouts: { connectMs: 500 } });
    const refused = await client.lab.count().catch((error: unknown) => error);
    await client.$disconnect();
    await line.restore();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: "info" }, new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } }));
    const answer = toErrorResponse(refused, log);
    assert.equal(answer.status, 503);
    assert.equal(answer.headers?.["Retry-After"], "5");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 1);
    assert.deepEqual([lines[0]!.level, lines[0]!.msg], [40, "database unavailable"]);
    assert.doesNotMatch(JSON.stringify(lines[0]), /"stack"|\bat .*\.ts:\d+/);
  });

  it("fails within seconds, not never, when the network drops packets silently", async () => {
    assert.equal((await read()).status, 200);
    line.stall();
    for (const [what, request] of [["read", read], ["write", write]] as const) {
      const started = Date.now();
      const answer = await request();
      assertUnavailable(answer, `${what} on a silent network`);
      assert.ok(Date.now() - started < 5_000, `${what} took ${Date.now() - started} ms`);
    }
    await line.restore();
    // A pooled connection the silence killed may answer one more 503 as it is discarded; within
    // the Retry-After the server announced (5 s), the API serves again.
    const until = Date.now() + 5_000;
    let status = (await read()).status;
    while (status !== 200 && Date.now() < until) status = (await read()).status;
    assert.equal(status, 200);
  });
});
