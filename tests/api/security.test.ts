import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig, ConfigError } from "../../server/config.ts";
import { startServerProcess, startTestServer, type TestServer } from "../support/server.ts";

// R-SEC: headers, body limit, error shape, rate limit; R-AUTH-DEV: never in production.
describe("security", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true", BODY_LIMIT_BYTES: "2048", RATE_LIMIT_PER_MINUTE: "5" });
  });
  after(() => server?.close());

  it("sends CSP with Teams frame-ancestors and no inline script, nosniff, strict referrer policy, never X-Frame-Options DENY", async () => {
    for (const path of ["/healthz", "/api/me", "/", "/api/openapi.json"]) {
      const { headers } = await server.call("GET", path);
      const csp = headers.get("content-security-policy") ?? "";
      const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(" ") ?? [];
      for (const host of ["https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.office.com", "https://*.microsoft365.com", "https://*.cloud.microsoft"]) {
        assert.ok(ancestors.includes(host), `${path}: frame-ancestors has ${host}`);
      }
      assert.ok(!ancestors.includes("*"), "no wildcard ancestor");
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? "";
      assert.ok(!scriptSrc.includes("'unsafe-inline'") && !scriptSrc.includes("'unsafe-eval'"), "no inline script");
      assert.equal(headers.get("x-content-type-options"), "nosniff");
      assert.match(headers.get("referrer-policy") ?? "", /^(no-referrer|strict-origin|strict-origin-when-cross-origin|same-origin)$/);
      assert.notEqual((headers.get("x-frame-options") ?? "").toUpperCase(), "DENY");
      assert.equal(headers.get("strict-transport-security"), null, "no HSTS over plain HTTP");
    }
  });

  it("sends HSTS only behind a proxy that says HTTPS, when TRUST_PROXY is on", async () => {
    const plain = await server.call("GET", "/healthz", { headers: { "x-forwarded-proto": "https" } });
    assert.equal(plain.headers.get("strict-transport-security"), null, "the header alone is not trusted");
    const trusting = await startTestServer({ TRUST_PROXY: "true" });
    try {
      const proxied = await trusting.call("GET", "/healthz", { headers: { "x-forwarded-proto": "https" } });
      assert.match(proxied.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
    } finally {
      await trusting.close();
    }
  });

  it("answers 413 payload_too_large above BODY_LIMIT_BYTES", async () => {
    const { token } = (await server.call("POST", "/api/dev/token", { body: { upn: "ada.admin@labkeep.dev" } })).body;
    const response = await server.call("POST", "/api/records/1/complete", { token, rawBody: JSON.stringify({ comment: "x".repeat(5000), results: [] }) });
    assert.equal(response.status, 413);
    assert.equal(response.body.error.code, "payload_too_large");
  });

  it("answers errors as { error: { code, message } } without internals", async () => {
    const notFound = await server.call("GET", "/api/nothing-here");
    assert.equal(notFound.status, 404);
    assert.equal(notFound.body.error.code, "not_found");
    const badJson = await server.call("POST", "/api/dev/token", { rawBody: "{not json" });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.error.code, "bad_request");
    assert.doesNotMatch(JSON.stringify(badJson.body), /at .*\.(ts|js):\d+/);
  });

  it("limits requests per client with 429 and Retry-After", async () => {
    let limited: Awaited<ReturnType<TestServer["call"]>> | null = null;
    for (let i = 0; i < 10 && !limited; i++) {
      const response = await server.call("GET", "/api/dev/users");
      if (response.status === 429) limited = response;
    }
    assert.ok(limited, "a 429 within 10 requests at 5 per minute");
    assert.equal(limited.body.error.code, "rate_limited");
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
  });

  it("serves /readyz while the database answers", async () => {
    const ready = await server.call("GET", "/readyz");
    assert.equal(ready.status, 200);
  });

  it("refuses to start with the development sign-in in production", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production", DEV_SIGN_IN: "true" }), (error: unknown) => error instanceof ConfigError && /DEV_SIGN_IN/.test(error.message) && /production/.test(error.message));
    assert.equal(loadConfig({ NODE_ENV: "production", BOT_ENABLED: "false", AUDIT_HMAC_KEY: "k".repeat(32) }).DEV_SIGN_IN, false, "off by default in production");
    assert.equal(loadConfig({ NODE_ENV: "development" }).DEV_SIGN_IN, true, "on by default in development");
  });

  it("npm start's entry point exits with a clear message for DEV_SIGN_IN in production", async () => {
    await assert.rejects(startServerProcess({ NODE_ENV: "production", DEV_SIGN_IN: "true", DATABASE_URL: server.database.url }), (error: Error) => /exited with 1/.test(error.message) && /DEV_SIGN_IN is on while NODE_ENV=production/.test(error.message));
  });
});
