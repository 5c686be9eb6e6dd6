import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { createWorld, type World } from "../../tests/support/fixtures/world.ts";
import { DEMO_USERS } from "../seed/identities.ts";
import { canViewUser, labScope } from "../policy/policy.ts";
import { targetOf, userInclude } from "./user.target.ts";
import { changeUserStatus, createUser, findUserByAadObjectId, getUser, grantAccess, listUsers, loadPrincipal, registerUser, revokeAccess, updateUser } from "./user.service.ts";

let tdb: TestDatabase;
let w: World;
const code = (expected: string) => (error: unknown) => error instanceof AppError && error.code === expected;
const id = (who: string) => w.users[who]!.id;
const names = (users: { items: { upn: string }[] }) => users.items.map((u) => u.upn.split("@")[0]).sort();

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
});
after(async () => {
  await tdb?.close();
});

test("who sees whom", async () => {
  await assert.rejects(listUsers(w.as("tom.tech")), code("forbidden"));
  assert.equal((await listUsers(w.as("grace.audit"), { includeDisabled: true })).total, 9);
  assert.equal((await listUsers(w.as("ada.admin"))).total, 8);
  // A Manager of BOS and SFO: users of those labs, never Administrators or Global Audit.
  assert.deepEqual(names(await listUsers(w.as("marie.manager", "BOS"))), ["marie.manager", "rosalind.audit", "tara.tech", "theo.tech", "tom.tech"]);
  assert.deepEqual(names(await listUsers(w.as("marie.manager"), { labId: w.labs.SFO })), ["marie.manager", "tara.tech"]);
  await assert.rejects(listUsers(w.as("marie.manager"), { labId: w.labs.LON }), code("not_found"));
  // Local Audit: users of the current lab only.
  assert.deepEqual(names(await listUsers(w.as("rosalind.audit", "BOS"))), ["marie.manager", "rosalind.audit", "theo.tech", "tom.tech"]);
  assert.deepEqual(names(await listUsers(w.as("rosalind.audit"))), ["rosalind.audit"]);
  await assert.rejects(getUser(w.as("marie.manager"), id("ada.admin")), code("not_found"));
  await assert.rejects(getUser(w.as("lena.manager"), id("tom.tech")), code("not_found"));
  const theo = await getUser(w.as("marie.manager", "BOS"), id("theo.tech"));
  assert.deepEqual(theo.access.map((a) => [a.labCode, a.role]), [["BOS", "TECHNICIAN"]]);
});

test("a Manager edits every detail only of users whose primary lab is the current lab", async () => {
  const edited = await updateUser(w.as("marie.manager", "BOS"), id("tom.tech"), { displayName: "Thomas Edison" });
  assert.equal(edited.displayName, "Thomas Edison");
  const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.updated", entityId: String(id("tom.tech")) } });
  assert.deepEqual([audit.before, audit.after], [{ displayName: "Tom Edison" }, { displayName: "Thomas Edison" }]);
  await assert.rejects(updateUser(w.as("marie.manager", "SFO"), id("tom.tech"), { displayName: "T" }), code("forbidden"));
  await assert.rejects(updateUser(w.as("marie.manager", "BOS"), id("theo.tech"), { displayName: "T" }), code("forbidden"));
  await assert.rejects(updateUser(w.as("marie.manager", "BOS"), id("tom.tech"), { primaryLabId: w.labs.LON }), code("not_found"));
  await assert.rejects(updateUser(w.as("rosalind.audit", "BOS"), id("tom.tech"), { displayName: "T" }), code("forbidden"));
  // Status only for users of another primary lab.
  const disabled = await changeUserStatus(w.as("marie.manager", "SFO"), id("theo.tech"), "DISABLED");
  assert.equal(disabled.status, "DISABLED");
  await changeUserStatus(w.as("marie.manager", "SFO"), id("theo.tech"), "ACTIVE");
  await assert.rejects(changeUserStatus(w.as("marie.manager", "BOS"), id("marie.manager"), "DISABLED"), code("forbidden"));
  await assert.rejects(changeUserStatus(w.as("ada.admin"), id("tom.tech"), "GONE"), code("validation_failed"));
  assert.equal(await tdb.prisma.auditEvent.count({ where: { action: "user.status_changed" } }), 2);
});

test("grants follow R-AUTH-MGR: a Manager never grants Administrator, and only at labs they manage", async () => {
  const tom = id("tom.tech");
  await assert.rejects(grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "ADMINISTRATOR"), code("forbidden"));
  await assert.rejects(grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "GLOBAL_AUDIT"), code("forbidden"));
  await assert.rejects(grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.LON, "TECHNICIAN"), code("not_found"));
  await assert.rejects(grantAccess(w.as("rosalind.audit", "BOS"), tom, w.labs.BOS, "TECHNICIAN"), code("forbidden"));
  await assert.rejects(grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "OWNER"), code("validation_failed"));
  const granted = await grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "TECHNICIAN", "Covering for a colleague");
  assert.deepEqual(granted.access.map((a) => [a.labCode, a.role, a.grantedBy?.displayName]), [["SFO", "TECHNICIAN", "Marie Curie"]]);
  const changed = await grantAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "LOCAL_AUDIT", "Covering for a colleague");
  assert.equal(changed.access[0]!.role, "LOCAL_AUDIT");
  // An Administrator's grant cannot be downgraded by a Manager.
  await grantAccess(w.as("ada.admin"), id("tara.tech"), w.labs.SFO, "ADMINISTRATOR", "Covering for a colleague");
  await assert.rejects(revokeAccess(w.as("marie.manager", "SFO"), id("tara.tech"), w.labs.SFO), code("not_found"));
  await revokeAccess(w.as("ada.admin"), id("tara.tech"), w.labs.SFO, "Covering for a colleague");
  const revoked = await revokeAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO, "Covering for a colleague");
  assert.deepEqual(revoked.access, []);
  await assert.rejects(revokeAccess(w.as("marie.manager", "BOS"), tom, w.labs.SFO), code("not_found"));
  const actions = (await tdb.prisma.auditEvent.findMany({ where: { entityType: "access" }, orderBy: { seq: "asc" } })).map((e) => e.action);
  assert.deepEqual(actions, ["access.granted", "access.role_changed", "access.granted", "access.revoked", "access.revoked"]);
});

test("a Manager adds Entra users at labs they manage, with a grantable role", async () => {
  const input = { aadObjectId: "11111111-2222-4333-8444-555555555555", upn: "Nina.New@labkeep.dev", displayName: "Nina New", primaryLabId: w.labs.SFO, role: "TECHNICIAN" };
  await assert.rejects(createUser(w.as("marie.manager"), { ...input, role: "ADMINISTRATOR" }), code("forbidden"));
  await assert.rejects(createUser(w.as("marie.manager"), { ...input, primaryLabId: w.labs.LON }), code("not_found"));
  await assert.rejects(createUser(w.as("rosalind.audit"), { ...input, primaryLabId: w.labs.BOS }), code("forbidden"));
  const before = await tdb.prisma.auditEvent.count();
  await assert.rejects(createUser(w.as("marie.manager"), { ...input, upn: "nina", displayName: "" }), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === "validation_failed");
    assert.deepEqual((e.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort(), ["displayName", "upn"]);
    return true;
  });
  assert.equal(await tdb.prisma.auditEvent.count(), before);
  const nina = await createUser(w.as("marie.manager"), input);
  assert.equal(nina.upn, "nina.new@labkeep.dev");
  assert.deepEqual(nina.access.map((a) => [a.labCode, a.role]), [["SFO", "TECHNICIAN"]]);
  await assert.rejects(createUser(w.as("ada.admin"), input), code("conflict"));
  assert.deepEqual(
    (await tdb.prisma.auditEvent.findMany({ where: { entityId: String(nina.id) }, orderBy: { seq: "asc" } })).map((e) => e.action),
    ["user.created", "access.granted"],
  );
});

test("sign-in: register once (even twice at once) and union group and in-app grants", async () => {
  const identity = { aadObjectId: "99999999-0000-4000-8000-000000000001", upn: "Sam@labkeep.dev", displayName: "Sam Seen", primaryLabId: w.labs.LON };
  const [a, b] = await Promise.all([registerUser(tdb.prisma, w.clock, identity, "BOT"), registerUser(tdb.prisma, w.clock, identity, "TAB")]);
  assert.equal(a.id, b.id);
  assert.equal((await findUserByAadObjectId(tdb.prisma, identity.aadObjectId))?.upn, "sam@labkeep.dev");
  assert.equal(await findUserByAadObjectId(tdb.prisma, "nobody"), null);
  const registered = await tdb.prisma.auditEvent.findMany({ where: { action: "user.registered", entityId: String(a.id) } });
  assert.equal(registered.length, 1);
  assert.equal(registered[0]!.actorId, a.id);
  await grantAccess(w.as("ada.admin"), a.id, w.labs.BOS, "LOCAL_AUDIT", "Covering for a colleague");
  const principal = await loadPrincipal(tdb.prisma, a, [{ labId: w.labs.LON, role: "TECHNICIAN" }, { labId: w.labs.BOS, role: "LOCAL_AUDIT" }]);
  assert.deepEqual(principal.grants, [{ labId: w.labs.LON, role: "TECHNICIAN" }, { labId: w.labs.BOS, role: "LOCAL_AUDIT" }]);
  assert.equal(principal.status, "ACTIVE");
});

test("the audit chain verifies", async () => {
  assert.deepEqual(await verifyAuditChain(tdb.prisma), { ok: true, checked: await tdb.prisma.auditEvent.count() });
});

test("a user made Administrator by an Entra group alone is known as one to other users' rules", async () => {
  const newcomer = await registerUser(tdb.prisma, w.clock, { aadObjectId: "00000000-0000-4000-8000-0000000000b1", upn: "new.admin@labkeep.dev", displayName: "New Admin", primaryLabId: w.labs.BOS }, "TAB");
  // Before the first sign-in reads the groups, the newcomer looks like a plain BOS user.
  assert.ok(names(await listUsers(w.as("marie.manager", "BOS"))).includes("new.admin"));
  const principal = await loadPrincipal(tdb.prisma, newcomer, [{ labId: null, role: "ADMINISTRATOR" }]);
  assert.ok(principal.grants.some((g) => g.role === "ADMINISTRATOR"));
  assert.ok(!names(await listUsers(w.as("marie.manager", "BOS"))).includes("new.admin"), "a Manager does not see Administrators");
  await assert.rejects(changeUserStatus(w.as("marie.manager", "BOS"), newcomer.id, "DISABLED"), code("not_found"));
  assert.ok(names(await listUsers(w.as("ada.admin"))).includes("new.admin"));
});

test("each user's effective roles per lab, with where each comes from (Entra group, in-app grant, or both)", async () => {
  const users = (await listUsers(w.as("grace.audit"), { includeDisabled: true })).items;
  for (const demo of DEMO_USERS) {
    const expected = new Map<string, string[]>();
    for (const g of demo.groups) expected.set(`${g.lab ?? "all"} ${g.role}`, ["ENTRA_GROUP"]);
    for (const g of demo.grants) expected.set(`${g.lab} ${g.role}`, [...(expected.get(`${g.lab} ${g.role}`) ?? []), "IN_APP"]);
    const user = users.find((u) => u.upn === demo.upn)!;
    assert.deepEqual(
      new Map(user.roles.map((r) => [`${r.labCode ?? "all"} ${r.role}`, r.sources])),
      expected,
      demo.upn,
    );
  }
  // The same role from a group and from the app is one role with both sources; revoking the grant leaves the group's.
  await grantAccess(w.as("ada.admin"), id("tom.tech"), w.labs.BOS, "TECHNICIAN", "Covering for a colleague");
  const both = await getUser(w.as("ada.admin"), id("tom.tech"));
  assert.deepEqual(both.roles.map((r) => [r.labCode, r.role, r.sources]), [["BOS", "TECHNICIAN", ["ENTRA_GROUP", "IN_APP"]]]);
  const revoked = await revokeAccess(w.as("ada.admin"), id("tom.tech"), w.labs.BOS, "Covering for a colleague");
  assert.deepEqual(revoked.roles.map((r) => [r.labCode, r.role, r.sources]), [["BOS", "TECHNICIAN", ["ENTRA_GROUP"]]]);
});

test("the users list selects in SQL exactly whom the policy lets each user view, and pages with a count", async () => {
  // An Entra-only link (no primary lab, no in-app grant) and an Entra-only Administrator.
  await tdb.prisma.user.create({ data: { aadObjectId: "aad-entra-bos", upn: "entra.bos@labkeep.dev", displayName: "Entra Bos", directoryGrants: [{ labId: w.labs.BOS, role: "TECHNICIAN" }] } });
  await tdb.prisma.user.create({ data: { aadObjectId: "aad-entra-admin", upn: "entra.admin@labkeep.dev", displayName: "Entra Admin", primaryLabId: w.labs.BOS, directoryGrants: [{ labId: null, role: "ADMINISTRATOR" }] } });
  const everyone = await tdb.prisma.user.findMany({ include: userInclude });
  for (const who of Object.keys(w.users)) {
    const { principal } = w.users[who]!;
    const scope = labScope(principal, "user", "view");
    if (scope !== "all" && scope.length === 0) continue;
    for (const current of [null, "BOS", "LON", "SFO"] as const) {
      const ctx = w.as(who, current);
      const expected = everyone.filter((u) => canViewUser(principal, targetOf(u), ctx.currentLabId)).map((u) => u.upn).sort();
      const listed = await listUsers(ctx, { includeDisabled: true });
      assert.deepEqual(listed.items.map((u) => u.upn).sort(), expected, `${who} at ${current}`);
    }
  }
  const all = await listUsers(w.as("ada.admin"), { includeDisabled: true });
  const first = await listUsers(w.as("ada.admin"), { includeDisabled: true, page: 1, pageSize: 4 });
  const last = await listUsers(w.as("ada.admin"), { includeDisabled: true, page: "3", pageSize: "4" });
  assert.deepEqual([first.total, first.page, first.pageSize, first.items.length], [all.total, 1, 4, 4]);
  assert.deepEqual(first.items.map((u) => u.id), all.items.slice(0, 4).map((u) => u.id));
  assert.deepEqual(last.items.map((u) => u.id), all.items.slice(8, 12).map((u) => u.id));
  await assert.rejects(listUsers(w.as("ada.admin"), { pageSize: 0 }), code("validation_failed"));
});
