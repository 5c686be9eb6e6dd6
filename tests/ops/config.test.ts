import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, test } from "node:test";
import { createTestDatabase } from "../support/db.ts";
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
