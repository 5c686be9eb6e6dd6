// R-TRAIL as deployed (docs/compliance.md): migrations run as the tables' owner, the app as a
// role that owns nothing and was given rights by default privileges, as
// deploy/postgres-init/10-labkeep-app-role.sql sets them up for Compose.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { verifyAuditChain } from "../../domain/audit/audit.service.ts";
import { createPrismaClient, type Db } from "../../domain/db/client.ts";
import { applyMigrations } from "../../domain/db/migrate.ts";
import { appendEvents } from "../support/audit.ts";
import { withDatabase } from "../support/db.ts";

// Roles and logins need the PostgreSQL server (CI and every developer machine here run one);
// the embedded database has one user, and audit.test.ts checks its triggers with SET ROLE.
const server = process.env.TEST_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const suffix = randomBytes(4).toString("hex");
const name = `labkeep_t_role_${suffix}`;
const role = `labkeep_app_${suffix}`;
let ownerUrl: string;
let appUrl: string;
let app: Db;

async function sql(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

before(async () => {
  await sql(server, `CREATE DATABASE ${name}`, `CREATE ROLE ${role} LOGIN`);
  ownerUrl = withDatabase(server, name);
  // The init script's grants, made before any table exists.
  await sql(ownerUrl,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
  await applyMigrations(ownerUrl);
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = "";
  appUrl = url.toString();
  app = createPrismaClient(appUrl, { poolSize: 2 });
});
after(async () => {
  await app?.$disconnect();
  await sql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `DROP ROLE IF EXISTS ${role}`);
});

test("the app's role writes and reads the trail, and finds the migrations up to date", async () => {
  assert.deepEqual(await applyMigrations(appUrl), [], "npm start's migration step needs no owner rights when nothing is pending");
  await appendEvents(app, 3);
  assert.deepEqual(await verifyAuditChain(app), { ok: true, checked: 3 });
});

test("the migration left the app's role only SELECT and INSERT on audit_event", async () => {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const rights = await client.query<{ privilege: string; granted: boolean }>(
    `SELECT p AS privilege, has_table_privilege($1, 'audit_event', p) AS granted FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE']) AS p`, [role]);
  await client.end();
  assert.deepEqual(Object.fromEntries(rights.rows.map((r) => [r.privilege, r.granted])), { SELECT: true, INSERT: true, UPDATE: false, DELETE: false, TRUNCATE: false });
});

test("logged in as the app's role: DELETE, TRUNCATE and DISABLE TRIGGER are refused", async () => {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await assert.rejects(client.query("DELETE FROM audit_event"), /permission denied/);
    await assert.rejects(client.query("UPDATE audit_event SET reason = 'x'"), /permission denied/);
    await assert.rejects(client.query("TRUNCATE audit_event"), /permission denied/);
    await assert.rejects(client.query("ALTER TABLE audit_event DISABLE TRIGGER USER"), /must be owner/);
    await assert.rejects(client.query("DROP TABLE audit_event"), /must be owner/);
  } finally {
    await client.end();
  }
  assert.equal(await app.auditEvent.count(), 3);
});
