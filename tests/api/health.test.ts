import assert from "node:assert/strict";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createPrismaClient } from "../../domain/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** A loopback TCP relay in front of the database, which the test can cut and restore. */
async function relay(target: URL) {
  const sockets = new Set<Socket>();
  let listener: Server | null = null;
  let port = 0;
  const open = async () => {
    listener = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
    });
    await new Promise<void>((resolve) => listener!.listen(port, "127.0.0.1", resolve));
    port = (listener.address() as AddressInfo).port;
  };
  await open();
  return {
    port: () => port,
    cut: async () => {
      await new Promise<void>((resolve) => { listener!.close(() => resolve()); for (const s of sockets) s.destroy(); });
    },
    restore: open,
  };
}

// R-OPS: /readyz follows the database; /healthz only the process.
describe("health endpoints", () => {
  let database: TestDatabase;
  let server: TestServer;
  let line: Awaited<ReturnType<typeof relay>>;
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
