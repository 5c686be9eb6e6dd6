import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { ROLE_USERS } from "./matrix.spec.ts";
import { buildApiWorld } from "./world.ts";

/**
 * Signed-in users' principals are cached (issue 9 §3: the API's extra query per request), and
 * the cache must never outlive a change: disabling a user or changing a grant takes effect on
 * the next request, whether the change came through Labkeep or straight through SQL.
 */
for (const embedded of [false, true]) {
  describe(`principal cache on the ${embedded ? "embedded database" : "PostgreSQL server"}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let admin = "";
    let tech = "";
    let techId = 0;
    let sql: pg.Client;

    before(async () => {
      database = await createTestDatabase({ embedded });
      await buildApiWorld(database.prisma);
      server = await startTestServer({ DEV_SIGN_IN: "true" }, { database });
      admin = await devToken(server, ROLE_USERS.ADMINISTRATOR);
      tech = await devToken(server, ROLE_USERS.TECHNICIAN);
      const me = await server.call("GET", "/api/me", { token: tech });
      assert.equal(me.status, 200);
      techId = me.body.user.id;
      sql = new pg.Client({ connectionString: database.url });
      await sql.connect();
    });
    after(async () => {
      await sql?.end();
      await server?.close();
    });

    /** The lab codes the technician sees, as the API answers now. */
    async function techLabs(): Promise<string[] | number> {
      const me = await server.call("GET", "/api/me", { token: tech });
      return me.status === 200 ? (me.body.labs as { code: string }[]).map((lab) => lab.code).sort() : me.status;
    }

    /** Polls until `read` answers `expected` (a change made outside this process is heard asynchronously). */
    async function eventually<T>(read: () => Promise<T>, expected: T, withinMs = 3000): Promise<T> {
      const until = Date.now() + withinMs;
      let last = await read();
      while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        last = await read();
      }
      return last;
    }

    test("a signed-in user's second request is answered from the cache (no query reads the user)", async () => {
      // Behind Labkeep's back and without the trigger's notification (replica mode skips triggers),
      // the user is renamed: the cached principal still answers with the old name.
      const before = await server.call("GET", "/api/me", { token: tech });
      const name = before.body.user.displayName as string;
      await sql.query("BEGIN");
      await sql.query("SET LOCAL session_replication_role = replica");
      await sql.query("UPDATE app_user SET display_name = 'Renamed Silently' WHERE id = $1", [techId]);
      await sql.query("COMMIT");
      const cached = await server.call("GET", "/api/me", { token: tech });
      assert.equal(cached.body.user.displayName, name, "served from the cache: the silent rename is not seen");
      // The database's own announcement drops the entry.
      await sql.query("SELECT pg_notify('labkeep_principal', $1)", [String(techId)]);
      const heard = await eventually(async () => (await server.call("GET", "/api/me", { token: tech })).body.user.displayName, "Renamed Silently");
      assert.equal(heard, "Renamed Silently");
      await sql.query("UPDATE app_user SET display_name = $2 WHERE id = $1", [techId, name]);
      assert.equal(await eventually(async () => (await server.call("GET", "/api/me", { token: tech })).body.user.displayName, name), name);
    });

    test("disabling a user through the API refuses their very next request, and enabling admits it", async () => {
      assert.equal((await server.call("GET", "/api/me", { token: tech })).status, 200);
      const disabled = await server.call("POST", `/api/users/${techId}/status`, { token: admin, body: { status: "DISABLED" } });
      assert.equal(disabled.status, 200);
      const refused = await server.call("GET", "/api/me", { token: tech });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, "user_disabled");
      assert.equal((await server.call("POST", `/api/users/${techId}/status`, { token: admin, body: { status: "ACTIVE" } })).status, 200);
      assert.equal((await server.call("GET", "/api/me", { token: tech })).status, 200);
    });

    test("a grant given and revoked through the API shows on the user's next request", async () => {
      const labs = await server.call("GET", "/api/labs", { token: admin });
      const codes = (labs.body.items as { id: number; code: string }[]);
      const mine = await techLabs();
      assert.ok(Array.isArray(mine));
      const other = codes.find((lab) => !mine.includes(lab.code));
      assert.ok(other, "the world has a lab the technician cannot see");
      assert.equal((await server.call("PUT", `/api/users/${techId}/access/${other.id}`, { token: admin, body: { role: "TECHNICIAN", reason: "Covering the other lab" } })).status, 200);
      assert.deepEqual(await techLabs(), [...mine, other.code].sort());
      assert.equal((await server.call("DELETE", `/api/users/${techId}/access/${other.id}?reason=Cover%20ended`, { token: admin })).status, 200);
      assert.deepEqual(await techLabs(), mine);
    });

    test("a user disabled straight in SQL (another writer) is refused within moments", async () => {
      assert.equal((await server.call("GET", "/api/me", { token: tech })).status, 200);
      await sql.query("UPDATE app_user SET status = 'DISABLED' WHERE id = $1", [techId]);
      assert.equal(await eventually(techLabs, 403), 403);
      await sql.query("UPDATE app_user SET status = 'ACTIVE' WHERE id = $1", [techId]);
      assert.equal(await eventually(async () => ((await techLabs()) === 403 ? "refused" : "admitted"), "admitted"), "admitted");
    });
  });
}
