import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPrismaClient } from "../../domain/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { relay, type Relay } from "../support/relay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

// R-OPS: /readyz follows the database; /healthz only the process.
describe("health endpoints", () => {
  let database: TestDatabase;
  let server: TestServer;
  let line: Relay;
  before(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    line = await relay(target);
    const relayed = new URL(database.url);
    relayed.hostname = "127.0.0.1";
    relayed.port = String(line.port());
    const prisma = createPrismaClient(relayed.toString(), { poolSize: 2 });
    server = await startTestServer({}, { database: { url: relayed.toString(), prisma, kind: database.kind, close: async () => { await prisma.$disconnect(); await database.close(); } } });
  });
  after(() => server?.close());

  it("fails /readyz while the database is unreachable and recovers after", async () => {
    assert.equal((await server.call("GET", "/readyz")).status, 200);
    await line.cut();
    const down = await server.call("GET", "/readyz");
    assert.equal(down.status, 503);
    assert.equal(down.body.error.code, "unavailable");
    assert.equal((await server.call("GET", "/healthz")).status, 200, "the process itself is fine");
    await line.restore();
    assert.equal((await server.call("GET", "/readyz")).status, 200);
  });
});
