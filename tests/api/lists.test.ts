import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_USERS } from "../../domain/seed/identities.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/** Every list the API answers comes in one envelope: { items, total, page, pageSize } (records add counts). */
describe("one list envelope", () => {
  let server: TestServer;
  let world: ApiWorld;
  let token = "";

  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    token = await devToken(server, "ada.admin");
  });
  after(async () => {
    await server?.close();
  });

  async function list(path: string, extraKeys: string[] = []) {
    const response = await server.call("GET", path, { token });
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
    assert.deepEqual(Object.keys(response.body).sort(), ["items", "page", "pageSize", "total", ...extraKeys].sort(), path);
    assert.ok(Array.isArray(response.body.items), path);
    return response.body as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
  }

  it("unpaged lists are one page holding everything: labs, models, users, dev users, directory", async () => {
    const labs = await list("/api/labs");
    assert.deepEqual(labs.items.map((l) => l.code), ["BOS", "LON", "SFO"]);
    assert.deepEqual([labs.total, labs.page, labs.pageSize], [3, 1, 3]);

    const models = await list("/api/models");
    const activeModels = await server.database.prisma.equipmentModel.count({ where: { active: true } });
    assert.deepEqual([models.items.length, models.total, models.page], [activeModels, activeModels, 1]);
    assert.deepEqual(models.items.map((m) => m.id).sort(), Object.values(world.models).sort());

    const users = await list("/api/users?includeDisabled=true");
    assert.equal(users.total, await server.database.prisma.user.count());
    assert.equal(users.items.length, users.total);

    const devUsers = await list("/api/dev/users");
    assert.deepEqual(devUsers.items.map((u) => u.upn), DEMO_USERS.map((u) => u.upn));
    assert.equal(devUsers.total, DEMO_USERS.length);

    const directory = await list("/api/directory/users?search=tom");
    assert.deepEqual(directory.items.map((u) => u.userPrincipalName), ["tom.tech@labkeep.dev"]);
    assert.equal(directory.total, 1);
  });

  it("paged lists say where the page sits: audit, equipment, records, users", async () => {
    const audit = await list("/api/audit?pageSize=5&page=2");
    assert.equal(audit.total, await server.database.prisma.auditEvent.count());
    assert.deepEqual([audit.items.length, audit.page, audit.pageSize], [5, 2, 5]);

    const equipment = await list(`/api/equipment?labId=${world.labs.BOS}&pageSize=3`);
    assert.equal(equipment.total, await server.database.prisma.equipment.count({ where: { labId: world.labs.BOS, status: { not: "OBSOLETE" } } }));
    assert.deepEqual([equipment.items.length, equipment.page, equipment.pageSize], [3, 1, 3]);

    const records = await list(`/api/records?labId=${world.labs.BOS}&pageSize=2`, ["counts"]);
    assert.equal(records.total, await server.database.prisma.pmRecord.count({ where: { labId: world.labs.BOS, status: "OPEN" } }));
    assert.deepEqual([records.page, records.pageSize], [1, 2]);

    // Users page in SQL when asked to: the second page of three is the next three of the whole list.
    const everyone = await list("/api/users?includeDisabled=true");
    const users = await list("/api/users?includeDisabled=true&page=2&pageSize=3");
    assert.deepEqual([users.total, users.page, users.pageSize], [everyone.total, 2, 3]);
    assert.deepEqual(users.items.map((u) => u.id), everyone.items.slice(3, 6).map((u) => u.id));
  });
});
