import assert from "node:assert/strict";
import { test } from "node:test";
import { parseLabkeepLink, parseRecordNumber, targetOfSubPageId } from "./lookup.links.ts";

const APP = "11111111-2222-4333-8444-555555555555";

/** A Teams deep link as bot/cards/links.ts writes it (domain tests may not import the bot). */
function deepLinkForTest(appId: string, subEntityId: string): string {
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/records?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}`;
}

test("Teams deep links of this app name a record, an instrument or a list; another app's do not count", () => {
  assert.deepEqual(parseLabkeepLink(deepLinkForTest(APP, "record:42"), APP), { kind: "record", id: 42 });
  assert.deepEqual(parseLabkeepLink(deepLinkForTest(APP.toUpperCase(), "equipment:17"), APP), { kind: "equipment", id: 17 });
  assert.deepEqual(parseLabkeepLink(deepLinkForTest(APP, "records:3:overdue"), APP), { kind: "list", labId: 3, status: "overdue" });
  assert.equal(parseLabkeepLink(deepLinkForTest("99999999-2222-4333-8444-555555555555", "record:42"), APP), null);
  assert.equal(parseLabkeepLink(`https://teams.microsoft.com/l/entity/${APP}/records?context=%7Bbroken`, APP), null);
});

test("the tab's own URLs (hash routes) name the same targets", () => {
  assert.deepEqual(parseLabkeepLink("https://labkeep.contoso.com/?inTeams=1#/maintenance/record/42", APP), { kind: "record", id: 42 });
  assert.deepEqual(parseLabkeepLink("https://labkeep.contoso.com/#/equipment/17", APP), { kind: "equipment", id: 17 });
  assert.deepEqual(parseLabkeepLink("https://labkeep.contoso.com/?lab=2#/maintenance/status/due", APP), { kind: "list", labId: 2, status: "due" });
  assert.equal(parseLabkeepLink("https://labkeep.contoso.com/#/equipment/99999999999", APP), null, "beyond a database id");
  assert.equal(parseLabkeepLink("javascript:alert(1)//#/equipment/1", APP), null);
  assert.equal(parseLabkeepLink("BOS-FRZ-001", APP), null);
});

test("subPageIds and record numbers", () => {
  assert.deepEqual(targetOfSubPageId("equipment/5"), { kind: "equipment", id: 5 });
  assert.equal(targetOfSubPageId("equipment:0"), null);
  assert.deepEqual(parseRecordNumber(" bos-000123 "), { labCode: "BOS", number: 123 });
  assert.equal(parseRecordNumber("BOS-FRZ-001"), null);
});
