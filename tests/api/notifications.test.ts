import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACTIVITY_TYPE_NAMES } from "../../domain/activity/activity.types.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld } from "./world.ts";

/** A person's activity-feed settings through real HTTP (R-TEAMS): their own time zone for quiet hours. */
describe("notification settings: the zone quiet hours are read in", () => {
  let server: TestServer;
  let token: string;
  let tomId: number;
  const quietHours = { start: "22:00", end: "07:00" };

  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true" }, { prepare: async (db) => void (await buildApiWorld(db.prisma)) });
    token = await devToken(server, "tom.tech");
    tomId = (await server.database.prisma.user.findUniqueOrThrow({ where: { upn: "tom.tech@labkeep.dev" } })).id;
  });
  after(async () => {
    await server?.close();
  });

  const put = (body: unknown) => server.call("PUT", "/api/me/notifications", { token, body });
  const zoneOf = (body: { timeZone: string; timeZoneSource: string; primaryLabTimeZone: string | null }) => [body.timeZone, body.timeZoneSource, body.primaryLabTimeZone];
  const audits = () => server.database.prisma.auditEvent.findMany({ where: { action: "user.notification_settings_changed", entityId: String(tomId) }, orderBy: { seq: "asc" } });

  it("answers the primary lab's zone until the person sets their own, keeps it, audits the change, and goes back to the lab's on null", async () => {
    const lab = (await server.database.prisma.user.findUniqueOrThrow({ where: { id: tomId }, include: { primaryLab: true } })).primaryLab!.timeZone;
    const initial = await server.call("GET", "/api/me/notifications", { token });
    assert.equal(initial.status, 200);
    assert.deepEqual(zoneOf(initial.body), [lab, "primaryLab", lab]);

    assert.equal((await put({ enabledTypes: ACTIVITY_TYPE_NAMES, quietHours })).status, 200);
    const set = await put({ enabledTypes: ACTIVITY_TYPE_NAMES, quietHours, timeZone: "Asia/Tokyo" });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(zoneOf(set.body), ["Asia/Tokyo", "own", lab]);
    assert.deepEqual(zoneOf((await server.call("GET", "/api/me/notifications", { token })).body), ["Asia/Tokyo", "own", lab]);
    assert.equal((await server.database.prisma.notificationSetting.findUniqueOrThrow({ where: { userId: tomId } })).timeZone, "Asia/Tokyo");

    // A body without timeZone leaves it as it was.
    const kept = await put({ enabledTypes: ACTIVITY_TYPE_NAMES.filter((t) => t !== "calibrationDue"), quietHours });
    assert.deepEqual(zoneOf(kept.body), ["Asia/Tokyo", "own", lab]);
    const cleared = await put({ enabledTypes: ACTIVITY_TYPE_NAMES, quietHours, timeZone: null });
    assert.deepEqual(zoneOf(cleared.body), [lab, "primaryLab", lab]);

    const events = await audits();
    assert.deepEqual(
      events.map((e) => [e.before, e.after]),
      [
        [{ quietHours: null }, { quietHours }],
        [{ timeZone: null }, { timeZone: "Asia/Tokyo" }],
        [{ enabledTypes: ACTIVITY_TYPE_NAMES }, { enabledTypes: ACTIVITY_TYPE_NAMES.filter((t) => t !== "calibrationDue") }],
        [{ enabledTypes: ACTIVITY_TYPE_NAMES.filter((t) => t !== "calibrationDue"), timeZone: "Asia/Tokyo" }, { enabledTypes: ACTIVITY_TYPE_NAMES, timeZone: null }],
      ],
    );
    assert.ok(events.every((e) => e.actorName === "Tom Edison" && e.source === "TAB"));
  });

  it("refuses a zone that is not an IANA zone, naming timeZone, and writes nothing", async () => {
    assert.equal((await put({ enabledTypes: ACTIVITY_TYPE_NAMES, quietHours, timeZone: "Europe/Paris" })).status, 200);
    const stored = await server.database.prisma.notificationSetting.findUniqueOrThrow({ where: { userId: tomId } });
    const eventCount = (await audits()).length;
    for (const timeZone of ["Mars/Olympus", "Tokyo", "", 9]) {
      const refused = await put({ enabledTypes: ["assigned"], quietHours: { start: "01:00", end: "02:00" }, timeZone });
      assert.equal(refused.status, 422, `${JSON.stringify(timeZone)}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, "validation_failed");
      assert.deepEqual([...new Set(refused.body.error.details.fields.map((f: { field: string }) => f.field))], ["timeZone"], JSON.stringify(timeZone));
      assert.doesNotMatch(JSON.stringify(refused.body), /prisma|stack|at \//i);
    }
    assert.deepEqual(await server.database.prisma.notificationSetting.findUniqueOrThrow({ where: { userId: tomId } }), stored);
    assert.equal((await audits()).length, eventCount);
    assert.deepEqual(zoneOf((await server.call("GET", "/api/me/notifications", { token })).body).slice(0, 2), ["Europe/Paris", "own"]);
  });

  it("documents timeZone in the OpenAPI body of PUT /api/me/notifications", async () => {
    const { body } = await server.call("GET", "/api/openapi.json");
    const schema = body.paths["/api/me/notifications"].put.requestBody.content["application/json"].schema;
    assert.ok(schema.properties.timeZone, JSON.stringify(schema));
    assert.deepEqual(schema.required.sort(), ["enabledTypes", "quietHours"]);
  });
});
