/**
 * The benchmarks' shared data: a database of its own on the PostgreSQL named by TEST_DATABASE_URL
 * (created, migrated, dropped at the end), holding the demo labs and users, 2,000 pieces of
 * equipment per lab and 1,000,000 daily records (BENCH_RECORDS to try it smaller), inserted
 * set-based with SQL. The newest three days are open (some overdue), older ones completed.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../domain/db/migrate.ts";
import { DEMO_LABS, DEMO_USERS, groupName } from "../domain/seed/identities.ts";

export const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
export const EQUIPMENT_PER_LAB = 2_000;

export function withDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Labs, demo users with their directory groups, one model, the fleet, then `RECORDS` daily records. */
export async function fill(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    for (const lab of DEMO_LABS) {
      await client.query(`INSERT INTO lab (code, name, time_zone, digest_hour, updated_at) VALUES ($1, $2, $3, $4, now())`, [lab.code, lab.name, lab.timeZone, lab.digestHour]);
    }
    for (const user of DEMO_USERS) {
      await client.query(
        `INSERT INTO app_user (aad_object_id, upn, display_name, status, primary_lab_id, updated_at)
         VALUES ($1, $2, $3, $4::"UserStatus", (SELECT id FROM lab WHERE code = $5), now())`,
        [user.aadObjectId, user.upn, user.displayName, user.status, user.primaryLab],
      );
      for (const group of user.groups) {
        const name = groupName(group.lab, group.role);
        await client.query(`INSERT INTO dev_directory_membership (aad_object_id, group_id, group_name) VALUES ($1, $2, $3)`, [user.aadObjectId, `bench-${name}`, name]);
      }
    }
    await client.query(`INSERT INTO equipment_model (manufacturer, name, frequencies, updated_at) VALUES ('Thermo', 'Bench Incubator', '{DAILY}', now())`);
    await client.query(`INSERT INTO checklist_task (model_id, frequency, position, title, kind, updated_at) VALUES (1, 'DAILY', 1, 'Check temperature', 'CHECK', now())`);
    await client.query(
      `INSERT INTO equipment (asset_tag, model_id, lab_id, location, status, updated_at)
       SELECT l.code || '-EQ-' || lpad(g::text, 5, '0'), 1, l.id, 'Room ' || (g % 40), 'ACTIVE', now()
       FROM lab l CROSS JOIN generate_series(1, $1::int) g`,
      [EQUIPMENT_PER_LAB],
    );
    const days = Math.ceil(RECORDS / (EQUIPMENT_PER_LAB * DEMO_LABS.length));
    // One record per equipment and day, newest days open (some overdue), older ones completed.
    await client.query(
      `INSERT INTO pm_record (lab_id, number, equipment_id, frequency, period_start, period_end, due_at, status,
                              completed_by_id, completed_at, completed_via, result)
       SELECT lab_id, row_number() OVER (PARTITION BY lab_id ORDER BY period_start, equipment_id), equipment_id, 'DAILY',
              period_start, period_start + interval '1 day', period_start + interval '1 day',
              CASE WHEN d < 3 THEN 'OPEN' ELSE 'COMPLETED' END::"RecordStatus",
              CASE WHEN d < 3 THEN NULL ELSE (SELECT id FROM app_user WHERE upn = 'tom.tech@labkeep.dev') END,
              CASE WHEN d < 3 THEN NULL ELSE period_start + interval '20 hours' END,
              CASE WHEN d < 3 THEN NULL ELSE 'TAB' END::"AuditSource",
              CASE WHEN d < 3 THEN NULL WHEN (equipment_id + d) % 29 = 0 THEN 'FAIL' ELSE 'PASS' END::"RecordResult"
       FROM (SELECT e.id AS equipment_id, e.lab_id, d, date_trunc('day', now()) - d * interval '1 day' AS period_start
             FROM equipment e CROSS JOIN generate_series(0, $1::int - 1) d
             ORDER BY d, e.id LIMIT $2::int) s`,
      [days, RECORDS],
    );
    await client.query(`INSERT INTO lab_record_counter (lab_id, last_number) SELECT lab_id, max(number) FROM pm_record GROUP BY lab_id`);
    // As autovacuum would have by then: sets the visibility map, so the counts read the index alone.
    await client.query("VACUUM ANALYZE");
    // Write the fill's WAL out now: otherwise the checkpoint it triggers runs (for a minute or more)
    // during whichever route happens to be measured then, and the ratio swings with it.
    await client.query("CHECKPOINT");
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pm_record");
    console.log(`filled: ${rows[0]!.n} records, ${EQUIPMENT_PER_LAB * DEMO_LABS.length} pieces of equipment in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

/** Creates, migrates and fills a database for one benchmark run, runs `body` on it, then drops it (BENCH_KEEP_DATABASE=1 keeps it). */
export async function benchDatabase<T>(prefix: string, body: (url: string) => Promise<T>): Promise<T> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("Set TEST_DATABASE_URL to a PostgreSQL server (e.g. postgresql://root@127.0.0.1:5432/postgres).");
  const name = `labkeep_bench_${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(base, name);
  try {
    await applyMigrations(url);
    await fill(url);
    return await body(url);
  } finally {
    if (process.env.BENCH_KEEP_DATABASE === "1") console.log(`kept database ${name} (BENCH_KEEP_DATABASE=1): drop it by hand`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
