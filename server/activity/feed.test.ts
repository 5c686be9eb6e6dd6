import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { DateTime } from "luxon";
import { deepLink } from "../../bot/cards/links.ts";
import { assignRecord, setResponsibility } from "../../domain/assignment/assignment.service.ts";
import { ACTIVITY_TYPE_NAMES } from "../../domain/activity/activity.types.ts";
import { quietUntil } from "../../domain/activity/quiet-hours.ts";
import { sweepActivities } from "../../domain/activity/sweep.ts";
import { getNotificationSettings, updateNotificationSettings } from "../../domain/activity/settings.service.ts";
import { createEquipment } from "../../domain/equipment/equipment.service.ts";
import { updateLab } from "../../domain/lab/lab.service.ts";
import { completeRecord } from "../../domain/record/record.service.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { startGraph, type GraphStandIn } from "../../tests/support/graph.ts";
import { graphClient } from "../auth/graph.ts";
import { runActivityFeed, type FeedDeps } from "./feed.ts";
import { GraphActivitySender } from "./graph-activity.ts";

const APP_ID = "0c3f6a4e-1b2d-4c5e-8f70-9a1b2c3d4e5f";
const HOUR = 3_600_000;
/** The pacing itself is the rate limiter's (bot/sender tests); here it must not hold up the runs. */
const WIDE = [{ limit: 10_000, ms: 1_000 }];
const silent = { info() {}, warn() {}, error() {} };

let tdb: TestDatabase;
let w: World;
let graph: GraphStandIn;
let modelId: number;
let passTaskId: number;
const sleeps: number[] = [];

function deps(workerId = "worker-a"): FeedDeps {
  const sender = new GraphActivitySender({ client: graphClient(graph.baseUrl, async () => "test-token"), tenantId: "tenant", baseDelayMs: 1, windows: { recipient: WIDE, tenant: WIDE }, sleep: async (ms) => void sleeps.push(ms) });
  return { db: tdb.prisma, clock: w.clock, sender, workerId, teamsAppId: APP_ID, tabEntityId: "records", log: silent };
}

const user = (who: string) => w.users[who]!;
const aad = (who: string) => user(who).principal.aadObjectId;
/** What the stand-in received about a tab page (a record, an instrument), by recipient. */
const sentAbout = (subEntityId: string) => graph.activities.filter((a) => a.body.topic.webUrl === deepLink(APP_ID, "records", subEntityId));

/** A BOS instrument answered for by `responsible`, with an open record that fell due `hoursAgo` hours before the clock's now. */
async function overdueRecord(assetTag: string, responsible: string, hoursAgo: number, lab: "BOS" | "SFO" = "BOS") {
  const equipment = await createEquipment(w.as("marie.manager"), { assetTag, modelId, labId: w.labs[lab] });
  await setResponsibility(w.as("marie.manager"), equipment.id, { responsibleId: user(responsible).id, deputyId: null });
  const record = await makeRecord(tdb.prisma, { id: equipment.id, labId: w.labs[lab] }, "MONTHLY", new Date("2026-01-01T05:00:00Z"), new Date(w.clock.now().getTime() - hoursAgo * HOUR));
  return { equipmentId: equipment.id, recordId: record.id };
}

before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  graph = await startGraph();
  const made = await makeModel(tdb.prisma, "MONTHLY", [{ title: "Check seals", kind: "CHECK" }]);
  modelId = made.model.id;
  passTaskId = made.tasks[0]!.id;
});
after(async () => {
  await graph?.close();
  await tdb?.close();
});
beforeEach(() => {
  w.clock.set(NOW);
  sleeps.length = 0;
});

describe("activity feed", () => {
  test("an assignment notifies the assignee once, with the declared type, their Entra id and a deep link to the record", async () => {
    const { recordId } = await overdueRecord("AF-ASSIGN", "marie.manager", 1);
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("tom.tech").id });
    const first = await runActivityFeed(deps());
    const second = await runActivityFeed(deps("worker-b"));
    const sent = sentAbout(`record:${recordId}`).filter((a) => a.body.activityType === "assigned");
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.userId, aad("tom.tech"));
    const record = await tdb.prisma.pmRecord.findUniqueOrThrow({ where: { id: recordId }, include: { lab: true } });
    const item = `BOS-${String(record.number).padStart(6, "0")} (AF-ASSIGN)`;
    assert.deepEqual(sent[0]!.body.templateParameters, [{ name: "item", value: item }]);
    assert.equal(sent[0]!.body.topic.source, "text");
    assert.equal(sent[0]!.body.topic.value, item);
    assert.ok(first.sent >= 1);
    assert.equal(second.sent, 0);
    const row = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { recipientId: user("tom.tech").id, activityType: "assigned", subEntityId: `record:${recordId}` } });
    assert.equal(row.status, "SENT");
    assert.equal(row.sentAt?.getTime(), NOW.getTime());
  });

  test("the sweep notifies an overdue record's owner once however often it runs, and two drains at once send each once", async () => {
    const records = [];
    for (let i = 0; i < 6; i++) records.push(await overdueRecord(`AF-OVER-${i}`, "tom.tech", 2));
    const sweeps = await Promise.all([sweepActivities(tdb.prisma, NOW), sweepActivities(tdb.prisma, NOW)]);
    // Six new ones, plus the record assigned to Tom in the test before (overdue too).
    assert.equal(sweeps[0].overdue + sweeps[1].overdue, 7);
    assert.equal((await sweepActivities(tdb.prisma, NOW)).overdue, 0);
    const [a, b] = await Promise.all([runActivityFeed(deps("worker-a"), 2), runActivityFeed(deps("worker-b"), 2)]);
    for (const r of records) {
      const sent = sentAbout(`record:${r.recordId}`).filter((x) => x.body.activityType === "recordOverdue");
      assert.equal(sent.length, 1, `record ${r.recordId}`);
      assert.equal(sent[0]!.userId, aad("tom.tech"));
    }
    assert.ok(a.sent + b.sent >= 6);
    const rows = await tdb.prisma.activityNotification.findMany({ where: { eventKey: { in: records.map((r) => `record.overdue:${r.recordId}`) } } });
    assert.deepEqual(rows.map((r) => [r.status, r.attempts]), records.map(() => ["SENT", 1]));
  });

  test("quiet hours (the primary lab's zone) hold a notification until they end; then it is delivered once", async () => {
    // Theo's primary lab is London: 15:00 UTC is 15:00 there (11:00 in Boston, where the record is).
    await updateNotificationSettings(w.as("theo.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: { start: "14:30", end: "15:30" } });
    const { recordId } = await overdueRecord("AF-QUIET", "marie.manager", 1);
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("theo.tech").id });
    const held = await runActivityFeed(deps());
    assert.equal(held.held, 1);
    assert.equal(sentAbout(`record:${recordId}`).length, 0);
    const row = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { recipientId: user("theo.tech").id, subEntityId: `record:${recordId}` } });
    assert.equal(row.status, "PENDING");
    assert.equal(row.notBefore.toISOString(), "2026-03-10T15:30:00.000Z");
    w.clock.set("2026-03-10T15:29:00Z");
    assert.equal((await runActivityFeed(deps())).sent, 0);
    w.clock.set("2026-03-10T15:30:00Z");
    await runActivityFeed(deps());
    const sent = sentAbout(`record:${recordId}`);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.userId, aad("theo.tech"));
    await updateNotificationSettings(w.as("theo.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: null });
  });

  test("quiet hours in the person's own zone (Tokyo), not their primary lab's (Boston): held at 23:30 Tokyo, delivered once at 07:00 Tokyo", async () => {
    const quiet = { start: "22:00", end: "07:00" };
    const settings = await updateNotificationSettings(w.as("tom.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: quiet, timeZone: "Asia/Tokyo" });
    assert.deepEqual([settings.timeZone, settings.timeZoneSource, settings.primaryLabTimeZone], ["Asia/Tokyo", "own", "America/New_York"]);
    // 23:30 in Tokyo the day after NOW: daytime in Boston, so Boston's quiet hours would let it through.
    const tokyoNight = DateTime.fromISO("2026-03-11T23:30", { zone: "Asia/Tokyo" });
    const boston = tokyoNight.setZone("America/New_York");
    assert.ok(boston.hour >= 7 && boston.hour < 22, `Boston ${boston.toISO()}`);
    assert.equal(quietUntil(tokyoNight.toJSDate(), quiet, "America/New_York"), null);
    w.clock.set(tokyoNight.toJSDate());
    const { recordId } = await overdueRecord("AF-TOKYO", "marie.manager", 1);
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("tom.tech").id });
    await runActivityFeed(deps());
    assert.equal(sentAbout(`record:${recordId}`).length, 0);
    const morning = DateTime.fromISO("2026-03-12T07:00", { zone: "Asia/Tokyo" }).toJSDate();
    const row = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { recipientId: user("tom.tech").id, subEntityId: `record:${recordId}` } });
    assert.equal(row.status, "PENDING");
    assert.equal(row.notBefore.toISOString(), morning.toISOString());
    w.clock.set(new Date(morning.getTime() - 60_000));
    await runActivityFeed(deps());
    assert.equal(sentAbout(`record:${recordId}`).length, 0, "06:59 in Tokyo");
    w.clock.set(morning);
    await runActivityFeed(deps());
    await runActivityFeed(deps("worker-b"));
    assert.deepEqual(sentAbout(`record:${recordId}`).map((a) => [a.userId, a.body.activityType]), [[aad("tom.tech"), "assigned"]]);
    await updateNotificationSettings(w.as("tom.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: null, timeZone: null });
  });

  test("a moment inside Boston's night but in Tokyo's day is delivered at once to a person whose quiet hours are in Tokyo", async () => {
    const quiet = { start: "22:00", end: "07:00" };
    await updateNotificationSettings(w.as("tom.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: quiet, timeZone: "Asia/Tokyo" });
    const bostonNight = DateTime.fromISO("2026-03-12T02:00", { zone: "America/New_York" });
    const tokyo = bostonNight.setZone("Asia/Tokyo");
    assert.ok(tokyo.hour >= 7 && tokyo.hour < 22, `Tokyo ${tokyo.toISO()}`);
    assert.notEqual(quietUntil(bostonNight.toJSDate(), quiet, "America/New_York"), null, "quiet in Boston");
    w.clock.set(bostonNight.toJSDate());
    const { recordId } = await overdueRecord("AF-TOKYO-DAY", "marie.manager", 1);
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("tom.tech").id });
    await runActivityFeed(deps());
    assert.deepEqual(sentAbout(`record:${recordId}`).map((a) => [a.userId, a.body.activityType]), [[aad("tom.tech"), "assigned"]]);
    const row = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { recipientId: user("tom.tech").id, subEntityId: `record:${recordId}` } });
    assert.deepEqual([row.status, row.sentAt?.toISOString()], ["SENT", bostonNight.toJSDate().toISOString()]);
    await updateNotificationSettings(w.as("tom.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: null, timeZone: null });
  });

  test("someone with no primary lab and no zone of their own has quiet hours in UTC, as their settings page says, not in the record's lab's zone", async () => {
    const quiet = { start: "22:00", end: "07:00" };
    const tom = await tdb.prisma.user.findUniqueOrThrow({ where: { id: user("tom.tech").id } });
    await tdb.prisma.user.update({ where: { id: tom.id }, data: { primaryLabId: null } });
    try {
      const settings = await updateNotificationSettings(w.as("tom.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: quiet, timeZone: null });
      assert.deepEqual([settings.timeZone, settings.timeZoneSource, settings.primaryLabTimeZone], ["UTC", "default", null]);
      // 23:30 UTC: 18:30 in Boston, where the record is, so Boston's quiet hours would let it through.
      const utcNight = DateTime.fromISO("2026-03-12T23:30", { zone: "UTC" });
      assert.equal(quietUntil(utcNight.toJSDate(), quiet, "America/New_York"), null);
      w.clock.set(utcNight.toJSDate());
      const { recordId } = await overdueRecord("AF-UTC", "marie.manager", 1);
      await assignRecord(w.as("marie.manager"), recordId, { assigneeId: tom.id });
      await runActivityFeed(deps());
      assert.equal(sentAbout(`record:${recordId}`).length, 0);
      const row = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { recipientId: tom.id, subEntityId: `record:${recordId}` } });
      assert.deepEqual([row.status, row.notBefore.toISOString()], ["PENDING", DateTime.fromISO("2026-03-13T07:00", { zone: "UTC" }).toJSDate().toISOString()]);
    } finally {
      await tdb.prisma.user.update({ where: { id: tom.id }, data: { primaryLabId: tom.primaryLabId } });
      await updateNotificationSettings(w.as("tom.tech"), { enabledTypes: ACTIVITY_TYPE_NAMES, quietHours: null, timeZone: null });
    }
  });

  test("a type the person turned off is not sent (kept as skipped); their other types are", async () => {
    const others = ACTIVITY_TYPE_NAMES.filter((t) => t !== "assigned");
    const settings = await updateNotificationSettings(w.as("tara.tech"), { enabledTypes: others, quietHours: null });
    assert.deepEqual(settings.enabledTypes, others);
    assert.equal(settings.timeZone, "America/Los_Angeles");
    assert.deepEqual((await getNotificationSettings(w.as("tara.tech"))).enabledTypes, others);
    const audit = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.notification_settings_changed", entityId: String(user("tara.tech").id) } });
    assert.deepEqual((audit.after as { enabledTypes: string[] }).enabledTypes, others);
    const { recordId } = await overdueRecord("AF-OFF", "tara.tech", 1, "SFO");
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("tara.tech").id });
    await sweepActivities(tdb.prisma, NOW);
    await runActivityFeed(deps());
    const sent = sentAbout(`record:${recordId}`);
    assert.deepEqual(sent.map((s) => [s.userId, s.body.activityType]), [[aad("tara.tech"), "recordOverdue"]]);
    const skipped = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { recipientId: user("tara.tech").id, activityType: "assigned", subEntityId: `record:${recordId}` } });
    assert.equal(skipped.status, "SKIPPED");
  });

  test("Graph's 429 is retried after its Retry-After, and the notification is delivered once", async () => {
    const { recordId } = await overdueRecord("AF-429", "marie.manager", 1);
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("tom.tech").id });
    const before = graph.requests.length;
    graph.fail(1, 429, 2);
    const run = await runActivityFeed(deps());
    assert.equal(run.sent, 1);
    assert.equal(graph.requests.length - before, 2);
    assert.ok(sleeps.some((ms) => ms >= 2000), `slept ${sleeps.join(", ")}`);
    assert.equal(sentAbout(`record:${recordId}`).length, 1);
  });

  test("Graph failing every try: the notification is FAILED with the error, and retried by a later run", async () => {
    const { recordId } = await overdueRecord("AF-503", "marie.manager", 1);
    await assignRecord(w.as("marie.manager"), recordId, { assigneeId: user("tom.tech").id });
    graph.fail(6, 503);
    const run = await runActivityFeed(deps());
    assert.equal(run.failed, 1);
    const row = await tdb.prisma.activityNotification.findFirstOrThrow({ where: { subEntityId: `record:${recordId}`, activityType: "assigned" } });
    assert.equal(row.status, "FAILED");
    assert.equal(row.attempts, 1);
    assert.match(row.lastError ?? "", /HTTP 503/);
    assert.equal((await runActivityFeed(deps())).sent, 0, "not before its retry time");
    w.clock.set(row.notBefore);
    await runActivityFeed(deps());
    assert.equal(sentAbout(`record:${recordId}`).length, 1);
  });

  test("a record overdue past the lab's escalation time notifies the lab's managers (only), once", async () => {
    await updateLab(w.as("ada.admin"), w.labs.BOS, { escalationHours: 24 });
    const { recordId } = await overdueRecord("AF-ESC", "tom.tech", 0.5);
    const escalated = () => sentAbout(`record:${recordId}`).filter((a) => a.body.activityType === "overdueEscalated");
    await sweepActivities(tdb.prisma, w.clock.now());
    w.clock.advance(23 * HOUR);
    await sweepActivities(tdb.prisma, w.clock.now());
    await runActivityFeed(deps());
    assert.equal(escalated().length, 0);
    w.clock.advance(2 * HOUR);
    await sweepActivities(tdb.prisma, w.clock.now());
    await sweepActivities(tdb.prisma, w.clock.now());
    await runActivityFeed(deps());
    // Marie is BOS's only manager; Ada (Administrator everywhere) and Tom (technician) are not told.
    assert.deepEqual(escalated().map((a) => a.userId), [aad("marie.manager")]);
    assert.deepEqual(escalated()[0]!.body.templateParameters.find((p) => p.name === "hours"), { name: "hours", value: "24" });
    await updateLab(w.as("ada.admin"), w.labs.BOS, { escalationHours: null });
  });

  test("a completed check awaiting review notifies the lab's reviewers, never its performer; a failed one its responsible person", async () => {
    await updateLab(w.as("ada.admin"), w.labs.BOS, { reviewRequired: true });
    const { recordId } = await overdueRecord("AF-REVIEW", "theo.tech", 1);
    await completeRecord(w.as("tom.tech"), recordId, { results: [{ taskId: passTaskId, outcome: "NOT_DONE" }] });
    await runActivityFeed(deps());
    const review = graph.activities.filter((a) => a.body.activityType === "reviewRequested" && a.body.templateParameters[0]!.value.includes("AF-REVIEW"));
    assert.deepEqual(review.map((a) => a.userId), [aad("marie.manager")]);
    assert.equal(review[0]!.body.topic.webUrl, deepLink(APP_ID, "records", "reviews"));
    const failed = sentAbout(`record:${recordId}`).filter((a) => a.body.activityType === "checkFailed");
    assert.deepEqual(failed.map((a) => [a.userId, a.body.templateParameters]), [[aad("theo.tech"), [{ name: "instrument", value: "AF-REVIEW" }]]]);
    await updateLab(w.as("ada.admin"), w.labs.BOS, { reviewRequired: false });
  });

  test("an instrument whose calibration comes due soon notifies its responsible person once per due date (the deputy when they are disabled)", async () => {
    const equipment = await createEquipment(w.as("marie.manager"), { assetTag: "AF-CAL", modelId, labId: w.labs.BOS });
    await setResponsibility(w.as("marie.manager"), equipment.id, { responsibleId: user("tom.tech").id, deputyId: user("theo.tech").id });
    // Due 2026-03-30 with 30 days' notice: due soon from 2026-02-28 (BOS's date at NOW is 2026-03-10).
    await tdb.prisma.calibrationPlan.create({ data: { equipmentId: equipment.id, intervalCount: 12, intervalUnit: "MONTH", provider: "INTERNAL", noticeDays: 30, nextDueOn: new Date("2026-03-30") } });
    const late = await createEquipment(w.as("marie.manager"), { assetTag: "AF-CAL-LATER", modelId, labId: w.labs.BOS });
    await setResponsibility(w.as("marie.manager"), late.id, { responsibleId: user("tom.tech").id, deputyId: null });
    await tdb.prisma.calibrationPlan.create({ data: { equipmentId: late.id, intervalCount: 12, intervalUnit: "MONTH", provider: "INTERNAL", noticeDays: 30, nextDueOn: new Date("2026-06-30") } });
    await sweepActivities(tdb.prisma, NOW);
    await sweepActivities(tdb.prisma, NOW);
    await runActivityFeed(deps());
    const sent = sentAbout(`equipment:${equipment.id}`);
    assert.deepEqual(sent.map((a) => [a.userId, a.body.activityType, a.body.templateParameters]), [
      [aad("tom.tech"), "calibrationDue", [{ name: "instrument", value: "AF-CAL" }, { name: "dueOn", value: "2026-03-30" }]],
    ]);
    assert.equal(sentAbout(`equipment:${late.id}`).length, 0, "not yet within its notice");
    // Tom's account disabled: Theo stands in; a new due date is a new event.
    await tdb.prisma.user.update({ where: { id: user("tom.tech").id }, data: { status: "DISABLED" } });
    await tdb.prisma.calibrationPlan.update({ where: { equipmentId: equipment.id }, data: { nextDueOn: new Date("2026-03-31") } });
    await sweepActivities(tdb.prisma, NOW);
    await runActivityFeed(deps());
    await tdb.prisma.user.update({ where: { id: user("tom.tech").id }, data: { status: "ACTIVE" } });
    assert.deepEqual(sentAbout(`equipment:${equipment.id}`).map((a) => a.userId), [aad("tom.tech"), aad("theo.tech")]);
  });
});
