import { createServer, connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { createPrismaClient } from "../../domain/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

/**
 * A TCP proxy between the server and PostgreSQL that a test can cut: every open connection is
 * dropped and new ones are refused, as when the database host goes away, until restored.
 */
export interface CuttableDatabase {
  database: TestDatabase;
  cut(): void;
  restore(): void;
}

export async function cuttableDatabase(): Promise<CuttableDatabase> {
  const real = await createTestDatabase();
  const target = new URL(real.url);
  const sockets = new Set<Socket>();
  let down = false;
  const proxy = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = new URL(real.url);
  url.hostname = "127.0.0.1";
  url.port = String((proxy.address() as AddressInfo).port);
  const prisma = createPrismaClient(url.toString(), { poolSize: 5 });
  return {
    database: {
      url: url.toString(),
      prisma,
      kind: real.kind,
      async close() {
        down = false;
        await prisma.$disconnect();
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
        await real.close();
      },
    },
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      down = false;
    },
  };
}
