import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_USERS } from "../../domain/seed/identities.ts";
import { answerChecklist, checklistKey, loadChecklists } from "../../domain/seed/answers.ts";
import { seededRandom } from "../../domain/seed/random.ts";
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

  it("records filter by assignee (me, none or a person) in the page, the total and the counts, and carry who is assigned", async () => {
    const db = server.database.prisma;
    const tokens = Object.fromEntries(await Promise.all(["marie.manager", "tom.tech", "theo.tech", "tara.tech"].map(async (u) => [u, await devToken(server, u)] as const)));
    const user = async (upn: string) => db.user.findUniqueOrThrow({ where: { upn: `${upn}@labkeep.dev` } });
    const [tom, theo, tara] = [await user("tom.tech"), await user("theo.tech"), await user("tara.tech")];
    const call = async (who: string, method: string, path: string, body?: unknown) => {
      const response = await server.call(method, path, { token: tokens[who], ...(body === undefined ? {} : { body }) });
      assert.equal(response.status, 200, `${who} ${method} ${path}: ${JSON.stringify(response.body).slice(0, 300)}`);
      return response.body;
    };

    // Through the API: four BOS records to Tom, three to Theo, one SFO record to Tara (Marie manages both labs).
    const bosOpen = await db.pmRecord.findMany({ where: { labId: world.labs.BOS, status: "OPEN" }, orderBy: { id: "asc" }, include: { equipment: { select: { modelId: true } } } });
    const sfoOpen = await db.pmRecord.findFirstOrThrow({ where: { labId: world.labs.SFO, status: "OPEN" }, orderBy: { id: "asc" } });
    assert.ok(bosOpen.length >= 12, `${bosOpen.length} open BOS records`);
    const plan: [number, number][] = [
      ...bosOpen.slice(0, 4).map((r) => [r.id, tom.id] as [number, number]),
      ...bosOpen.slice(4, 7).map((r) => [r.id, theo.id] as [number, number]),
      [sfoOpen.id, tara.id],
    ];
    for (const [id, assigneeId] of plan) await call("marie.manager", "PUT", `/api/records/${id}/assignee`, { assigneeId });
    // Tom completes one of his and one unassigned record, so completed counts are narrowed too.
    const checklists = await loadChecklists(db);
    for (const record of [bosOpen[0]!, bosOpen[10]!]) {
      const { results } = answerChecklist(checklists.get(checklistKey(record.equipment.modelId, record.frequency)) ?? [], seededRandom(record.id), 0);
      await call("tom.tech", "POST", `/api/records/${record.id}/complete`, { results });
    }

    const rows = await db.pmRecord.findMany({ select: { id: true, labId: true, frequency: true, status: true, assigneeId: true, assignee: { select: { id: true, displayName: true } } } });
    const labsOf = async (who: string) => ((await call(who, "GET", "/api/labs")).items as { id: number }[]).map((l) => l.id);
    type Item = { id: number; assignee: { id: number; displayName: string } | null };
    type RecordPage = { items: Item[]; total: number; counts: Record<string, { open: number; completed: number; notRequired: number }> };
    /** Every page of a records list, 7 at a time: the ids, the total each page said, the last page's counts. */
    const walk = async (who: string, path: string) => {
      const items: Item[] = [];
      const totals = new Set<number>();
      for (let page = 1; ; page++) {
        const body = (await call(who, "GET", `${path}&pageSize=7&page=${page}`)) as RecordPage;
        items.push(...body.items);
        totals.add(body.total);
        if (page * 7 >= body.total) return { items, totals: [...totals], counts: body.counts };
      }
    };
    const check = async (who: string, path: string, expected: typeof rows) => {
      const got = await walk(who, path);
      assert.deepEqual(got.totals, [expected.length], `${who} ${path}: total`);
      assert.deepEqual(got.items.map((i) => i.id).sort((a, b) => a - b), expected.map((r) => r.id).sort((a, b) => a - b), `${who} ${path}: ids`);
      const byId = new Map(expected.map((r) => [r.id, r]));
      for (const item of got.items) assert.deepEqual(item.assignee, byId.get(item.id)!.assignee, `${who} ${path}: assignee of ${item.id}`);
      return got;
    };

    const tomLabs = await labsOf("tom.tech");
    const theoLabs = await labsOf("theo.tech");
    const tomsRecords = rows.filter((r) => r.assigneeId === tom.id && tomLabs.includes(r.labId));
    assert.equal(tomsRecords.length, 4);
    await check("tom.tech", "/api/records?assignee=me", tomsRecords);
    await check("tom.tech", "/api/records?assignee=me&status=completed", tomsRecords.filter((r) => r.status === "COMPLETED"));
    await check("tom.tech", "/api/records?assignee=me&status=open", tomsRecords.filter((r) => r.status === "OPEN"));
    const theosRecords = rows.filter((r) => r.assigneeId === theo.id && theoLabs.includes(r.labId));
    assert.equal(theosRecords.length, 3);
    await check("theo.tech", "/api/records?assignee=me", theosRecords);
    await check("marie.manager", `/api/records?labId=${world.labs.BOS}&assignee=${theo.id}`, theosRecords);
    await check("marie.manager", `/api/records?labId=${world.labs.SFO}&assignee=${tara.id}`, rows.filter((r) => r.id === sfoOpen.id));
    await check("marie.manager", `/api/records?labId=${world.labs.SFO}&assignee=${tom.id}`, []);

    // Unassigned: the page, the total and every frequency's counts follow the filter.
    const bosUnassigned = rows.filter((r) => r.labId === world.labs.BOS && r.assigneeId === null);
    const unassigned = await check("marie.manager", `/api/records?labId=${world.labs.BOS}&assignee=none`, bosUnassigned);
    for (const [frequency, counts] of Object.entries(unassigned.counts)) {
      const of = (status: string) => bosUnassigned.filter((r) => r.frequency === frequency && r.status === status).length;
      assert.deepEqual([counts.open, counts.completed, counts.notRequired], [of("OPEN"), of("COMPLETED"), of("NOT_REQUIRED")], `${frequency} counts`);
    }
    assert.ok(bosUnassigned.some((r) => r.status === "COMPLETED") && rows.some((r) => r.labId === world.labs.BOS && r.assigneeId !== null && r.status === "COMPLETED"));
    await check("marie.manager", `/api/records?labId=${world.labs.BOS}&assignee=none&status=completed`, bosUnassigned.filter((r) => r.status === "COMPLETED"));
    // With a search (a record number): an unassigned record is found, an assigned one is not.
    const numbered = (r: { number: number }) => `BOS-${String(r.number).padStart(6, "0")}`;
    await check("marie.manager", `/api/records?labId=${world.labs.BOS}&assignee=none&search=${numbered(bosOpen[10]!)}`, rows.filter((r) => r.id === bosOpen[10]!.id));
    await check("marie.manager", `/api/records?labId=${world.labs.BOS}&assignee=none&search=${numbered(bosOpen[0]!)}`, []);
    await check("marie.manager", `/api/records?labId=${world.labs.BOS}&assignee=${tom.id}&search=${numbered(bosOpen[0]!)}`, rows.filter((r) => r.id === bosOpen[0]!.id));
    // Across every lab an administrator sees: the assigned ones are exactly the plan.
    const everyone = await list(`/api/records?assignee=${tom.id}&pageSize=200`, ["counts"]);
    assert.deepEqual(everyone.items.map((i) => i.id).sort(), tomsRecords.map((r) => r.id).sort());

    for (const value of ["abc", "-1", "2147483648", "0", "Me", ""]) {
      const response = await server.call("GET", `/api/records?assignee=${value}`, { token });
      assert.equal(response.status, 422, `assignee=${value}: ${JSON.stringify(response.body)}`);
      assert.deepEqual(response.body.error.details.fields.map((f: { field: string }) => f.field), ["assignee"], `assignee=${value}`);
    }
  });
});
