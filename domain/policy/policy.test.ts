import assert from "node:assert/strict";
import { test } from "node:test";
import {
  can,
  canChangeUserStatus,
  canCreateUserAt,
  canEditUserDetails,
  canGrantAccess,
  canTransfer,
  canViewUser,
  capabilities,
  grantableRoles,
  labScope,
  PERMISSIONS,
  ROLES,
  type Grant,
  type Principal,
  type Role,
  type UserTarget,
} from "./policy.ts";

const BOS = 1;
const SFO = 2;
const LON = 3;

function principal(grants: Grant[], overrides: Partial<Principal> = {}): Principal {
  return { userId: 100, aadObjectId: "x", displayName: "P", status: "ACTIVE", primaryLabId: grants[0]?.labId ?? null, grants, ...overrides };
}
const target = (userId: number, primaryLabId: number | null, grants: Grant[]): UserTarget => ({ userId, primaryLabId, grants });

const admin = principal([{ labId: null, role: "ADMINISTRATOR" }]);
const globalAudit = principal([{ labId: BOS, role: "GLOBAL_AUDIT" }]);
const manager = principal([{ labId: BOS, role: "MANAGER" }]);
const localAudit = principal([{ labId: BOS, role: "LOCAL_AUDIT" }]);
const technician = principal([{ labId: BOS, role: "TECHNICIAN" }]);

test("the SPEC §2 table, role by role, at the user's own lab and at another lab", () => {
  // [role principal, entity, action, own lab allowed, other lab allowed]
  const rows: [Principal, Parameters<typeof can>[1], Parameters<typeof can>[2], boolean, boolean][] = [
    [admin, "record", "view", true, true],
    [admin, "record", "complete", true, true],
    [globalAudit, "record", "view", true, true],
    [globalAudit, "record", "complete", false, false],
    [manager, "record", "view", true, false],
    [manager, "record", "complete", true, false],
    [localAudit, "record", "view", true, false],
    [localAudit, "record", "complete", false, false],
    [technician, "record", "view", true, false],
    [technician, "record", "complete", true, false],
    [technician, "record", "amend", false, false],
    [admin, "equipment", "create", true, true],
    [globalAudit, "equipment", "view", true, true],
    [globalAudit, "equipment", "edit", false, false],
    [manager, "equipment", "transfer", true, false],
    [manager, "equipment", "changeStatus", true, false],
    [localAudit, "equipment", "view", true, false],
    [localAudit, "equipment", "edit", false, false],
    [technician, "equipment", "view", false, false],
    [admin, "audit", "view", true, true],
    [globalAudit, "audit", "export", true, true],
    [manager, "audit", "view", true, false],
    [localAudit, "audit", "export", true, false],
    [technician, "audit", "view", false, false],
  ];
  for (const [p, entity, action, own, other] of rows) {
    const who = p.grants[0]!.role;
    assert.equal(can(p, entity, action, BOS), own, `${who} ${action} ${entity} at own lab`);
    assert.equal(can(p, entity, action, SFO), other, `${who} ${action} ${entity} at another lab`);
  }
});

test("models: everyone but technicians views, only administrators change", () => {
  for (const p of [admin, globalAudit, manager, localAudit]) assert.equal(can(p, "model", "view"), true);
  assert.equal(can(technician, "model", "view"), false);
  assert.equal(can(admin, "model", "edit"), true);
  for (const p of [globalAudit, manager, localAudit, technician]) assert.equal(can(p, "model", "create"), false);
});

test("every role has an entry for every entity and views what it may change", () => {
  for (const role of ROLES) {
    for (const [entity, actions] of Object.entries(PERMISSIONS[role])) {
      if (actions.length > 0) assert.ok(actions.includes("view"), `${role} can act on ${entity} without viewing it`);
    }
  }
});

test("a disabled user may do nothing, whatever their grants", () => {
  const disabled = principal([{ labId: null, role: "ADMINISTRATOR" }], { status: "DISABLED" });
  assert.equal(can(disabled, "record", "view", BOS), false);
  assert.deepEqual(labScope(disabled, "record", "view"), []);
  assert.equal(canGrantAccess(disabled, BOS, "TECHNICIAN"), false);
});

test("lab scope: global roles see all labs, others the labs of their grants for that right", () => {
  assert.equal(labScope(admin, "record", "view"), "all");
  assert.equal(labScope(globalAudit, "equipment", "view"), "all");
  const multi = principal([
    { labId: LON, role: "TECHNICIAN" },
    { labId: BOS, role: "MANAGER" },
  ]);
  assert.deepEqual(labScope(multi, "record", "complete"), [BOS, LON]);
  assert.deepEqual(labScope(multi, "equipment", "view"), [BOS]);
  assert.deepEqual(labScope(globalAudit, "record", "complete"), []);
});

test("a transfer needs the right at both labs", () => {
  const twoLabs = principal([
    { labId: BOS, role: "MANAGER" },
    { labId: SFO, role: "MANAGER" },
  ]);
  assert.equal(canTransfer(twoLabs, BOS, SFO), true);
  assert.equal(canTransfer(manager, BOS, SFO), false);
  assert.equal(canTransfer(admin, BOS, LON), true);
});

test("R-AUTH-MGR: users a Manager and a Local Audit can see", () => {
  const bosTech = target(1, BOS, [{ labId: BOS, role: "TECHNICIAN" }]);
  const lonTech = target(2, LON, [{ labId: LON, role: "TECHNICIAN" }]);
  const bosAdmin = target(3, BOS, [{ labId: null, role: "ADMINISTRATOR" }]);
  const bosGlobalAudit = target(4, BOS, [{ labId: BOS, role: "GLOBAL_AUDIT" }]);
  assert.equal(canViewUser(manager, bosTech, BOS), true);
  assert.equal(canViewUser(manager, lonTech, BOS), false);
  assert.equal(canViewUser(manager, bosAdmin, BOS), false);
  assert.equal(canViewUser(manager, bosGlobalAudit, BOS), false);
  assert.equal(canViewUser(localAudit, bosTech, BOS), true);
  assert.equal(canViewUser(localAudit, bosTech, SFO), false);
  assert.equal(canViewUser(localAudit, bosAdmin, BOS), false);
  assert.equal(canViewUser(technician, bosTech, BOS), false);
  assert.equal(canViewUser(globalAudit, bosAdmin, null), true);
});

test("R-AUTH-MGR: a Manager edits details only of users whose primary lab is the current lab", () => {
  const twoLabs = principal([
    { labId: BOS, role: "MANAGER" },
    { labId: SFO, role: "MANAGER" },
  ]);
  const sfoUserWithBosAccess = target(5, SFO, [
    { labId: SFO, role: "TECHNICIAN" },
    { labId: BOS, role: "TECHNICIAN" },
  ]);
  assert.equal(canEditUserDetails(manager, sfoUserWithBosAccess, BOS), false);
  assert.equal(canChangeUserStatus(manager, sfoUserWithBosAccess), true, "status only, for a user of another primary lab");
  assert.equal(canEditUserDetails(twoLabs, sfoUserWithBosAccess, SFO), true);
  assert.equal(canEditUserDetails(twoLabs, sfoUserWithBosAccess, BOS), false);
  assert.equal(canEditUserDetails(admin, sfoUserWithBosAccess, null), true);
  assert.equal(canChangeUserStatus(manager, target(6, BOS, [{ labId: null, role: "ADMINISTRATOR" }])), false);
  assert.equal(canChangeUserStatus(manager, target(manager.userId, BOS, [...manager.grants])), false, "not their own status");
});

test("R-AUTH-MGR: a Manager grants only Manager, Local Audit or Technician, only at labs they manage", () => {
  const expected: Record<Role, boolean> = { ADMINISTRATOR: false, GLOBAL_AUDIT: false, MANAGER: true, LOCAL_AUDIT: true, TECHNICIAN: true };
  for (const role of ROLES) {
    assert.equal(canGrantAccess(manager, BOS, role), expected[role], role);
    assert.equal(canGrantAccess(manager, SFO, role), false, `${role} at another lab`);
    assert.equal(canGrantAccess(admin, SFO, role), true);
  }
  assert.deepEqual(grantableRoles(manager, BOS), ["MANAGER", "LOCAL_AUDIT", "TECHNICIAN"]);
  assert.equal(canCreateUserAt(manager, BOS), true);
  assert.equal(canCreateUserAt(manager, SFO), false);
  assert.equal(canCreateUserAt(localAudit, BOS), false);
});

test("capabilities summarise what the user may do per lab", () => {
  const caps = capabilities(technician, [BOS, SFO]);
  assert.deepEqual(caps.labs[BOS], { record: ["view", "complete"], lab: ["view"], correctiveAction: ["view", "create", "edit"], calibration: ["view", "complete"] });
  assert.equal(caps.labs[SFO], undefined);
  assert.deepEqual(caps.models, []);
  assert.deepEqual(capabilities(admin, [BOS]).models, ["view", "create", "edit"]);
});
