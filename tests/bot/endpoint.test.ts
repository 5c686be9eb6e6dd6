import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { fixedClock } from "../../domain/clock.ts";
import { mountBot } from "../../bot/index.ts";
import { startConnector, type ConnectorStandIn } from "../support/connector.ts";
import { startIssuer, type Issuer } from "../support/issuer.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { NOW } from "./harness.ts";

// Issue 9/10: /api/messages with credentials configured answers 400 / 401 / 503 JSON, never the
// SDK's internal text. Tokens come from a local OpenID + JWKS stand-in (tests/support/issuer.ts).

const BOT_ID = "b6b0c1f4-0000-4000-8000-000000000001";
const TENANT = "6f0b8d4e-1c2a-4b7e-9d3f-0a1b2c3d4e5f";
const INTERNALS = /validateAndFixActivity|signature|ECONNREFUSED|jwt|stack|Error:/i;

let issuer: Issuer;
let connector: ConnectorStandIn;

/** A port nothing listens on: the key list is unreachable. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function botServer(metadataUrl: string): Promise<TestServer> {
  const server = await startTestServer({ BOT_ID, BOT_PASSWORD: "secret", BOT_TENANT_ID: TENANT, BOT_OPENID_METADATA_URL: metadataUrl });
  mountBot(server.services.app.server, {
    config: server.config,
    db: server.database.prisma,
    clock: fixedClock(NOW),
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    resolvePrincipal: (id, tenant, profile) => server.services.identity.principalForAadObjectId(id, tenant, profile),
  });
  return server;
}

const activity = () => ({
  type: "installationUpdate",
  action: "add",
  id: "1",
  channelId: "msteams",
  serviceUrl: connector.url,
  from: { id: "29:someone", aadObjectId: "00000000-0000-4000-8000-00000000a001" },
  recipient: { id: `28:${BOT_ID}` },
  conversation: { id: "a:endpoint-test", conversationType: "personal", tenantId: TENANT },
});

/** A Bot Framework channel token as Microsoft's connector sends it (issuer api.botframework.com, audience the bot). */
const channelToken = (options: { foreignKey?: boolean; expiresIn?: number } = {}) =>
  issuer.token({ oid: "bf", upn: "bf", name: "Bot Framework" }, { ...options, claims: { iss: "https://api.botframework.com", aud: BOT_ID, serviceurl: connector.url }, omit: ["ver", "azp", "scp", "tid", "oid", "sub", "name", "preferred_username"] });

async function post(server: TestServer, body: unknown, token?: string) {
  return server.call("POST", "/api/messages", { body, token });
}

before(async () => {
  issuer = await startIssuer({ tenantId: TENANT, clientId: BOT_ID });
  connector = await startConnector();
});
after(async () => {
  await issuer?.close();
  await connector?.close();
});

describe("POST /api/messages with bot credentials", () => {
  let server: TestServer;
  before(async () => {
    server = await botServer(`${issuer.url}/${TENANT}/v2.0/.well-known/openid-configuration`);
  });
  after(async () => {
    await server?.close();
  });

  test("an activity the SDK cannot take is 400 naming the field, without internal text", async () => {
    const empty = await post(server, {}, await channelToken());
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.code, "validation_failed");
    assert.ok(empty.body.error.details.fields.some((f: { field: string }) => f.field === "type"));
    assert.doesNotMatch(JSON.stringify(empty.body), INTERNALS);
    const notObject = await server.call("POST", "/api/messages", { rawBody: "[1,2]", headers: { "content-type": "application/json" } });
    assert.equal(notObject.status, 400);
  });

  test("any token problem is 401 JSON: none, malformed, signed by the wrong key, expired", async () => {
    const before = connector.calls.length;
    const cases = { none: undefined, malformed: "not.a.token", wrongKey: await channelToken({ foreignKey: true }), expired: await channelToken({ expiresIn: -3600 }) };
    for (const [name, token] of Object.entries(cases)) {
      const response = await post(server, activity(), token);
      assert.equal(response.status, 401, name);
      assert.equal(response.body.error.code, "unauthenticated", name);
      assert.equal(response.headers.get("www-authenticate"), "Bearer", name);
      assert.doesNotMatch(JSON.stringify(response.body), INTERNALS, name);
    }
    assert.equal(connector.calls.length, before, "nothing was sent to the serviceUrl of a refused activity");
  });

  test("a valid channel token is accepted", async () => {
    const response = await post(server, activity(), await channelToken());
    assert.equal(response.status, 200);
    const row = await server.database.prisma.botInstallation.findUnique({ where: { conversationId: "a:endpoint-test" } });
    assert.equal(row?.active, true);
  });
});

describe("POST /api/messages when the signing keys cannot be fetched", () => {
  let server: TestServer;
  before(async () => {
    server = await botServer(`http://127.0.0.1:${await closedPort()}/common/v2.0/.well-known/openid-configuration`);
  });
  after(async () => {
    await server?.close();
  });

  test("is 503 with Retry-After and no connection error text", async () => {
    const response = await post(server, activity(), await channelToken());
    assert.equal(response.status, 503);
    assert.ok(Number(response.headers.get("retry-after")) > 0);
    assert.equal(response.body.error.code, "unavailable");
    assert.doesNotMatch(JSON.stringify(response.body), INTERNALS);
  });
});
