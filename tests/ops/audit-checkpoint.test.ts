// R-TRAIL on real processes: the server's checkpoint job and its checkpoint at shutdown, then
// `npm run audit:checkpoint` and `npm run audit:verify` as an operator runs them.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { readCheckpoints } from "../../domain/audit/checkpoint.ts";
import { buildKeyring, developmentKeyring, useAuditKeys } from "../../domain/audit/keys.ts";
import { appendEvents, tamperAsOwner } from "../support/audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { startServerProcess } from "../support/server.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const KEY = "ops test key: 6f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f";
const keyring = buildKeyring("ops-1", KEY);

let db: TestDatabase;
let dir: string;
let env: Record<string, string>;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "labkeep-ops-trail-"));
  env = { DATABASE_URL: db.url, AUDIT_HMAC_KEY: KEY, AUDIT_HMAC_KEY_ID: "ops-1", AUDIT_CHECKPOINT_PATH: join(dir, "checkpoints.jsonl") };
  useAuditKeys(keyring);
});
after(async () => {
  useAuditKeys(developmentKeyring());
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

function runScript(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

test("the server signs the chain's head on schedule and at shutdown, with the configured key", async () => {
  await appendEvents(db.prisma, 3);
  // Production: no demo data, so the chain is exactly the three events above.
  const server = await startServerProcess({ ...env, NODE_ENV: "production", BOT_ENABLED: "false", AUDIT_CHECKPOINT_CRON: "* * * * * *" });
  let scheduled = 0;
  try {
    for (let i = 0; i < 100 && scheduled === 0; i++) {
      await sleep(100);
      scheduled = (await readCheckpoints(env.AUDIT_CHECKPOINT_PATH!, keyring)).checkpoints.length;
    }
    assert.ok(scheduled > 0, "the scheduled job wrote a checkpoint");
  } finally {
    assert.equal(await server.stop(), 0);
  }
  const { checkpoints, problems } = await readCheckpoints(env.AUDIT_CHECKPOINT_PATH!, keyring);
  assert.deepEqual(problems, []);
  assert.ok(checkpoints.length > scheduled, "one more at shutdown");
  const head = await db.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } });
  assert.deepEqual(checkpoints.map((c) => [c.seq, c.hash, c.count, c.keyId]).at(-1), [String(head!.seq), head!.hash, 3, "ops-1"]);
  const logged = server.output.filter((line) => line.includes('"audit checkpoint written"'));
  assert.equal(logged.length, checkpoints.length, "each checkpoint is also in the log");
});

test("audit:checkpoint appends one, and audit:verify names the first removed event of a truncated tail", async () => {
  await appendEvents(db.prisma, 2);
  const made = await runScript("scripts/audit-checkpoint.ts");
  assert.equal(made.code, 0, made.stderr);
  const printed = JSON.parse(made.stdout.trim()) as { seq: string; count: number };
  assert.deepEqual([printed.seq, printed.count], ["5", 5]);

  const verified = await runScript("scripts/audit-verify.ts");
  assert.equal(verified.code, 0, verified.stderr);
  const checkpoints = (await readCheckpoints(env.AUDIT_CHECKPOINT_PATH!, keyring)).checkpoints.length;
  assert.match(verified.stdout, new RegExp(`5 events, ${checkpoints} checkpoint\\(s\\)`));

  await tamperAsOwner(db.prisma, ["DELETE FROM audit_event WHERE seq >= 4"]);
  const broken = await runScript("scripts/audit-verify.ts");
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /Audit chain BROKEN at event 4: .*tail was removed.*3 events before it verified/);
});
