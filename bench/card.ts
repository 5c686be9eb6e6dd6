/**
 * `npm run bench:card`: a technician opening and submitting checklist cards through the real
 * `/api/messages` (the server of `npm start` with the bot mounted, development sign-in, a
 * connector stand-in taking the bot's replies), one after another on the benchmark data of
 * bench/data.ts (1,000,000 records; BENCH_RECORDS to try it smaller). Each open is Teams'
 * `task/fetch` from a digest row, each submit the dialog's `task/submit` (which also redraws the
 * digest the row came from); the latency of every invoke is measured. In the same run, the floor:
 * a bare `pg` query of the record, over the same records.
 *
 * Last line: `card: open p95 <ms> ms, submit p95 <ms> ms` (target ≤ 200 ms each).
 */
import type { AddressInfo } from "node:net";
import pg from "pg";
import { pino } from "pino";
import { systemClock } from "../domain/clock.ts";
import { DEMO_TENANT_ID, DEMO_USERS } from "../domain/seed/identities.ts";
import { refToWire } from "../bot/cards/digest-ref.ts";
import { mountBot } from "../bot/index.ts";
import { loadConfig } from "../server/config.ts";
import { buildServices } from "../server/start.ts";
import { startConnector } from "../tests/support/connector.ts";
import { benchDatabase, RECORDS } from "./data.ts";

const CARDS = Number(process.env.BENCH_CARDS ?? 300);
const WARM_UP = 20;

const RECORD_SQL = `
  SELECT r.id, r.number, r.status, r.due_at, l.code, l.time_zone, e.asset_tag, e.location, m.name
  FROM pm_record r JOIN lab l ON l.id = r.lab_id JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id
  WHERE r.id = $1`;

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! * 10) / 10;
}

async function timed<T>(times: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  times.push(performance.now() - started);
  return result;
}

async function main(): Promise<void> {
  await benchDatabase("card", async (url) => {
    const config = loadConfig({ NODE_ENV: "development", DATABASE_URL: url, LOG_LEVEL: "silent", DEV_SIGN_IN: "true", RATE_LIMIT_PER_MINUTE: "0" });
    const log = pino({ level: "silent" });
    const services = await buildServices(config, log);
    const identity = services.identity;
    mountBot(services.app.server, { config, db: services.database.prisma, clock: systemClock, log, resolvePrincipal: (id, tenant, profile) => identity.principalForAadObjectId(id, tenant, profile) });
    const server = services.app.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/api/messages`;
    const connector = await startConnector();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const tom = DEMO_USERS.find((u) => u.upn.startsWith("tom.tech@"))!;
      const { rows: labs } = await pool.query<{ id: number }>(`SELECT id FROM lab WHERE code = 'BOS'`);
      const labId = labs[0]!.id;
      const { rows: records } = await pool.query<{ id: number }>(`SELECT id FROM pm_record WHERE lab_id = $1 AND status = 'OPEN' ORDER BY due_at, id LIMIT $2`, [labId, CARDS + WARM_UP]);
      const { rows: tasks } = await pool.query<{ id: number }>(`SELECT id FROM checklist_task ORDER BY id`);
      if (records.length < CARDS + WARM_UP) throw new Error(`only ${records.length} open BOS records; lower BENCH_CARDS`);
      const conversation = { id: "19:bench-card@thread.tacv2", conversationType: "channel", tenantId: DEMO_TENANT_ID, isGroup: true };
      const post = async (activity: Record<string, unknown>) => {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            type: "invoke", channelId: "msteams", serviceUrl: connector.url, timestamp: new Date().toISOString(),
            from: { id: `29:${tom.aadObjectId}`, name: tom.displayName, aadObjectId: tom.aadObjectId }, recipient: { id: "28:labkeep-bot", name: "Labkeep" },
            conversation, channelData: { tenant: { id: DEMO_TENANT_ID }, team: { id: "19:team@thread.tacv2" }, channel: { id: conversation.id } },
            ...activity,
          }),
        });
        const body = (await response.json()) as { task?: { type: string; value: unknown } };
        if (response.status !== 200 || !body.task) throw new Error(`/api/messages answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
        return body.task;
      };
      // The digest the rows come from, as its Open buttons carry it.
      const digest = refToWire({ labId, kind: "digest", at: new Date().toISOString(), activityId: "digest-1" });
      const open: number[] = [];
      const submit: number[] = [];
      const floor: number[] = [];
      for (const [i, { id }] of records.entries()) {
        const measured = i >= WARM_UP;
        const opened = await timed(measured ? open : [], () => post({ name: "task/fetch", replyToId: "digest-1", value: { data: { msteams: { type: "task/fetch" }, verb: "record.open", recordId: id, digest } } }));
        if (opened.type !== "continue") throw new Error(`record ${id} did not open: ${JSON.stringify(opened).slice(0, 300)}`);
        const answers = Object.fromEntries(tasks.map((t) => [`task_${t.id}`, "DONE"]));
        const done = await timed(measured ? submit : [], () => post({ name: "task/submit", value: { data: { verb: "record.submit", recordId: id, digest, ...answers, comment: "bench" } } }));
        // The dialog stays open on the completed card (it says the record still needs its signature in the tab).
        if (done.type !== "continue" || (done.value as { title?: string } | undefined)?.title !== "Checklist completed") throw new Error(`record ${id} was not completed: ${JSON.stringify(done).slice(0, 300)}`);
        await timed(measured ? floor : [], () => pool.query(RECORD_SQL, [id]));
      }
      const updates = connector.updated().length;
      console.log(`${RECORDS.toLocaleString("en-US")} records; ${CARDS} checklists opened and completed one after another (after ${WARM_UP} to warm up); ${updates} digest updates sent`);
      const floorP95 = p95(floor);
      console.log(`floor (bare pg query of the record): p95 ${floorP95} ms; open/floor ${(p95(open) / floorP95).toFixed(1)}, submit/floor ${(p95(submit) / floorP95).toFixed(1)}`);
      console.log(`card: open p95 ${p95(open)} ms, submit p95 ${p95(submit)} ms`);
    } finally {
      await pool.end();
      await connector.close();
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
