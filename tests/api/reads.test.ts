import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Db } from "../../domain/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { ROLE_USERS } from "./matrix.spec.ts";
import { buildApiWorld } from "./world.ts";

/**
 * The service is the only authority (R-AUTH-SRV): the route no longer reads the record or the
 * equipment to find its lab before the service reads it again. Counted per model on the real
 * server's client while a Manager reads one of each.
 */
const reads = new Map<string, number>();
let server: TestServer;
let database: TestDatabase;
let token = "";

function counting(db: Db): Db {
  const extended = db.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (/^(find|count|aggregate|groupBy)/.test(operation)) reads.set(model, (reads.get(model) ?? 0) + 1);
          return query(args);
        },
      },
    },
  });
  return extended as unknown as Db;
}

before(async () => {
  database = await createTestDatabase();
  await buildApiWorld(database.prisma);
  server = await startTestServer({ DEV_SIGN_IN: "true" }, { database: { ...database, prisma: counting(database.prisma) } });
  const response = await server.call("POST", "/api/dev/token", { body: { upn: ROLE_USERS.MANAGER } });
  token = response.body.token;
  await server.call("GET", "/api/me", { token }); // signs in (registration, group cache) before counting
});
after(() => server?.close());

async function readsOf(path: string): Promise<Map<string, number>> {
  reads.clear();
  const response = await server.call("GET", path, { token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return new Map(reads);
}

test("GET /api/records/:id reads the record once", async () => {
  const record = await database.prisma.pmRecord.findFirstOrThrow({ where: { lab: { code: "BOS" } }, orderBy: { id: "asc" } });
  const counted = await readsOf(`/api/records/${record.id}`);
  assert.equal(counted.get("PmRecord"), 1, JSON.stringify([...counted]));
});

test("GET /api/equipment/:id reads the equipment once", async () => {
  const equipment = await database.prisma.equipment.findFirstOrThrow({ where: { lab: { code: "BOS" } }, orderBy: { id: "asc" } });
  const counted = await readsOf(`/api/equipment/${equipment.id}`);
  assert.equal(counted.get("Equipment"), 1, JSON.stringify([...counted]));
});
