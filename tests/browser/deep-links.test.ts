import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRoute, routeFromSubPageId } from "../../tab/src/shell/routes.ts";

test("Teams subPageIds from the bot's cards map to the tab's routes", () => {
  assert.deepEqual(routeFromSubPageId("record:42"), { hash: "#/maintenance/record/42", labId: null });
  assert.deepEqual(routeFromSubPageId("record/42"), { hash: "#/maintenance/record/42", labId: null });
  assert.deepEqual(routeFromSubPageId("equipment:17"), { hash: "#/equipment/17", labId: null });
  assert.deepEqual(routeFromSubPageId("records:2:overdue"), { hash: "#/maintenance/status/overdue", labId: 2 });
  assert.deepEqual(routeFromSubPageId("records:3"), { hash: "#/maintenance", labId: 3 });
  assert.deepEqual(routeFromSubPageId("records:3:bogus"), { hash: "#/maintenance", labId: 3 });
  assert.deepEqual(routeFromSubPageId("reviews"), { hash: "#/reviews", labId: null });
  assert.equal(routeFromSubPageId("record:abc"), null);
  assert.equal(routeFromSubPageId("users:1"), null);
  assert.equal(routeFromSubPageId(""), null);
});

test("hash routes name a page and its rest; unknown pages fall back to maintenance", () => {
  assert.deepEqual(parseRoute("#/maintenance/record/42"), { page: "maintenance", rest: ["record", "42"] });
  assert.deepEqual(parseRoute("#/equipment/17"), { page: "equipment", rest: ["17"] });
  assert.deepEqual(parseRoute("#/reports/print"), { page: "reports", rest: ["print"] });
  assert.deepEqual(parseRoute(""), { page: "maintenance", rest: [] });
  assert.deepEqual(parseRoute("#/nowhere/1"), { page: "maintenance", rest: [] });
});
