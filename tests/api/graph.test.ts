import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { GraphReader } from "../../server/auth/graph.ts";
import { grantsFromGroups } from "../../domain/user/groups.ts";
import { startGraph, type GraphStandIn } from "../support/graph.ts";

// R-AUTH-ID: group membership through @microsoft/microsoft-graph-client against a Graph stand-in.
describe("Graph group membership", () => {
  let graph: GraphStandIn;
  const token = async () => "graph-access-token";
  const user = randomUUID();

  before(async () => {
    graph = await startGraph({ pageSize: 100 });
    const groups = Array.from({ length: 250 }, (_, i) => ({ id: randomUUID(), displayName: `Team ${i}` }));
    groups[7] = { id: groups[7]!.id, displayName: "Labkeep-BOS-Manager" };
    groups[180] = { id: groups[180]!.id, displayName: "Labkeep-GlobalAudit" };
    graph.groups.set(user, groups);
    graph.users.push({ id: randomUUID(), displayName: "Pat Doe", userPrincipalName: "pat@contoso.test", mail: "pat@contoso.test" });
  });
  after(() => graph.close());
  beforeEach(() => {
    graph.requests.length = 0;
  });

  it("follows @odata.nextLink across pages with $select and a bearer token", async () => {
    const reader = new GraphReader({ baseUrl: graph.baseUrl, maxRetries: 0 });
    const groups = await reader.transitiveGroups(token, user);
    assert.equal(groups.length, 250);
    assert.equal(new Set(groups.map((g) => g.id)).size, 250);
    assert.equal(graph.requests.length, 3);
    assert.ok(graph.requests.every((r) => r.authorization === "Bearer graph-access-token"));
    assert.match(decodeURIComponent(graph.requests[0]!.url), /\$select=id,displayName/);
    assert.match(decodeURIComponent(graph.requests[2]!.url), /\$skiptoken=200/);
    const grants = grantsFromGroups(groups, {}, new Map([["BOS", 1]]));
    assert.deepEqual(grants, [{ labId: 1, role: "MANAGER" }, { labId: null, role: "GLOBAL_AUDIT" }]);
  });

  it("waits for Retry-After on 429, then succeeds", async () => {
    const reader = new GraphReader({ baseUrl: graph.baseUrl, maxRetries: 3 });
    graph.fail(1, 429, 1);
    const started = Date.now();
    const groups = await reader.transitiveGroups(token, user);
    assert.equal(groups.length, 250);
    assert.ok(graph.requests[1]!.at - graph.requests[0]!.at >= 950, "second attempt after Retry-After");
    assert.ok(Date.now() - started >= 950);
  });

  it("retries 5xx a bounded number of times", async () => {
    const reader = new GraphReader({ baseUrl: graph.baseUrl, maxRetries: 2 });
    graph.fail(2, 503);
    assert.equal((await reader.transitiveGroups(token, user)).length, 250);
    graph.requests.length = 0;
    graph.fail(3, 500);
    await assert.rejects(reader.transitiveGroups(token, user), (error: { statusCode?: number }) => error.statusCode === 500);
    assert.equal(graph.requests.length, 3, "1 attempt + 2 retries, then it gives up");
    graph.fail(0, 500);
  });

  it("searches users with ConsistencyLevel: eventual", async () => {
    const reader = new GraphReader({ baseUrl: graph.baseUrl, maxRetries: 0 });
    const users = await reader.searchUsers(token, "pat");
    assert.deepEqual(users.map((u) => u.userPrincipalName), ["pat@contoso.test"]);
  });

  it("maps the configured group ids first, the naming convention second", () => {
    const mapped = randomUUID();
    const grants = grantsFromGroups(
      [{ id: mapped, displayName: "Labkeep-LON-Technician" }, { id: randomUUID(), displayName: "Labkeep-XXX-Manager" }, { id: randomUUID(), displayName: null }],
      { [mapped]: { lab: "SFO", role: "LOCAL_AUDIT" } },
      new Map([["SFO", 2], ["LON", 3]]),
    );
    assert.deepEqual(grants, [{ labId: 2, role: "LOCAL_AUDIT" }]);
  });
});
