import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ROLES, type Role } from "../../domain/policy/policy.ts";
import type { Route } from "../../server/api/route.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { ROLE_USERS, SPEC_TABLE } from "./matrix.spec.ts";
import { buildApiWorld } from "./world.ts";

/**
 * The authorization matrix (SPEC §2, R-AUTH-SRV), generated from the server's route table:
 * every route × the five roles × their own lab (BOS) and another lab (LON). Write requests carry
 * bodies that do not validate, so an allowed call answers 4xx validation and changes nothing.
 */
type Side = "own" | "other";
interface Ids {
  labs: { BOS: number; LON: number; SFO: number };
  record: Record<Side, number>;
  equipment: Record<Side, number>;
  user: Record<Side, number>;
  model: number;
  task: number;
  /** A corrective action with no failed check behind it: a re-check cannot start (409), nothing changes. */
  ca: Record<Side, number>;
  /** A checklist answer of `record`, and a file attached to `record` (R-FILE). */
  answer: Record<Side, number>;
  attachment: Record<Side, number>;
  calibration: Record<Side, number>;
}
interface Case {
  path: string;
  body?: unknown;
  /** Not lab-scoped: the same answer for both sides. */
  labless?: boolean;
  /** Arranges the state the call needs (e.g. a grant to revoke). */
  arrange?: (server: TestServer) => Promise<void>;
}

const lab = (ids: Ids, side: Side) => (side === "own" ? ids.labs.BOS : ids.labs.LON);
const period = "from=2026-01-01&to=2026-12-31";

const FIXTURES: Record<string, (ids: Ids, side: Side) => Case> = {
  "GET /api/me": () => ({ path: "/api/me", labless: true }),
  "POST /api/me/refresh": () => ({ path: "/api/me/refresh", labless: true }),
  "GET /api/me/work": () => ({ path: "/api/me/work", labless: true }),
  "GET /api/me/notifications": () => ({ path: "/api/me/notifications", labless: true }),
  "PUT /api/me/notifications": () => ({ path: "/api/me/notifications", body: { enabledTypes: "all" }, labless: true }),
  "GET /api/labs": () => ({ path: "/api/labs?includeInactive=true", labless: true }),
  "POST /api/labs": () => ({ path: "/api/labs", body: { code: "x", timeZone: "Mars/Olympus" }, labless: true }),
  "PATCH /api/labs/:id": (ids, s) => ({ path: `/api/labs/${lab(ids, s)}`, body: { timeZone: "Mars/Olympus" } }),
  "POST /api/labs/:id/status": (ids, s) => ({ path: `/api/labs/${lab(ids, s)}/status`, body: { active: "no" } }),
  "GET /api/labs/:id/channels": (ids, s) => ({ path: `/api/labs/${lab(ids, s)}/channels` }),
  "GET /api/labs/:id/assignees": (ids, s) => ({ path: `/api/labs/${lab(ids, s)}/assignees` }),
  "PUT /api/labs/:id/channel": (ids, s) => ({ path: `/api/labs/${lab(ids, s)}/channel`, body: { installationId: "x" } }),
  "GET /api/records": (ids, s) => ({ path: `/api/records?labId=${lab(ids, s)}` }),
  "GET /api/records/:id": (ids, s) => ({ path: `/api/records/${ids.record[s]}` }),
  "POST /api/records/:id/complete": (ids, s) => ({ path: `/api/records/${ids.record[s]}/complete`, body: { results: "none" } }),
  "POST /api/records/:id/amend": (ids, s) => ({ path: `/api/records/${ids.record[s]}/amend`, body: { reason: "" } }),
  "POST /api/records/:id/not-required": (ids, s) => ({ path: `/api/records/${ids.record[s]}/not-required`, body: { reason: "" } }),
  "GET /api/reviews": (ids, s) => ({ path: `/api/reviews?labId=${lab(ids, s)}` }),
  "GET /api/reviews/returned": (ids, s) => ({ path: `/api/reviews/returned?labId=${lab(ids, s)}` }),
  "POST /api/calibrations/:id/quarantine": (ids, s) => ({ path: `/api/calibrations/${ids.calibration[s]}/quarantine`, body: { problem: 7 } }),
  "PUT /api/records/:id/assignee": (ids, s) => ({ path: `/api/records/${ids.record[s]}/assignee`, body: { assigneeId: "x" } }),
  "POST /api/records/:id/review": (ids, s) => ({ path: `/api/records/${ids.record[s]}/review`, body: { comment: 7 } }),
  "POST /api/records/:id/return": (ids, s) => ({ path: `/api/records/${ids.record[s]}/return`, body: { reason: "" } }),
  "POST /api/records/:id/resubmit": (ids, s) => ({ path: `/api/records/${ids.record[s]}/resubmit`, body: { note: "" } }),
  "POST /api/records/:id/signatures": (ids, s) => ({ path: `/api/records/${ids.record[s]}/signatures`, body: { meaning: "PERFORMED" } }),
  "GET /api/records/:id/print": (ids, s) => ({ path: `/api/records/${ids.record[s]}/print` }),
  "POST /api/dev/signing-token": () => ({ path: "/api/dev/signing-token", body: { pin: 1847 }, labless: true }),
  "POST /api/records/:id/quarantine": (ids, s) => ({ path: `/api/records/${ids.record[s]}/quarantine`, body: { dueOn: "soon" } }),
  "GET /api/corrective-actions": (ids, s) => ({ path: `/api/corrective-actions?labId=${lab(ids, s)}` }),
  "GET /api/corrective-actions/export.csv": (ids, s) => ({ path: `/api/corrective-actions/export.csv?labId=${lab(ids, s)}` }),
  "GET /api/corrective-actions/:id": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}` }),
  "PATCH /api/corrective-actions/:id": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}`, body: { dueOn: "soon" } }),
  "POST /api/corrective-actions/:id/actions": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}/actions`, body: { text: "" } }),
  "POST /api/corrective-actions/:id/recheck": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}/recheck` }),
  "POST /api/corrective-actions/:id/close": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}/close`, body: { note: "" } }),
  "PUT /api/corrective-actions/:id/impact": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}/impact`, body: { decision: "MAYBE" } }),
  "GET /api/corrective-actions/:id/impact.csv": (ids, s) => ({ path: `/api/corrective-actions/${ids.ca[s]}/impact.csv` }),
  "GET /api/equipment": (ids, s) => ({ path: `/api/equipment?labId=${lab(ids, s)}` }),
  "GET /api/equipment/:id": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}` }),
  "GET /api/equipment/export.csv": (ids, s) => ({ path: `/api/equipment/export.csv?labId=${lab(ids, s)}` }),
  "GET /api/equipment/export.xlsx": (ids, s) => ({ path: `/api/equipment/export.xlsx?labId=${lab(ids, s)}` }),
  "POST /api/equipment": (ids, s) => ({ path: "/api/equipment", body: { labId: lab(ids, s), assetTag: "" } }),
  "PATCH /api/equipment/:id": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}`, body: { assetTag: 42 } }),
  "PUT /api/equipment/:id/responsibility": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/responsibility`, body: { responsibleId: "x", deputyId: null } }),
  "POST /api/equipment/:id/status": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/status`, body: { status: "BROKEN" } }),
  "POST /api/equipment/:id/transfer": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/transfer`, body: { toLabId: s === "own" ? ids.labs.BOS : ids.labs.LON, reason: 7 } }),
  "GET /api/lookup": () => ({ path: "/api/lookup?q=FRZ&count=5", labless: true }),
  "GET /api/lookup/equipment/:id": (ids, s) => ({ path: `/api/lookup/equipment/${ids.equipment[s]}` }),
  "GET /api/models": () => ({ path: "/api/models", labless: true }),
  "GET /api/calibrations": (ids, s) => ({ path: `/api/calibrations?labId=${lab(ids, s)}` }),
  "GET /api/calibrations/labels.pdf": (ids, s) => ({ path: `/api/calibrations/labels.pdf?ids=${ids.equipment[s]}` }),
  "GET /api/equipment/:id/calibration": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/calibration` }),
  "PUT /api/equipment/:id/calibration": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/calibration`, body: { intervalUnit: "FORTNIGHT" } }),
  "POST /api/equipment/:id/calibrations": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/calibrations`, body: { points: "none" } }),
  "GET /api/equipment/:id/traceability": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/traceability` }),
  "GET /api/models/:id": (ids) => ({ path: `/api/models/${ids.model}`, labless: true }),
  "POST /api/models": () => ({ path: "/api/models", body: { name: "" }, labless: true }),
  "PATCH /api/models/:id": (ids) => ({ path: `/api/models/${ids.model}`, body: { name: "" }, labless: true }),
  "PUT /api/models/:id/frequencies": (ids) => ({ path: `/api/models/${ids.model}/frequencies`, body: { frequencies: "HOURLY" }, labless: true }),
  "POST /api/models/:id/tasks": (ids) => ({ path: `/api/models/${ids.model}/tasks`, body: { title: "" }, labless: true }),
  "PUT /api/models/:id/tasks/order": (ids) => ({ path: `/api/models/${ids.model}/tasks/order`, body: { frequency: "HOURLY" }, labless: true }),
  "PATCH /api/models/:id/tasks/:taskId": (ids) => ({ path: `/api/models/${ids.model}/tasks/${ids.task}`, body: { title: "" }, labless: true }),
  "POST /api/models/:id/tasks/:taskId/deactivate": (ids) => ({ path: `/api/models/${ids.model}/tasks/${ids.task}/deactivate`, body: { reason: 5 }, labless: true }),
  "GET /api/users": (ids, s) => ({ path: `/api/users?labId=${lab(ids, s)}` }),
  "GET /api/users/:id": (ids, s) => ({ path: `/api/users/${ids.user[s]}` }),
  "POST /api/users": (ids, s) => ({ path: "/api/users", body: { primaryLabId: lab(ids, s), role: "TECHNICIAN", upn: "not an upn" } }),
  "PATCH /api/users/:id": (ids, s) => ({ path: `/api/users/${ids.user[s]}`, body: { email: null } }), // an empty PATCH is a 400 before the service rules
  "POST /api/users/:id/status": (ids, s) => ({ path: `/api/users/${ids.user[s]}/status`, body: { status: "ACTIVE" } }),
  "PUT /api/users/:id/access/:labId": (ids, s) => ({ path: `/api/users/${ids.user.own}/access/${lab(ids, s)}`, body: { role: "TECHNICIAN" } }),
  "DELETE /api/users/:id/access/:labId": (ids, s) => ({
    path: `/api/users/${ids.user.own}/access/${lab(ids, s)}`,
    arrange: async (server) => {
      const key = { userId: ids.user.own, labId: lab(ids, s) };
      await server.database.prisma.labAccess.upsert({ where: { userId_labId: key }, create: { ...key, role: "TECHNICIAN" }, update: {} });
    },
  }),
  "GET /api/directory/users": () => ({ path: "/api/directory/users?search=tom", labless: true }),
  "GET /api/audit": (ids, s) => ({ path: `/api/audit?labId=${lab(ids, s)}` }),
  "GET /api/audit/export.csv": (ids, s) => ({ path: `/api/audit/export.csv?labId=${lab(ids, s)}` }),
  "GET /api/audit/review": (ids, s) => ({ path: `/api/audit/review?labId=${lab(ids, s)}&from=2026-01-01&to=2026-12-31` }),
  "GET /api/audit/review/export.csv": (ids, s) => ({ path: `/api/audit/review/export.csv?labId=${lab(ids, s)}&from=2026-01-01&to=2026-12-31` }),
  "POST /api/audit/review/sign-off": (ids, s) => ({ path: "/api/audit/review/sign-off", body: { labId: lab(ids, s), from: "2026-01-01", to: "2026-01-31", meaning: "SIGNED", contentHash: "x" } }),
  "GET /api/reports/compliance": (ids, s) => ({ path: `/api/reports/compliance?labId=${lab(ids, s)}&${period}` }),
  "GET /api/reports/overdue-ageing": (ids, s) => ({ path: `/api/reports/overdue-ageing?labId=${lab(ids, s)}` }),
  "GET /api/reports/calibration": (ids, s) => ({ path: `/api/reports/calibration?labId=${lab(ids, s)}` }),
  "GET /api/reports/open-corrective-actions": (ids, s) => ({ path: `/api/reports/open-corrective-actions?labId=${lab(ids, s)}` }),
  "GET /api/reports/equipment-history/:equipmentId": (ids, s) => ({ path: `/api/reports/equipment-history/${ids.equipment[s]}` }),
  "GET /api/reports/:name.csv": (ids, s) => ({ path: `/api/reports/compliance.csv?labId=${lab(ids, s)}&${period}` }),
  "GET /api/reports/:name.xlsx": (ids, s) => ({ path: `/api/reports/overdue-ageing.xlsx?labId=${lab(ids, s)}` }),
  "GET /api/import/template.xlsx": () => ({ path: "/api/import/template.xlsx", labless: true }),
  "POST /api/import": () => ({ path: "/api/import?dryRun=true", labless: true }),
  "GET /api/export/workbook.xlsx": () => ({ path: "/api/export/workbook.xlsx", labless: true }),
  "GET /api/export/:sheet.csv": () => ({ path: "/api/export/equipment.csv", labless: true }),
  // Uploads without ?name= answer 422 once authorized.
  "GET /api/equipment/:id/attachments": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/attachments` }),
  "POST /api/equipment/:id/attachments": (ids, s) => ({ path: `/api/equipment/${ids.equipment[s]}/attachments` }),
  "GET /api/records/:id/attachments": (ids, s) => ({ path: `/api/records/${ids.record[s]}/attachments` }),
  "POST /api/records/:id/attachments": (ids, s) => ({ path: `/api/records/${ids.record[s]}/attachments` }),
  "POST /api/records/:id/answers/:answerId/attachments": (ids, s) => ({ path: `/api/records/${ids.record[s]}/answers/${ids.answer[s]}/attachments` }),
  "GET /api/calibrations/:id/attachments": (ids, s) => ({ path: `/api/calibrations/${ids.calibration[s]}/attachments` }),
  "POST /api/calibrations/:id/attachments": (ids, s) => ({ path: `/api/calibrations/${ids.calibration[s]}/attachments` }),
  "GET /api/attachments/:id": (ids, s) => ({ path: `/api/attachments/${ids.attachment[s]}` }),
  "GET /api/attachments/:id/content": (ids, s) => ({ path: `/api/attachments/${ids.attachment[s]}/content` }),
};

/** Routes any signed-in user may call, and routes without a token. */
const SIGNED_IN_ONLY = new Set(["GET /api/me", "POST /api/me/refresh", "POST /api/dev/signing-token", "GET /api/me/work", "GET /api/me/notifications", "PUT /api/me/notifications"]);

describe("authorization matrix (generated from the route table)", () => {
  let server: TestServer;
  let ids: Ids;
  const tokens = {} as Record<Role, string>;

  before(async () => {
    let world!: Awaited<ReturnType<typeof buildApiWorld>>;
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) });
    const db = server.database.prisma;
    const recordIn = async (labId: number) => (await db.pmRecord.findFirstOrThrow({ where: { labId }, orderBy: { id: "asc" } })).id;
    const equipmentIn = async (labId: number) => (await db.equipment.findFirstOrThrow({ where: { labId }, orderBy: { id: "asc" } })).id;
    const userByUpn = async (upn: string) => (await db.user.findUniqueOrThrow({ where: { upn } })).id;
    const task = await db.checklistTask.findFirstOrThrow({ orderBy: { id: "asc" } });
    let caNumber = 0;
    const caIn = async (labId: number) =>
      (await db.correctiveAction.create({ data: { labId, number: ++caNumber, equipmentId: await equipmentIn(labId), failedAt: new Date(), problem: "Matrix", dueOn: new Date("2026-12-31"), openedAt: new Date() } })).id;
    const record = { own: await recordIn(world.labs.BOS), other: await recordIn(world.labs.LON) };
    // An answer and an attached file on each side's record, written directly (the services are tested elsewhere).
    const answerOf = async (recordId: number) =>
      (await db.pmTaskResult.create({ data: { recordId, taskId: task.id, position: 1, title: task.title, kind: task.kind, required: task.required, passed: true, text: "ok" } })).id;
    const hello = { sha256: createHash("sha256").update("hello").digest("hex"), sizeBytes: 5 };
    const blob = await db.fileBlob.create({ data: { ...hello, bytes: Buffer.from("hello") } });
    const fileOf = async (parentId: number) =>
      (await db.attachment.create({ data: { parentKind: "record", parentId, name: "note.txt", contentType: "text/plain", ...hello, storageKey: `db:${blob.id}`, uploadedAt: new Date() } })).id;
    const calibrationIn = async (labId: number) => {
      const at = new Date("2026-11-02T00:00:00Z");
      const data = { equipmentId: await equipmentIn(labId), labId, calibratedOn: at, provider: "INTERNAL" as const, result: "PASS" as const, nextDueOn: new Date("2027-11-02T00:00:00Z"), recordedAt: at, recordedVia: "TAB" as const };
      return (await db.calibrationEvent.create({ data })).id;
    };
    ids = {
      labs: { BOS: world.labs.BOS, LON: world.labs.LON, SFO: world.labs.SFO },
      record,
      answer: { own: await answerOf(record.own), other: await answerOf(record.other) },
      attachment: { own: await fileOf(record.own), other: await fileOf(record.other) },
      calibration: { own: await calibrationIn(world.labs.BOS), other: await calibrationIn(world.labs.LON) },
      equipment: { own: await equipmentIn(world.labs.BOS), other: await equipmentIn(world.labs.LON) },
      user: { own: await userByUpn("tom.tech@labkeep.dev"), other: await userByUpn("lena.manager@labkeep.dev") },
      model: task.modelId,
      task: task.id,
      ca: { own: await caIn(world.labs.BOS), other: await caIn(world.labs.LON) },
    };
    for (const role of ROLES) {
      const response = await server.call("POST", "/api/dev/token", { body: { upn: ROLE_USERS[role] } });
      assert.equal(response.status, 200);
      tokens[role] = response.body.token;
    }
  });
  after(() => server?.close());

  it("gives every route a permission entry the SPEC table knows, and a fixture", () => {
    const routes: readonly Route[] = server.services.app.routes;
    assert.ok(routes.length >= 30, `only ${routes.length} routes`);
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      assert.ok(route.access, `${key} has no policy entry`);
      if (route.access.kind === "public") {
        assert.ok(key.includes("/dev/") || key === "GET /api/openapi.json", `${key} is public but not part of the development sign-in or the API description`);
        continue;
      }
      if (route.access.kind === "signedIn") assert.ok(SIGNED_IN_ONLY.has(key), `${key} needs only a sign-in: give it a permission`);
      else assert.ok(SPEC_TABLE[`${route.access.entity}.${route.access.action}`], `${key}: ${route.access.entity}.${route.access.action} is not in SPEC §2`);
      assert.ok(FIXTURES[key], `${key} has no matrix fixture`);
    }
  });

  it("answers every route × role × lab as SPEC §2 says", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of server.services.app.routes) {
      const key = `${route.method} ${route.path}`;
      if (route.access.kind === "public") continue;
      const fixture = FIXTURES[key];
      if (!fixture) continue; // reported by the test above
      for (const role of ROLES) {
        for (const side of ["own", "other"] as const) {
          const c = fixture(ids, side);
          let allowed: boolean;
          if (route.access.kind === "signedIn") allowed = true;
          else {
            const reach = SPEC_TABLE[`${route.access.entity}.${route.access.action}`]![role];
            allowed = reach === "all" || (reach === "own" && (side === "own" || c.labless === true));
          }
          await c.arrange?.(server);
          const response = await server.call(route.method, c.path, { token: tokens[role], body: c.body, headers: { "x-labkeep-lab": String(ids.labs.BOS) } });
          checked++;
          const status = response.status;
          const ok = allowed
            ? status < 500 && ![401, 403, 404].includes(status) && (route.method !== "GET" || status === 200)
            : status === 403 || status === 404;
          if (!ok) failures.push(`${role} ${side} ${route.method} ${c.path} → ${status} (expected ${allowed ? "allowed" : "403/404"}) ${JSON.stringify(response.body).slice(0, 160)}`);
        }
      }
    }
    assert.ok(checked >= 300, `checked ${checked}`);
    assert.deepEqual(failures, []);
  });

  it("refuses every non-public route without a token", async () => {
    for (const route of server.services.app.routes) {
      if (route.access.kind === "public") continue;
      const fixture = FIXTURES[`${route.method} ${route.path}`];
      if (!fixture) continue;
      const c = fixture(ids, "own");
      const response = await server.call(route.method, c.path, { body: c.body });
      assert.equal(response.status, 401, `${route.method} ${c.path}`);
    }
  });
});
