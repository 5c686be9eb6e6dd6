import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { hmacToken, startIssuer, unsignedToken, type Issuer } from "../support/issuer.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

// R-AUTH-ID: tokens from a loopback stand-in of Entra ID, validated by the real server.
describe("access token validation", () => {
  let issuer: Issuer;
  let server: TestServer;
  const groupId = randomUUID();
  const person = () => ({ oid: randomUUID(), upn: `${randomUUID().slice(0, 8)}@contoso.test`, name: "Pat Doe", groups: [groupId] });

  before(async () => {
    issuer = await startIssuer();
    server = await startTestServer(
      {
        DEV_SIGN_IN: "false",
        AUTH_CLIENT_ID: issuer.clientId,
        AUTH_APP_ID_URI: issuer.appIdUri,
        AUTH_TENANT_IDS: issuer.tenantId,
        AUTH_AUTHORITY_HOST: issuer.url,
        AUTH_V1_ISSUER_HOST: issuer.v1Host,
        AUTH_CLOCK_SKEW_SECONDS: "60",
        AUTH_GROUP_MAP: JSON.stringify({ [groupId]: { lab: "BOS", role: "TECHNICIAN" } }),
      },
      { prepare: (db) => db.prisma.lab.create({ data: { code: "BOS", name: "Boston", timeZone: "America/New_York" } }).then(() => {}) },
    );
  });
  after(async () => {
    await server?.close();
    await issuer?.close();
  });

  const me = (token: string) => server.call("GET", "/api/me", { token });

  it("accepts a good v2 token and registers the mapped user on first use", async () => {
    const who = person();
    const response = await me(await issuer.token(who, { version: 2 }));
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.user.aadObjectId, who.oid);
    assert.deepEqual(response.body.labs.map((l: { code: string; roles: string[] }) => [l.code, l.roles]), [["BOS", ["TECHNICIAN"]]]);
    const audit = await server.database.prisma.auditEvent.findFirst({ where: { action: "user.registered", entityId: String(response.body.user.id) } });
    assert.ok(audit, "registration is audited");
    assert.equal(audit.source, "TAB", "registered through the tab's API");
  });

  it("accepts a good v1 token (sts.windows.net issuer, api:// audience)", async () => {
    const response = await me(await issuer.token(person(), { version: 1 }));
    assert.equal(response.status, 200, JSON.stringify(response.body));
  });

  it("refetches the key set when a token names a new kid (key rotation)", async () => {
    await me(await issuer.token(person()));
    await issuer.rotate();
    const response = await me(await issuer.token(person()));
    assert.equal(response.status, 200, JSON.stringify(response.body));
  });

  it("reuses a verification only while the token lives: accepted twice, refused once past expiry and skew", async () => {
    // exp 58 s ago with a 60 s skew: valid for about two more seconds.
    const token = await issuer.token(person(), { expiresIn: -58 });
    assert.equal((await me(token)).status, 200);
    assert.equal((await me(token)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const late = await me(token);
    assert.equal(late.status, 401);
    assert.equal(late.body.error.code, "unauthenticated");
  });

  const now = () => Math.floor(Date.now() / 1000);
  const bad: [string, () => Promise<string>][] = [
    ["no token", async () => ""],
    ["bad signature", () => issuer.token(person(), { foreignKey: true })],
    ["wrong issuer", () => issuer.token(person(), { claims: { iss: "https://login.microsoftonline.com/" + issuer.tenantId + "/v2.0" } })],
    ["wrong audience", () => issuer.token(person(), { claims: { aud: "api://elsewhere/" + randomUUID() } })],
    ["expired", () => issuer.token(person(), { claims: { exp: now() - 3600, iat: now() - 7200, nbf: now() - 7200 } })],
    ["not yet valid", () => issuer.token(person(), { notBefore: 3600 })],
    ["alg none", async () => unsignedToken({ iss: `${issuer.url}/${issuer.tenantId}/v2.0`, aud: issuer.clientId, tid: issuer.tenantId, oid: randomUUID(), scp: "access_as_user", exp: now() + 600, iat: now() })],
    ["alg HS256", () => hmacToken({ iss: `${issuer.url}/${issuer.tenantId}/v2.0`, aud: issuer.clientId, tid: issuer.tenantId, oid: randomUUID(), scp: "access_as_user", exp: now() + 600, iat: now() })],
    ["unknown kid", () => issuer.token(person(), { kid: randomUUID() })],
    ["another tenant", () => issuer.token(person(), { tenantId: randomUUID() })],
    ["missing scope", () => issuer.token(person(), { claims: { scp: "User.Read" } })],
    ["no scope claim", () => issuer.token(person(), { omit: ["scp"] })],
    ["missing oid", () => issuer.token(person(), { omit: ["oid"] })],
    ["garbage", async () => "not.a.jwt"],
  ];
  for (const [name, make] of bad) {
    it(`refuses ${name} with 401`, async () => {
      const token = await make();
      const response = await server.call("GET", "/api/me", token ? { token } : {});
      assert.equal(response.status, 401, `${name}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, "unauthenticated");
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
    });
  }

  it("refuses a valid token of a user with no mapped group: 403 explaining there is no access", async () => {
    const response = await me(await issuer.token({ ...person(), groups: [randomUUID()] }));
    assert.equal(response.status, 403);
    assert.equal(response.body.error.code, "forbidden");
    assert.match(response.body.error.message, /no Labkeep access/);
  });

  it("refuses a Disabled user even with a valid token: 403 user_disabled", async () => {
    const who = person();
    assert.equal((await me(await issuer.token(who))).status, 200);
    await server.database.prisma.user.update({ where: { aadObjectId: who.oid }, data: { status: "DISABLED" } });
    const response = await me(await issuer.token(who));
    assert.equal(response.status, 403);
    assert.equal(response.body.error.code, "user_disabled");
    assert.match(response.body.error.message, /disabled/);
  });
});
