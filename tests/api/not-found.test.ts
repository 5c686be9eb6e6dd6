import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../support/server.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Paths no route serves: each must be a 404 with the JSON error body, tab built or not. */
const UNKNOWN: [string, string][] = [
  ["GET", "/api/nope"],
  ["GET", "/api/nope/deeper?x=1"],
  ["POST", "/api/nope"],
  ["GET", "/api"],
  ["GET", "/dev/nope"],
  ["GET", "/api/dev/users"], // production: the development sign-in's routes do not exist
  ["POST", "/api/dev/token"],
];

async function assertUnknownRoutes(server: TestServer): Promise<void> {
  for (const [method, path] of UNKNOWN) {
    const answer = await server.call(method, path, method === "POST" ? { body: { upn: "ada.admin@labkeep.dev" } } : {});
    assert.equal(answer.status, 404, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    assert.match(answer.headers.get("content-type") ?? "", /json/, `${method} ${path}`);
    assert.equal(answer.body.error.code, "not_found", `${method} ${path}`);
  }
}

describe("unknown routes, production", () => {
  describe("with the tab built (tab/dist, as `npm start` builds it)", () => {
    let server: TestServer;
    before(async () => {
      const build = spawnSync(process.execPath, ["scripts/build-tab.mjs", "--if-stale", "--quiet"], { cwd: ROOT, stdio: "inherit" });
      assert.equal(build.status, 0, "the tab builds");
      server = await startTestServer({ NODE_ENV: "production", BOT_ENABLED: "false", AUDIT_HMAC_KEY: "k".repeat(32), TAB_DIST_DIR: `${ROOT}tab/dist` });
    });
    after(() => server?.close());

    it("answers 404 with the JSON error body for unknown API paths", () => assertUnknownRoutes(server));

    it("still serves the tab: its files, and index.html for its client-side routes", async () => {
      const page = await server.call("GET", "/records/12");
      assert.equal(page.status, 200);
      assert.match(page.body, /<div id="root">|<script/);
      const asset = readdirSync(`${ROOT}tab/dist`).find((name) => name.endsWith(".js"))!;
      const file = await server.call("GET", `/${asset}`);
      assert.equal(file.status, 200);
      assert.match(file.headers.get("content-type") ?? "", /javascript/);
    });
  });

  describe("without the tab", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ NODE_ENV: "production", BOT_ENABLED: "false", AUDIT_HMAC_KEY: "k".repeat(32) });
    });
    after(() => server?.close());

    it("answers 404 with the JSON error body for unknown API paths", () => assertUnknownRoutes(server));
  });
});
