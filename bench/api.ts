/**
 * `npm run bench:api`: the maintenance list of one lab under 100 concurrent connections, through
 * the real server (token validation, principal, policy, listRecords, JSON) and, in the same run,
 * through a bare restify route issuing the same SQL with `pg`. On the PostgreSQL named by
 * TEST_DATABASE_URL, in a database of its own (created and dropped) holding 1,000,000 records
 * inserted set-based with SQL (bench/data.ts).
 *
 * Last line: `api: p50 <ms> p95 <ms> p99 <ms>, <n> req/s, throughput ratio to bare <x>, p95@10 <ms> (bare <ms>)`.
 */
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import pg from "pg";
import { pino } from "pino";
import restify, { type Request, type Response } from "restify";
import { loadConfig } from "../server/config.ts";
import { buildServices } from "../server/start.ts";
import { benchDatabase } from "./data.ts";

const CONNECTIONS = 100;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
/** How many alternating rounds the DURATION_S of each route is split into. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGE_SIZE = 50;

/** The SQL listRecords issues for one lab without filters (page 1 and the counts), through plain pg. */
const PAGE_SQL = `
  SELECT r.id, r.lab_id AS "labId", l.code AS "labCode", r.number, r.equipment_id AS "equipmentId",
         e.asset_tag AS "assetTag", m.name AS "modelName", e.location, r.frequency::text AS frequency,
         r.period_start AS "periodStart", r.period_end AS "periodEnd", r.due_at AS "dueAt", r.status::text AS status,
         r.completed_at AS "completedAt", r.completed_by_id AS "completedById", u.display_name AS "completedByName",
         r.result::text AS result, r.comment
  FROM (SELECT p.* FROM (VALUES ($1::int)) AS scope_lab (id) CROSS JOIN LATERAL (
          SELECT r.* FROM pm_record r WHERE r.lab_id = scope_lab.id
          ORDER BY r.status ASC, r.due_at ASC, r.id ASC LIMIT $2) p
        ORDER BY p.status ASC, p.due_at ASC, p.id ASC LIMIT $2 OFFSET 0) r
  JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = r.lab_id
  LEFT JOIN app_user u ON u.id = r.completed_by_id
  ORDER BY r.status ASC, r.due_at ASC, r.id ASC`;
const COUNTS_SQL = `
  SELECT r.frequency::text AS frequency, 'OPEN' AS status,
         count(*) FILTER (WHERE r.due_at < $2)::int AS overdue,
         count(*) FILTER (WHERE r.due_at >= $2 AND r.period_start <= $2)::int AS due,
         count(*)::int AS n
  FROM pm_record r WHERE r.status = 'OPEN' AND r.lab_id IN ($1) GROUP BY r.frequency
  UNION ALL
  SELECT r.frequency::text, 'COMPLETED', 0, 0, sum(r.completed)::int
  FROM lab_record_tally r WHERE TRUE AND r.lab_id IN ($1) GROUP BY r.frequency`;

async function startBare(url: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const server = restify.createServer({ name: "bare" });
  server.get("/bare/:labId", async (req: Request, res: Response) => {
    const labId = Number(req.params.labId);
    const page = await pool.query(PAGE_SQL, [labId, PAGE_SIZE]);
    const counts = await pool.query(COUNTS_SQL, [labId, new Date()]);
    res.json({ items: page.rows, counts: counts.rows });
  });
  // Diagnostic: the page alone, without the per-frequency counts.
  server.get("/bare-page/:labId", async (req: Request, res: Response) => {
    const page = await pool.query(PAGE_SQL, [Number(req.params.labId), PAGE_SIZE]);
    res.json({ items: page.rows });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`, close: async () => { server.close(); await pool.end(); } };
}

interface Phase {
  url: string;
  headers?: Record<string, string>;
}

/** One stretch of load on one route: every response's time, and the requests answered. */
async function stretch(phase: Phase, connections: number, seconds: number) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: phase.url, connections, duration: seconds, headers: phase.headers ?? {}, timeout: 60 }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${phase.url}: ${failed} failed requests (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
  return { times, requests: result.requests.total, seconds: result.duration };
}

function figures(runs: Awaited<ReturnType<typeof stretch>>[]) {
  const times = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]! * 10) / 10;
  const rps = runs.reduce((n, r) => n + r.requests, 0) / runs.reduce((n, r) => n + r.seconds, 0);
  return { p50: at(50), p95: at(95), p99: at(99), rps };
}

/**
 * Measures routes side by side: ROUNDS rounds, each giving every route DURATION_S / ROUNDS
 * seconds in turn, so a slow spell of the machine (a checkpoint, another process) falls on all
 * routes alike instead of on whichever ran then. Percentiles pool every response of a route.
 */
async function compare<const P extends readonly Phase[]>(phases: P, connections = CONNECTIONS): Promise<{ [K in keyof P]: ReturnType<typeof figures> }> {
  const runs: Awaited<ReturnType<typeof stretch>>[][] = phases.map(() => []);
  const seconds = Math.max(1, Math.round(DURATION_S / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, phase] of phases.entries()) runs[i]!.push(await stretch(phase, connections, seconds));
  }
  return runs.map(figures) as { [K in keyof P]: ReturnType<typeof figures> };
}

async function main(): Promise<void> {
  const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 20);
  await benchDatabase("api", async (url) => {
    const config = loadConfig({ NODE_ENV: "development", DATABASE_URL: url, DATABASE_POOL_SIZE: String(poolSize), LOG_LEVEL: "silent", DEV_SIGN_IN: "true", RATE_LIMIT_PER_MINUTE: "0" });
    const services = await buildServices(config, pino({ level: "silent" }));
    const server = services.app.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const bare = await startBare(url, poolSize);
    try {
      const { token } = (await (await fetch(`${apiUrl}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ upn: "tom.tech@labkeep.dev" }) })).json()) as { token: string };
      const labId = (await services.database.prisma.lab.findUniqueOrThrow({ where: { code: "BOS" } })).id;
      const apiPath = `${apiUrl}/api/records?labId=${labId}&pageSize=${PAGE_SIZE}`;
      const check = await fetch(apiPath, { headers: { authorization: `Bearer ${token}` } });
      const body = (await check.json()) as { items: unknown[]; total: number };
      if (check.status !== 200 || body.items.length !== PAGE_SIZE) throw new Error(`list answered ${check.status}: ${JSON.stringify(body).slice(0, 200)}`);
      console.log(`lab BOS: ${body.total} records; ${CONNECTIONS} connections, ${DURATION_S} s each, pool ${poolSize}`);
      // Warm both paths (JIT, pools, caches), then measure: bare first, then the API.
      await autocannon({ url: `${bare.url}/bare/${labId}`, connections: 10, amount: 200 });
      await autocannon({ url: apiPath, connections: 10, amount: 200, headers: { authorization: `Bearer ${token}` } });
      const bareRoute = { url: `${bare.url}/bare/${labId}` };
      const apiRoute = { url: apiPath, headers: { authorization: `Bearer ${token}` } };
      const [bareResult, pageOnly, api] = await compare([bareRoute, { url: `${bare.url}/bare-page/${labId}` }, apiRoute]);
      console.log(`bare: p50 ${bareResult.p50} ms p95 ${bareResult.p95} ms p99 ${bareResult.p99} ms, ${bareResult.rps.toFixed(0)} req/s`);
      console.log(`bare, page query only (no counts): p50 ${pageOnly.p50} ms p95 ${pageOnly.p95} ms p99 ${pageOnly.p99} ms, ${pageOnly.rps.toFixed(0)} req/s`);
      // Latency at a modest load (10 connections), where queueing does not hide the per-request cost.
      const [bare10, api10] = await compare([bareRoute, apiRoute], 10);
      console.log(`at 10 connections: bare p95 ${bare10.p95} ms, ${bare10.rps.toFixed(0)} req/s; api p95 ${api10.p95} ms, ${api10.rps.toFixed(0)} req/s; p95 ratio ${(api10.p95 / bare10.p95).toFixed(2)} (target ≤ 1.5)`);
      const ratio = api.rps / bareResult.rps;
      console.log(`api: p50 ${api.p50} ms p95 ${api.p95} ms p99 ${api.p99} ms, ${api.rps.toFixed(0)} req/s, throughput ratio to bare ${ratio.toFixed(2)}, p95@10 ${api10.p95} ms (bare ${bare10.p95} ms)`);
    } finally {
      await bare.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    }
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
