import assert from "node:assert/strict";
import { connect, createServer, type Server, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { freePort, smallWorld, startServer, waitReady, waitUntil, type ServerProcess } from "./server-process.ts";

/** A TCP proxy on loopback in front of the database, which the test can cut and restore. */
class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, "127.0.0.1", resolve));
  }

  /** Refuses new connections and drops the open ones, as a database going away would. */
  cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** Sends a request in two parts over a raw socket and returns the whole response text. */
function slowRequest(port: number, head: string, body: string) {
  const socket = connect(port, "127.0.0.1");
  let response = "";
  socket.on("data", (chunk: Buffer) => (response += chunk.toString()));
  const closed = new Promise<string>((resolve, reject) => {
    socket.on("close", () => resolve(response));
    socket.on("error", reject);
  });
  const half = Math.floor(body.length / 2);
  const sentFirst = new Promise<void>((resolve) => socket.on("connect", () => socket.write(head + body.slice(0, half), () => resolve())));
  return { sentFirst, finish: () => socket.write(body.slice(half)), closed };
}

describe("readiness and graceful shutdown (real server process)", () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let server: ServerProcess;

  before(async () => {
    database = await createTestDatabase();
    await smallWorld(database.prisma);
    const target = new URL(database.url);
    proxy = new CuttableProxy(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(database.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    server = await startServer({ DATABASE_URL: viaProxy.toString(), NODE_ENV: "development", DATABASE_POOL_SIZE: "3", SHUTDOWN_TIMEOUT_SECONDS: "20" });
    await waitReady(server);
  });

  after(async () => {
    if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
    await server?.exited;
    await proxy?.cut();
    await database?.close();
  });

  test("/readyz fails while the database is unreachable and recovers after; /healthz stays up", async () => {
    assert.equal(await server.status("/readyz"), 200);
    await proxy.cut();
    await waitUntil("/readyz to fail", async () => (await server.status("/readyz")) === 503, 20_000, 250);
    assert.equal(await server.status("/healthz"), 200, "liveness does not depend on the database");
    await proxy.open();
    await waitUntil("/readyz to recover", async () => (await server.status("/readyz")) === 200, 30_000, 250);
    assert.equal(server.child.exitCode, null, "the server survived the outage");
  });

  test("SIGTERM stops accepting connections, finishes the request in flight, then exits 0", async () => {
    const body = JSON.stringify({ upn: "nobody@example.com", padding: "x".repeat(2000) });
    const head = [
      "POST /api/dev/token HTTP/1.1",
      `Host: 127.0.0.1:${server.port}`,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
      "",
      "",
    ].join("\r\n");
    const request = slowRequest(server.port, head, body);
    await request.sentFirst;
    await new Promise((r) => setTimeout(r, 300)); // the server has the request's head
    server.child.kill("SIGTERM");
    await server.waitForLog("the shutdown to begin", (line) => typeof line.msg === "string" && line.msg.startsWith("shutting down"), 10_000);

    await assert.rejects(fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) }), "new connections are refused");
    request.finish();
    const response = await request.closed;
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
    assert.ok(status >= 200 && status < 500, `the request in flight got a real answer:\n${response.slice(0, 400)}`);
    assert.match(response, /\r\n\r\n\{/, "with its JSON body");

    const exit = await server.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(server.logs.some((line) => line.msg === "stopped"));
  });
});
