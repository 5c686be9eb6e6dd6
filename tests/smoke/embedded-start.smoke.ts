// Start-up smoke test of the zero-setup path (R-OPS): `npm start` with no DATABASE_URL on a
// fresh data directory migrates the embedded PostgreSQL, loads the demo data, serves the API,
// the tab and the bot endpoint, and shuts down cleanly on SIGTERM. Run by `npm run test:smoke`.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

const root = join(import.meta.dirname, "../..");
let child: ChildProcess;
let output = "";
let base = "";
const dataDir = mkdtempSync(join(tmpdir(), "labkeep-smoke-"));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

before(async () => {
  // What `npm start` runs first: build the tab when tab/dist is missing or stale.
  const build = spawnSync(process.execPath, ["scripts/build-tab.mjs", "--if-stale", "--quiet"], { cwd: root, stdio: "inherit" });
  assert.equal(build.status, 0, "the tab builds");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LABKEEP_DATA_DIR: dataDir, NODE_ENV: "development" };
  delete env.DATABASE_URL;
  delete env.DATABASE_URL_FILE;
  child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await waitFor(`${base}/readyz`, 240_000);
});

after(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

test("start-up logs the migrations applied and the demo data loaded", () => {
  assert.match(output, /migration/i);
  assert.match(output, /demo data/i);
});

test("health endpoints answer", async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
});

test("a demo technician signs in through the development sign-in and sees open records of their lab", async () => {
  const { items: list } = (await (await fetch(`${base}/api/dev/users`)).json()) as { items: { upn: string }[] };
  assert.ok(list.some((u) => u.upn === "tom.tech@labkeep.dev"), "demo users listed");
  const tokenResponse = await fetch(`${base}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ upn: "tom.tech@labkeep.dev" }) });
  assert.equal(tokenResponse.status, 200);
  const { token } = (await tokenResponse.json()) as { token: string };
  const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  const records = await fetch(`${base}/api/records?status=open&pageSize=5`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(records.status, 200);
  const body = (await records.json()) as { items: { number: string }[]; total: number };
  assert.ok(body.total > 0, "the demo data has open records");
  assert.match(body.items[0]!.number, /^BOS-\d{6}$/);
  assert.equal((await fetch(`${base}/api/records`)).status, 401, "no token, no data");
});

test("the tab is served", async () => {
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">|<script type="module"/);
  assert.ok(page.headers.get("content-security-policy")?.includes("frame-ancestors"));
});

test("the bot endpoint exists", async () => {
  const response = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.notEqual(response.status, 404);
});

test("SIGTERM shuts down cleanly", async () => {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
  assert.equal(code, 0, `exit code after SIGTERM (output:\n${output.slice(-2000)})`);
});
