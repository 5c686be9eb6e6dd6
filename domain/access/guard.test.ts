import assert from "node:assert/strict";
import { test } from "node:test";
import type { AppError } from "../errors.ts";
import type { Grant, Principal } from "../policy/policy.ts";
import { labIdIn, requireItemRight, requireRight, requireScope } from "./guard.ts";

const BOS = 1;
const LON = 2;
const as = (...grants: Grant[]) => ({ principal: { userId: 7, aadObjectId: "x", displayName: "X", status: "ACTIVE", primaryLabId: BOS, grants } satisfies Principal });
const manager = as({ labId: BOS, role: "MANAGER" });
const technician = as({ labId: BOS, role: "TECHNICIAN" });
const globalAudit = as({ labId: null, role: "GLOBAL_AUDIT" });
const code = (expected: string) => (error: unknown) => (error as AppError).code === expected;

test("requireRight: an unseen lab is not found, a seen lab without the right is forbidden, no lab means anywhere", () => {
  assert.doesNotThrow(() => requireRight(manager, "equipment", "edit", BOS));
  assert.throws(() => requireRight(manager, "equipment", "edit", LON), code("not_found"));
  assert.throws(() => requireRight(technician, "equipment", "view", BOS), code("forbidden"));
  assert.throws(() => requireRight(globalAudit, "equipment", "edit", LON), code("forbidden"));
  assert.doesNotThrow(() => requireRight(manager, "user", "create"));
  assert.throws(() => requireRight(technician, "user", "create"), code("forbidden"));
});

test("requireItemRight: an item of a lab where the entity cannot be viewed does not exist", () => {
  assert.throws(() => requireItemRight(technician, "equipment", "edit", BOS, "Equipment"), code("not_found"));
  assert.throws(() => requireItemRight(technician, "record", "amend", BOS, "Record"), code("forbidden"));
  assert.doesNotThrow(() => requireItemRight(technician, "record", "complete", BOS, "Record"));
});

test("requireScope: the requested lab, or every lab with the right, and none at all is forbidden", () => {
  assert.deepEqual(requireScope(manager, "audit", "view"), [BOS]);
  assert.equal(requireScope(globalAudit, "audit", "export"), "all");
  assert.deepEqual(requireScope(globalAudit, "audit", "view", LON), [LON]);
  assert.throws(() => requireScope(manager, "audit", "view", LON), code("not_found"));
  assert.throws(() => requireScope(technician, "audit", "view", BOS), code("forbidden"));
  assert.throws(() => requireScope(technician, "audit", "view"), code("forbidden"));
  assert.throws(() => requireScope({ principal: { ...manager.principal, status: "DISABLED" } }, "record", "view"), code("forbidden"));
});

test("labIdIn reads a lab id from an unvalidated body, and nothing else", () => {
  assert.equal(labIdIn({ labId: 3 }, "labId"), 3);
  for (const body of [null, "3", { labId: "3" }, { labId: 0 }, { labId: 1.5 }, { other: 3 }, []]) assert.equal(labIdIn(body, "labId"), undefined);
});
