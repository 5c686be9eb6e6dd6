import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { startGraph, type GraphStandIn } from "../support/graph.ts";
import { startIssuer, type Issuer } from "../support/issuer.ts";
import { startServerProcess, type ServerProcess } from "../support/server.ts";

/**
 * R-AUTH-ID end to end through `npm start`'s entry point: a tab token without a groups claim →
 * MSAL On-Behalf-Of at the issuer stand-in (HTTPS, trusted through NODE_EXTRA_CA_CERTS) → Graph
 * stand-in with the exchanged token → groups by naming convention → /api/me. Then SIGTERM.
 */
describe("On-Behalf-Of group lookup and start-up", () => {
  let issuer: Issuer;
  let graph: GraphStandIn;
  let database: TestDatabase;
  let server: ServerProcess;
  const user = { oid: randomUUID(), upn: "pat@contoso.test", name: "Pat Doe" };

  before(async () => {
    issuer = await startIssuer({ https: true });
    graph = await startGraph({ pageSize: 2 });
    graph.groups.set(user.oid, [
      { id: randomUUID(), displayName: "All staff" },
      { id: randomUUID(), displayName: "Labkeep-BOS-Technician" },
      { id: randomUUID(), displayName: "Chemistry" },
      { id: randomUUID(), displayName: "Labkeep-GlobalAudit" },
    ]);
    graph.users.push({ id: randomUUID(), displayName: "Sam Lee", userPrincipalName: "sam@contoso.test", mail: null });
    database = await createTestDatabase();
    await database.prisma.lab.create({ data: { code: "BOS", name: "Boston", timeZone: "America/New_York" } });
    server = await startServerProcess({
      NODE_ENV: "test",
      NODE_EXTRA_CA_CERTS: issuer.certificateFile!,
      DATABASE_URL: database.url,
      DEV_SIGN_IN: "false",
      AUTH_CLIENT_ID: issuer.clientId,
      AUTH_CLIENT_SECRET: issuer.clientSecret,
      AUTH_TENANT_IDS: issuer.tenantId,
      AUTH_AUTHORITY_HOST: issuer.url,
      GRAPH_BASE_URL: graph.baseUrl,
      GRAPH_MAX_RETRIES: "2",
    });
  });
  after(async () => {
    await server?.stop();
    await graph?.close();
    await issuer?.close();
    await database?.close();
  });

  it("exchanges the tab token On-Behalf-Of, reads transitive groups from Graph and maps them", async () => {
    const token = await issuer.token(user);
    graph.fail(1, 429, 1);
    const response = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { labs: { code: string; roles: string[] }[]; globalRoles: string[] };
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.deepEqual(body.labs.map((l) => [l.code, l.roles]), [["BOS", ["TECHNICIAN"]]]);
    assert.deepEqual(body.globalRoles, ["GLOBAL_AUDIT"]);
    const obo = issuer.tokenRequests.find((r) => r.grant_type === "urn:ietf:params:oauth:grant-type:jwt-bearer");
    assert.ok(obo, "an On-Behalf-Of exchange");
    assert.equal(obo.assertion, token);
    assert.equal(obo.requested_token_use, "on_behalf_of");
    assert.match(obo.scope ?? "", /https:\/\/graph\.microsoft\.com\/\.default/);
    const memberOf = graph.requests.filter((r) => r.url.includes("/transitiveMemberOf/"));
    assert.equal(memberOf.length, 3, "one throttled attempt, then two pages");
    assert.ok(memberOf.every((r) => r.authorization?.startsWith("Bearer ey") && r.authorization !== `Bearer ${token}`), "Graph gets the exchanged token, not the tab's");
  });

  it("searches the directory through Graph On-Behalf-Of", async () => {
    const token = await issuer.token({ ...user, oid: user.oid });
    const response = await fetch(`${server.url}/api/directory/users?search=sam`, { headers: { authorization: `Bearer ${token}` } });
    // Global Audit may not add users: the route refuses before Graph is asked.
    assert.equal(response.status, 403);
  });

  it("logs migrations at start and stops cleanly on SIGTERM", async () => {
    assert.ok(server.output.some((line) => line.includes("migrations")), "migrations logged");
    const code = await server.stop();
    assert.equal(code, 0);
    assert.ok(server.output.some((line) => line.includes('"msg":"stopped"')));
  });
});
