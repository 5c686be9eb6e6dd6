import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, test } from "node:test";
import { createTestDatabase } from "../support/db.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { startServerProcess } from "../support/server.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** Runs the real `server/main.ts` with only `env` (plus PATH/HOME) and collects how it ends. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not stop on bad configuration ${JSON.stringify(env)}:\n${stdout}\n${stderr}`));
    }, 180_000); // importing the whole server takes seconds, much longer on a loaded machine
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stderr, stdout });
    });
  });
}

describe("start-up configuration check (real server/main.ts)", () => {
  const cases: { env: Record<string, string>; names: RegExp }[] = [
    { env: { PORT: "eighty" }, names: /\bPORT\b/ },
    { env: { DATABASE_URL: "not a url" }, names: /\bDATABASE_URL\b/ },
    { env: { LOG_LEVEL: "loud" }, names: /\bLOG_LEVEL\b/ },
    { env: { DATABASE_URL_FILE: "/nonexistent/labkeep/database_url" }, names: /\bDATABASE_URL_FILE\b/ },
    { env: { AUTH_GROUP_MAP: "{not json" }, names: /\bAUTH_GROUP_MAP\b/ },
    { env: { NODE_ENV: "production", DEV_SIGN_IN: "true" }, names: /\bDEV_SIGN_IN\b/ },
    // Without bot credentials /api/messages would take anyone's activities: BOT_ID, or BOT_ENABLED=false.
    { env: { NODE_ENV: "production" }, names: /\bBOT_ID\b[\s\S]*\bBOT_ENABLED=false\b/ },
    // R-TRAIL: production never signs the audit trail with the development key.
    { env: { NODE_ENV: "production", BOT_ENABLED: "false" }, names: /\bAUDIT_HMAC_KEY\b is not set while NODE_ENV=production/ },
    { env: { AUDIT_HMAC_KEY: "too short" }, names: /\bAUDIT_HMAC_KEY\b: must be 32 characters/ },
  ];

  test("a missing or invalid variable stops the server with a message naming it", async () => {
    // Two at a time: each start imports the whole server, which is CPU-bound.
    const results: Awaited<ReturnType<typeof startServer>>[] = [];
    for (let i = 0; i < cases.length; i += 2) {
      results.push(...(await Promise.all(cases.slice(i, i + 2).map((c) => startServer(c.env)))));
    }
    results.forEach((result, index) => {
      const { env, names } = cases[index]!;
      assert.equal(result.code, 1, `exit code for ${JSON.stringify(env)}`);
      assert.match(result.stderr, names, `stderr for ${JSON.stringify(env)}`);
      assert.doesNotMatch(result.stdout, /listening/i, "never started listening");
    });
  });
});

describe("the bot in production (real server/main.ts)", () => {
  test("BOT_ENABLED=false starts without bot credentials, and /api/messages answers 404 JSON", async () => {
    const database = await createTestDatabase();
    const server = await startServerProcess({ NODE_ENV: "production", BOT_ENABLED: "false", DATABASE_URL: database.url, AUDIT_HMAC_KEY: "k".repeat(32), AUDIT_CHECKPOINT_PATH: join(tmpdir(), `labkeep-${process.pid}-checkpoints.jsonl`) });
    try {
      const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: "overdue" }) });
      assert.equal(response.status, 404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "not_found");
      assert.match(body.error.message, /BOT_ENABLED=false/);
    } finally {
      await server.stop();
      await database.close();
    }
  });
});

/** Source files of the server side, the scripts and the tab (not tests, not generated code). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(ROOT, dir, name);
    const rel = relative(ROOT, path);
    if (["node_modules", "generated", "dist"].includes(name)) continue;
    if (statSync(path).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mjs|js)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

/** Variables read outside server/config.ts on purpose: not settings of the running server. */
const OUTSIDE_CONFIG: Record<string, string> = {
  TEST_DATABASE_URL: "the test harness and benchmarks' database server",
  AUTH_CLIENT_ID: "tab build time (Vite define): the client id for the consent pop-up",
  AAD_APP_CLIENT_ID: "tab build time, as the Agents Toolkit names the client id",
  VITE_AAD_APP_CLIENT_ID: "tab build time",
};

describe("every setting goes through server/config.ts", () => {
  test("no process.env read elsewhere, except build and test tooling", () => {
    const files = ["domain", "server", "bot", "scripts", "bench", "tab"].flatMap(sources);
    assert.ok(files.length > 20);
    const offenders: string[] = [];
    for (const file of files) {
      if (file === "server/config.ts") continue;
      const text = readFileSync(join(ROOT, file), "utf8").replace(/^\s*(\*|\/\/).*$/gm, "");
      for (const match of text.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*["']([A-Z_][A-Z0-9_]*)["']\s*\])/g)) {
        const name = match[1] ?? match[2]!;
        const benchmarkKnob = file.startsWith("bench/") && name.startsWith("BENCH_");
        if (!(name in OUTSIDE_CONFIG) && !benchmarkKnob) offenders.push(`${file}: ${name}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

describe("docs/configuration.md", () => {
  const source = readFileSync(join(ROOT, "server", "config.ts"), "utf8");
  const block = /const schema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? "";
  const variables = [...block.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
  const secrets = [...(/SECRET_VARIABLES = \[([^\]]*)\]/.exec(source)?.[1] ?? "").matchAll(/"([A-Z0-9_]+)"/g)].map((m) => m[1]!);
  const doc = readFileSync(join(ROOT, "docs", "configuration.md"), "utf8");
  const rows = new Map([...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)`( \(\*secret\*\))? \|/gm)].map((m) => [m[1]!, Boolean(m[2])]));

  test("documents every variable of server/config.ts, and which ones are secrets", () => {
    assert.ok(variables.length >= 20 && secrets.includes("DATABASE_URL"));
    assert.deepEqual(variables.filter((name) => !rows.has(name)), [], "undocumented variables");
    assert.deepEqual(secrets.filter((name) => rows.get(name) !== true), [], "secrets not marked *secret*");
  });
});

describe("the audit trail's keys (R-TRAIL)", () => {
  const KEY = "current key: 0123456789abcdef0123456789abcdef";
  const OLD = "retired key: fedcba9876543210fedcba9876543210";
  const fail = (env: Record<string, string>, pattern: RegExp) => assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));

  test("development without a key uses the derived development key, marked as such; production refuses", () => {
    const dev = loadConfig({});
    assert.equal(dev.auditKeyring.current.id, "dev-insecure");
    assert.equal(dev.AUDIT_CHECKPOINT_PATH, join(dev.dataDir, "audit-checkpoints.jsonl"));
    fail({ NODE_ENV: "production", BOT_ENABLED: "false" }, /AUDIT_HMAC_KEY is not set while NODE_ENV=production/);
  });

  test("the key, its id and retired keys (also from files) make the keyring", () => {
    const dir = mkdtempSync(join(tmpdir(), "labkeep-keys-"));
    try {
      writeFileSync(join(dir, "key"), `${KEY}\n`);
      writeFileSync(join(dir, "keys"), JSON.stringify({ k1: OLD }));
      const config = loadConfig({ NODE_ENV: "production", BOT_ENABLED: "false", AUDIT_HMAC_KEY_FILE: join(dir, "key"), AUDIT_HMAC_KEY_ID: "k2", AUDIT_HMAC_KEYS_FILE: join(dir, "keys") });
      assert.equal(config.auditKeyring.current.id, "k2");
      assert.deepEqual([...config.auditKeyring.byId].map(([id, key]) => [id, key.toString("utf8")]), [["k1", OLD], ["k2", KEY]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("refuses a short key, a bad id, malformed retired keys, a reused id and retired keys without a current one", () => {
    fail({ AUDIT_HMAC_KEY: "short" }, /AUDIT_HMAC_KEY: must be 32 characters/);
    fail({ AUDIT_HMAC_KEY: KEY, AUDIT_HMAC_KEY_ID: "k 2" }, /AUDIT_HMAC_KEY_ID/);
    fail({ AUDIT_HMAC_KEY: KEY, AUDIT_HMAC_KEYS: "{not json" }, /AUDIT_HMAC_KEYS: must be a JSON object/);
    fail({ AUDIT_HMAC_KEY: KEY, AUDIT_HMAC_KEYS: JSON.stringify({ k1: "short" }) }, /AUDIT_HMAC_KEYS/);
    fail({ AUDIT_HMAC_KEY: KEY, AUDIT_HMAC_KEY_ID: "k1", AUDIT_HMAC_KEYS: JSON.stringify({ k1: OLD }) }, /another key under the current id "k1"/);
    fail({ AUDIT_HMAC_KEYS: JSON.stringify({ k1: OLD }) }, /AUDIT_HMAC_KEYS is set without AUDIT_HMAC_KEY/);
  });
});
