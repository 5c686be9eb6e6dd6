import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Prisma } from "../../domain/db/generated/client.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";

/**
 * Sortable lists (the tab's column headers): `sort` and `dir` are validated, sorted in SQL with a
 * stable tie-breaker, and paging walks the same order. Each expected order is read from the
 * database through Prisma's own ORDER BY, a second path beside the list's SQL.
 */
describe("sorted lists", () => {
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

  async function get(path: string) {
    const response = await server.call("GET", path, { token });
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
    return response.body as { items: { id: number }[]; total: number };
  }

  /** Every page of a list, `pageSize` at a time, as one list of ids. */
  async function walk(path: string, pageSize: number): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const body = await get(`${path}&page=${page}&pageSize=${pageSize}`);
      ids.push(...body.items.map((item) => item.id));
      if (page * pageSize >= body.total) return ids;
    }
  }

  const recordIds = async (orderBy: Prisma.PmRecordOrderByWithRelationInput[], where: Prisma.PmRecordWhereInput = {}) =>
    (await server.database.prisma.pmRecord.findMany({ where, orderBy, select: { id: true } })).map((r) => r.id);

  it("records sort by asset tag, model, lab, due and number in either direction, and pages walk that order", async () => {
    const bos = { labId: world.labs.BOS };
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=assetTag`, 7),
      await recordIds([{ equipment: { assetTag: "asc" } }, { id: "asc" }], bos));
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=assetTag&dir=desc`, 7),
      await recordIds([{ equipment: { assetTag: "desc" } }, { id: "desc" }], bos));
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=model`, 5),
      await recordIds([{ equipment: { model: { name: "asc" } } }, { id: "asc" }], bos));
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=due&dir=desc`, 9),
      await recordIds([{ dueAt: "desc" }, { id: "desc" }], bos));
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=number`, 50),
      await recordIds([{ number: "asc" }, { id: "asc" }], bos));
    // Across labs (an administrator sees all): lab code, then id.
    const all = await walk("/api/records?sort=lab&dir=desc", 50);
    assert.deepEqual(all, await recordIds([{ lab: { code: "desc" } }, { id: "desc" }]));
    assert.ok(all.length > 100, `${all.length} records across the labs`);
  });

  it("records sort by status: overdue, then due, then closed as not required", async () => {
    const [first] = (await get(`/api/records?labId=${world.labs.SFO}&sort=due&pageSize=1`)).items;
    const closed = await server.call("POST", `/api/records/${first!.id}/not-required`, { token, body: { reason: "Sorting test" } });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const sorted = await get(`/api/records?labId=${world.labs.SFO}&sort=status&pageSize=200`);
    const rows = await server.database.prisma.pmRecord.findMany({ where: { labId: world.labs.SFO }, select: { id: true, status: true, dueAt: true } });
    const now = Date.now();
    const rank = (r: (typeof rows)[number]) => (r.status === "OPEN" ? (r.dueAt.getTime() < now ? 0 : 1) : r.status === "COMPLETED" ? 2 : 3);
    const expected = [...rows].sort((a, b) => rank(a) - rank(b) || a.id - b.id).map((r) => r.id);
    assert.deepEqual(sorted.items.map((r) => r.id), expected);
    assert.equal(sorted.items.at(-1)!.id, first!.id, "the period closed as not required comes last");
  });

  it("records sort by assignee name, unassigned last in either direction, and pages walk that order", async () => {
    const db = server.database.prisma;
    const people = await db.user.findMany({ where: { upn: { in: ["tom.tech@labkeep.dev", "theo.tech@labkeep.dev"] } } });
    const open = await db.pmRecord.findMany({ where: { labId: world.labs.BOS, status: "OPEN" }, orderBy: { id: "desc" }, take: 5 });
    for (const [i, record] of open.entries()) {
      const assigned = await server.call("PUT", `/api/records/${record.id}/assignee`, { token, body: { assigneeId: people[i % 2]!.id } });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    }
    const rows = await db.pmRecord.findMany({ where: { labId: world.labs.BOS }, select: { id: true, assignee: { select: { displayName: true } } } });
    const byName = (dir: 1 | -1) => [...rows].sort((a, b) => {
      const [x, y] = [a.assignee?.displayName, b.assignee?.displayName];
      if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : dir * (x < y ? -1 : 1);
      return dir * (a.id - b.id);
    }).map((r) => r.id);
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=assignee`, 4), byName(1));
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&sort=assignee&dir=desc`, 4), byName(-1));
    assert.deepEqual(await walk(`/api/records?labId=${world.labs.BOS}&assignee=none&sort=assignee&dir=desc`, 6), byName(-1).slice(open.length));
  });

  it("an unknown sort or direction is refused (422) naming the field", async () => {
    for (const [path, field] of [
      ["/api/records?sort=colour", "sort"], ["/api/records?sort=due&dir=sideways", "dir"],
      ["/api/equipment?sort=colour", "sort"], ["/api/equipment?dir=up", "dir"],
      ["/api/users?sort=age", "sort"], ["/api/audit?sort=hash", "sort"], ["/api/audit?dir=0", "dir"],
    ] as const) {
      const response = await server.call("GET", path, { token });
      assert.equal(response.status, 422, path);
      assert.deepEqual(response.body.error.details.fields.map((f: { field: string }) => f.field), [field], path);
    }
  });

  it("equipment, users and audit sort on their columns", async () => {
    const eq = (orderBy: Prisma.EquipmentOrderByWithRelationInput[]) =>
      server.database.prisma.equipment.findMany({ where: { labId: world.labs.BOS, status: { not: "OBSOLETE" } }, orderBy, select: { id: true } }).then((rows) => rows.map((r) => r.id));
    assert.deepEqual(await walk(`/api/equipment?labId=${world.labs.BOS}&sort=model&dir=desc`, 4),
      await eq([{ model: { name: "desc" } }, { assetTag: "desc" }]));
    assert.deepEqual(await walk(`/api/equipment?labId=${world.labs.BOS}&sort=location`, 4),
      await eq([{ location: { sort: "asc", nulls: "last" } }, { assetTag: "asc" }]));

    const users = await get("/api/users?includeDisabled=true&sort=upn&dir=desc");
    const expectedUsers = await server.database.prisma.user.findMany({ orderBy: [{ upn: "desc" }, { id: "desc" }], select: { id: true } });
    assert.deepEqual(users.items.map((u) => u.id), expectedUsers.map((u) => u.id));

    const audit = (await server.call("GET", "/api/audit?sort=action&dir=asc&pageSize=20", { token })).body as { items: { seq: string }[] };
    const expectedAudit = await server.database.prisma.auditEvent.findMany({ orderBy: [{ action: "asc" }, { seq: "asc" }], take: 20, select: { seq: true } });
    assert.deepEqual(audit.items.map((e) => String(e.seq)), expectedAudit.map((e) => String(e.seq)));
  });
});
