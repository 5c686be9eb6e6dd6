// npm run bench:generator — record generation against the PostgreSQL server named by
// TEST_DATABASE_URL: 20 labs, 20,000 pieces of equipment, all five frequencies. Times a 30-day
// catch-up and one day through generateRecords, and a hand-written set-based INSERT … SELECT
// creating the same rows (the floor for this database) in a twin database, lab by lab in
// alternation so that both see the same load on a shared machine, then checks that both made
// identical rows.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createPrismaClient } from "../domain/db/client.ts";
import { applyMigrations } from "../domain/db/migrate.ts";
import { generateRecords } from "../domain/generator/generator.ts";
import { addDays } from "../domain/periods/periods.ts";
import { withDatabase } from "../tests/support/db.ts";

const LABS = 20;
const EQUIPMENT = 20_000;
const MODELS = 10;
const DAY = "2026-04-01"; // a Wednesday that starts a month and a quarter
const CATCH_UP_DAYS = 30;
const NOW = new Date("2026-04-01T12:00:00Z");
const ZONES = [
  "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kathmandu", "America/Los_Angeles",
  "Europe/Berlin", "Asia/Tokyo", "America/Sao_Paulo", "Africa/Johannesburg", "Asia/Kolkata",
  "Pacific/Auckland", "America/Chicago", "Europe/Paris", "Asia/Singapore", "America/Denver",
  "Europe/Madrid", "Asia/Dubai", "America/Toronto", "Europe/Dublin", "UTC",
];

const server = process.env.TEST_DATABASE_URL;
if (!server) {
  console.error("bench:generator needs TEST_DATABASE_URL, the PostgreSQL server to benchmark on (e.g. postgresql://root@127.0.0.1:5432/postgres).");
  process.exit(2);
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function seed(client: pg.Client, firstDate: string): Promise<void> {
  await client.query(
    `INSERT INTO lab (code, name, time_zone, generated_through, updated_at)
     SELECT 'L' || lpad(i::text, 2, '0'), 'Lab ' || i, ($1::text[])[i], $2::date, now() FROM generate_series(1, $3::int) i`,
    [ZONES, addDays(firstDate, -1), LABS],
  );
  await client.query(
    `INSERT INTO equipment_model (manufacturer, name, frequencies, updated_at)
     SELECT 'Bench', 'Model ' || i, '{DAILY,WEEKLY,MONTHLY,QUARTERLY,ANNUAL}', now() FROM generate_series(1, $1::int) i`,
    [MODELS],
  );
  await client.query(
    `INSERT INTO checklist_task (model_id, frequency, position, title, kind, updated_at)
     SELECT m.id, f, n, f || ' task ' || n, 'CHECK', now()
     FROM equipment_model m, unnest(enum_range(NULL::"Frequency")) f, generate_series(1, 2) n`,
  );
  await client.query(
    `INSERT INTO equipment (asset_tag, model_id, lab_id, status, active_since, updated_at)
     SELECT 'EQ-' || lpad(i::text, 6, '0'), 1 + i % $2::int, 1 + i % $3::int, 'ACTIVE', '2025-01-01', now()
     FROM generate_series(1, $1::int) i`,
    [EQUIPMENT, MODELS, LABS],
  );
  await client.query("INSERT INTO lab_record_counter (lab_id) SELECT id FROM lab");
  await client.query("VACUUM ANALYZE");
}

/** The floor: one statement per lab and phase, periods computed in SQL, no guards, no audit. */
const RAW_INSERT = `
  WITH day AS (
    SELECT l.id AS lab_id, l.time_zone, d::timestamp AS local_day
    FROM lab l, generate_series($1::date, $2::date, interval '1 day') d
    WHERE $5::int IS NULL OR l.id = $5::int
  ),
  period AS (
    SELECT DISTINCT day.lab_id, f.frequency,
           date_trunc(f.unit, day.local_day) AT TIME ZONE day.time_zone AS period_start,
           (date_trunc(f.unit, day.local_day) + f.step) AT TIME ZONE day.time_zone AS period_end
    FROM day CROSS JOIN (VALUES ('DAILY'::"Frequency", 'day', interval '1 day'), ('WEEKLY', 'week', interval '1 week'),
      ('MONTHLY', 'month', interval '1 month'), ('QUARTERLY', 'quarter', interval '3 months'), ('ANNUAL', 'year', interval '1 year')) f(frequency, unit, step)
  )
  INSERT INTO pm_record (lab_id, number, equipment_id, frequency, period_start, period_end, due_at, status, created_at)
  SELECT e.lab_id, c.last_number + row_number() OVER (PARTITION BY e.lab_id ORDER BY p.period_start, p.frequency, e.asset_tag),
         e.id, p.frequency, p.period_start, p.period_end, p.period_end, 'OPEN', $3
  FROM equipment e
  JOIN equipment_model m ON m.id = e.model_id
  JOIN period p ON p.lab_id = e.lab_id AND p.frequency = ANY (m.frequencies)
  JOIN lab_record_counter c ON c.lab_id = e.lab_id
  WHERE e.status = 'ACTIVE' AND ($5::int IS NULL OR e.lab_id = $5::int)
    -- the day after a catch-up only adds the periods starting that day
    AND ($4::date IS NULL OR p.period_start >= ($4::date::timestamp AT TIME ZONE (SELECT time_zone FROM lab WHERE id = e.lab_id)))`;

const ADVANCE_COUNTER = `UPDATE lab_record_counter c SET last_number = (SELECT coalesce(max(number), 0) FROM pm_record r WHERE r.lab_id = c.lab_id) WHERE c.lab_id = $1`;

const CHECKSUM = `
  SELECT count(*)::int AS n, md5(string_agg(concat_ws(':', lab_id, number, equipment_id, frequency, period_start, period_end, due_at), ',' ORDER BY lab_id, number)) AS sum
  FROM pm_record`;

interface Twin {
  name: string;
  url: string;
  client: pg.Client;
}

async function createTwin(admin: pg.Client, role: string): Promise<Twin> {
  const name = `labkeep_bench_${role}_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(server!, name);
  await applyMigrations(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { name, url, client };
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const twins: Twin[] = [];
  let prisma: ReturnType<typeof createPrismaClient> | null = null;
  try {
    const gen = await createTwin(admin, "gen");
    twins.push(gen);
    const raw = await createTwin(admin, "raw");
    twins.push(raw);
    prisma = createPrismaClient(gen.url, { poolSize: 2 });
    const firstDate = addDays(DAY, -CATCH_UP_DAYS);
    const t0 = performance.now();
    for (const twin of twins) await seed(twin.client, firstDate);
    console.log(`seeded ${LABS} labs, ${MODELS} models, ${EQUIPMENT} equipment (twice) in ${seconds(performance.now() - t0)} s`);

    const labIds = (await gen.client.query<{ id: number }>("SELECT id FROM lab ORDER BY id")).rows.map((row) => row.id);
    const phases = [
      { label: `${CATCH_UP_DAYS}-day catch-up`, from: firstDate, through: addDays(DAY, -1), startsFrom: null },
      { label: `one day (${DAY})`, from: DAY, through: DAY, startsFrom: DAY },
    ];
    let generatorMs = 0;
    let rawMs = 0;
    let generatorRecords = 0;
    for (const phase of phases) {
      let phaseGen = 0;
      let phaseRaw = 0;
      let created = 0;
      for (const [i, labId] of labIds.entries()) {
        const runGenerator = async () => {
          const t = performance.now();
          const [result] = await generateRecords(prisma!, { now: NOW, throughDate: phase.through, labIds: [labId] });
          phaseGen += performance.now() - t;
          created += result?.created ?? 0;
        };
        const runRaw = async () => {
          const t = performance.now();
          await raw.client.query("BEGIN");
          await raw.client.query(RAW_INSERT, [phase.from, phase.through, NOW, phase.startsFrom, labId]);
          await raw.client.query(ADVANCE_COUNTER, [labId]);
          await raw.client.query("COMMIT");
          phaseRaw += performance.now() - t;
        };
        // Alternate which goes first so that neither always meets the other's aftermath.
        if (i % 2 === 0) {
          await runGenerator();
          await runRaw();
        } else {
          await runRaw();
          await runGenerator();
        }
      }
      console.log(`${phase.label}: generateRecords ${created} records in ${seconds(phaseGen)} s; raw INSERT … SELECT ${seconds(phaseRaw)} s`);
      generatorMs += phaseGen;
      rawMs += phaseRaw;
      generatorRecords += created;
    }

    const fromGenerator = (await gen.client.query(CHECKSUM)).rows[0] as { n: number; sum: string };
    const fromRaw = (await raw.client.query(CHECKSUM)).rows[0] as { n: number; sum: string };
    if (fromGenerator.n !== fromRaw.n || fromGenerator.sum !== fromRaw.sum || fromGenerator.n !== generatorRecords) {
      console.error(`generator and raw SQL made different rows: ${fromGenerator.n} (${fromGenerator.sum}) vs ${fromRaw.n} (${fromRaw.sum})`);
      process.exitCode = 1;
    } else {
      console.log(`identical rows from generateRecords and raw SQL: ${fromRaw.n} records, checksum ${fromRaw.sum}`);
    }
    console.log(`generator: ${generatorRecords} records in ${seconds(generatorMs)} s, ${Math.round(generatorRecords / (generatorMs / 1000))} rec/s, ratio to raw SQL ${(generatorMs / rawMs).toFixed(2)}`);
  } finally {
    await prisma?.$disconnect();
    for (const twin of twins) {
      await twin.client.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${twin.name} WITH (FORCE)`);
    }
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
