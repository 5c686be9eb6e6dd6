/**
 * `npm run bench:api`: the maintenance list of one lab under 100 concurrent connections, through
 * the real server (token validation, principal, policy, listRecords, JSON) and, in the same run,
 * through a bare restify route sending the same statements (recordListStatements) with `pg`. On the PostgreSQL named by
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
import { recordListStatements } from "../domain/record/record.list.ts";
import { ListRecordsQuery } from "../domain/record/record.schemas.ts";
import { benchDatabase } from "./data.ts";

const CONNECTIONS = 100;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
/** How many alternating rounds the DURATION_S of each route is split into. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGE_SIZE = 50;

/**
 * The floor: restify and pg sending the very statements listRecords sends for this lab
 * (recordListStatements, built once; the time parameter is the start's, which changes no plan),
 * one after the other, rows answered as pg returns them.
 */
async function startBare(url: string, poolSize: number, labId: number) {
  const statements = recordListStatements([labId], ListRecordsQuery.parse({ labId, pageSize: PAGE_SIZE }), new Date());
  const page = { text: statements.page.text, values: statements.page.values as unknown[] };
  const counts = { text: statements.counts.text, values: statements.counts.values as unknown[] };
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const server = restify.createServer({ name: "bare" });
  server.get("/bare", async (req: Request, res: Response) => {
    const items = await pool.query(page);
    const grouped = await pool.query(counts);
    res.json({ items: items.rows, counts: grouped.rows });
  });
  // Diagnostic: the page alone, without the per-frequency counts.
  server.get("/bare-page", async (req: Request, res: Response) => {
    res.json({ items: (await pool.query(page)).rows });
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
    const labId = (await services.database.prisma.lab.findUniqueOrThrow({ where: { code: "BOS" } })).id;
    const bare = await startBare(url, poolSize, labId);
    try {
      const { token } = (await (await fetch(`${apiUrl}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ upn: "tom.tech@labkeep.dev" }) })).json()) as { token: string };
      const apiPath = `${apiUrl}/api/records?labId=${labId}&pageSize=${PAGE_SIZE}`;
      const check = await fetch(apiPath, { headers: { authorization: `Bearer ${token}` } });
      const body = (await check.json()) as { items: unknown[]; total: number };
      if (check.status !== 200 || body.items.length !== PAGE_SIZE) throw new Error(`list answered ${check.status}: ${JSON.stringify(body).slice(0, 200)}`);
      // The floor answers the same page: same records, same order.
      const bareBody = (await (await fetch(`${bare.url}/bare`)).json()) as { items: { id: number }[] };
      const ids = (list: { id: number }[]) => list.map((r) => r.id).join(",");
      if (ids(bareBody.items) !== ids(body.items as { id: number }[])) throw new Error("the bare route and the API list different records");
      console.log(`lab BOS: ${body.total} records; ${CONNECTIONS} connections, ${DURATION_S} s each, pool ${poolSize}`);
      // Warm both paths (JIT, pools, caches), then measure: bare first, then the API.
      await autocannon({ url: `${bare.url}/bare`, connections: 10, amount: 200 });
      await autocannon({ url: apiPath, connections: 10, amount: 200, headers: { authorization: `Bearer ${token}` } });
      const bareRoute = { url: `${bare.url}/bare` };
      const apiRoute = { url: apiPath, headers: { authorization: `Bearer ${token}` } };
      const [bareResult, pageOnly, api] = await compare([bareRoute, { url: `${bare.url}/bare-page` }, apiRoute]);
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
