import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, type World } from "../../tests/support/fixtures/world.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { recordCalibration, setCalibrationPlan } from "../calibration/calibration.service.ts";
import { AppError } from "../errors.ts";
import { sortableLabTime } from "../time/format.ts";
import { quarantineCalibration } from "./calibration-failure.ts";
import { decideImpact, impactCsv } from "./impact.ts";
import { closeCorrectiveAction, getCorrectiveAction } from "./corrective.service.ts";

/** R-CAL → R-QUAR on the real database: an out-of-tolerance calibration does what a failed reading does. */
let tdb: TestDatabase;
let w: World;
let modelId: number;
before(async () => {
  tdb = await createTestDatabase();
  w = await createWorld(tdb.prisma);
  modelId = (await makeModel(tdb.prisma, "ANNUAL", [{ title: "Inspect", kind: "CHECK" }])).model.id;
});
after(async () => {
  await tdb?.close();
});

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c;
const co2 = (asFound: number, asLeft: number | null = null) => ({ name: "CO₂", unit: "%", nominal: 5, tolerance: 0.3, asFound, asLeft });
const temp = (asFound: number) => ({ name: "37 °C", unit: "°C", nominal: 37, tolerance: 0.5, asFound });

async function planned(tag: string, lab: "BOS" | "SFO") {
  const e = await makeEquipment(tdb.prisma, w.labs[lab], modelId, { assetTag: tag });
  await setCalibrationPlan(w.as("marie.manager"), e.id, { intervalCount: 1, intervalUnit: "YEAR", noticeDays: 30, provider: "INTERNAL" });
  return e;
}

test("FORCE: an out-of-tolerance calibration takes the instrument out of service, opens CA-n naming the failed points, and posts to the channel", async () => {
  await tdb.prisma.lab.update({ where: { id: w.labs.SFO }, data: { quarantineOnFailure: "FORCE" } });
  const conversationId = "19:sfo-qa@thread.tacv2";
  await tdb.prisma.botInstallation.create({ data: { conversationId, conversationType: "CHANNEL", serviceUrl: "http://127.0.0.1:9/", labId: w.labs.SFO, reference: { conversation: { id: conversationId } } } });
  const e = await planned("SFO-INC-901", "SFO");
  const recorded = await recordCalibration(w.as("tara.tech"), e.id, { calibratedOn: "2026-03-09", points: [temp(37.1), co2(6.2)] });
  assert.equal(recorded.calibration.result, "FAIL");
  const ca = await tdb.prisma.correctiveAction.findFirstOrThrow({ where: { equipmentId: e.id }, include: { assignee: true } });
  assert.deepEqual([ca.problem, ca.triggerCalibrationId, ca.triggerRecordId, ca.assignee?.displayName], ["CO₂ found 6.2 % (4.7–5.3)", recorded.calibration.id, null, "Tara Shears"]);
  assert.deepEqual(recorded.failure, { problem: "CO₂ found 6.2 % (4.7–5.3)", correctiveAction: { id: ca.id, number: `CA-${ca.number}`, status: "OPEN" }, offerQuarantine: false });
  const equipment = await tdb.prisma.equipment.findUniqueOrThrow({ where: { id: e.id }, include: { events: { where: { kind: "STATUS_CHANGED" } } } });
  assert.equal(equipment.status, "OUT_OF_SERVICE");
  assert.equal(equipment.events[0]!.reason, `Out-of-tolerance calibration of 2026-03-09: CO₂ found 6.2 % (4.7–5.3) (CA-${ca.number})`);
  const notices = await tdb.prisma.channelNotice.findMany({ where: { labId: w.labs.SFO, kind: "quarantine" } });
  assert.deepEqual(notices.map((n) => n.text), [`SFO-INC-901 failed CO₂ found 6.2 % (4.7–5.3) — out of service, corrective action CA-${ca.number} assigned to Tara`]);
  assert.deepEqual(notices[0]!.payload, { correctiveActionId: ca.id, calibrationId: recorded.calibration.id });
  await tdb.prisma.lab.update({ where: { id: w.labs.SFO }, data: { quarantineOnFailure: "OFFER" } });
});

test("OFFER: the result offers quarantine and nothing changes; accepting opens the CA; twice is a conflict; audit roles may not", async () => {
  const e = await planned("BOS-INC-902", "BOS");
  const recorded = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-09", points: [co2(4.1, 4.2)] });
  assert.deepEqual(recorded.failure, { problem: "CO₂ found 4.1 % (4.7–5.3)", correctiveAction: null, offerQuarantine: true });
  assert.equal((await tdb.prisma.equipment.findUniqueOrThrow({ where: { id: e.id } })).status, "ACTIVE");
  assert.equal(await tdb.prisma.correctiveAction.count({ where: { equipmentId: e.id } }), 0);
  await assert.rejects(quarantineCalibration(w.as("rosalind.audit"), recorded.calibration.id, {}), code("forbidden"));
  const opened = await quarantineCalibration(w.as("tom.tech"), recorded.calibration.id, { dueOn: "2026-03-20" });
  const ca = await getCorrectiveAction(w.as("tom.tech"), opened.id);
  assert.deepEqual([ca.problem, ca.dueOn, ca.equipment.status, ca.assignee?.displayName], ["CO₂ found 4.1 % (4.7–5.3)", "2026-03-20", "OUT_OF_SERVICE", "Tom Edison"]);
  await assert.rejects(quarantineCalibration(w.as("tom.tech"), recorded.calibration.id, {}), code("conflict"));
  const passing = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-10", points: [co2(5.1)] });
  await assert.rejects(quarantineCalibration(w.as("tom.tech"), passing.calibration.id, {}), code("conflict"), "a passing calibration offers nothing");
  assert.equal(passing.failure, null);
  assert.ok((await verifyAuditChain(tdb.prisma)).ok);
});

test("closing with a passing calibration newer than the failure returns the instrument to Active; a failing or older one is refused", async () => {
  const e = await planned("BOS-INC-903", "BOS");
  const good = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-01", certificateNumber: "INT-0301", points: [co2(5.0)] });
  w.clock.advance(60_000);
  const failed = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-02", points: [co2(6.0)] });
  const { id } = await quarantineCalibration(w.as("tom.tech"), failed.calibration.id, {});
  const close = (verificationCalibrationId: number) => closeCorrectiveAction(w.signed(w.as("marie.manager")), id, { verificationCalibrationId, note: "Sensor replaced" });
  const refusedOn = (field: string) => (err: unknown) => err instanceof AppError && (err.details as { fields: { field: string }[] }).fields.some((f) => f.field === field);
  await assert.rejects(close(good.calibration.id), refusedOn("verificationCalibrationId"), "older than the failure");
  await assert.rejects(close(failed.calibration.id), refusedOn("verificationCalibrationId"), "the failure itself");
  await assert.rejects(closeCorrectiveAction(w.signed(w.as("marie.manager")), id, { note: "x" }), refusedOn("verificationRecordId"), "no verification at all");
  w.clock.advance(60_000);
  const stillBad = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-03", points: [co2(5.5)] });
  await assert.rejects(close(stillBad.calibration.id), refusedOn("verificationCalibrationId"), "a failing calibration");
  w.clock.advance(60_000);
  const passed = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-04", certificateNumber: "INT-0304", points: [co2(5.1)] });
  const closed = await close(passed.calibration.id);
  assert.deepEqual([closed.status, closed.equipment.status], ["CLOSED", "ACTIVE"]);
  const row = await tdb.prisma.correctiveAction.findUniqueOrThrow({ where: { id } });
  assert.deepEqual([row.verificationCalibrationId, row.verificationRecordId], [passed.calibration.id, null]);
  const back = await tdb.prisma.equipmentEvent.findFirstOrThrow({ where: { equipmentId: e.id, toStatus: "ACTIVE" } });
  assert.equal(back.reason, `${closed.number} closed, verified by calibration of 2026-03-04 (INT-0304)`);
});

test("impact list: the instrument's calibrations since its last good one and every calibration that used it as a reference standard, decided and exported", async () => {
  const std = await makeEquipment(tdb.prisma, w.labs.BOS, modelId, { assetTag: "BOS-STD-904" });
  await setCalibrationPlan(w.as("marie.manager"), std.id, { intervalCount: 1, intervalUnit: "YEAR", noticeDays: 30, provider: "EXTERNAL", providerName: "NIST-traceable lab", referenceStandard: true });
  const [x, z] = [await planned("BOS-INC-905", "BOS"), await planned("BOS-INC-906", "BOS")];
  const step = () => w.clock.advance(60_000);
  step();
  await recordCalibration(w.as("tom.tech"), z.id, { calibratedOn: "2026-03-05", points: [temp(37.1)], standardIds: [std.id] }); // before the standard's last good calibration
  step();
  await recordCalibration(w.as("tom.tech"), std.id, { calibratedOn: "2026-03-06", certificateNumber: "STD-0306", points: [temp(37.0)] });
  step();
  const usedOnX = await recordCalibration(w.as("tom.tech"), x.id, { calibratedOn: "2026-03-07", certificateNumber: "X-0307", points: [temp(37.2)], standardIds: [std.id] });
  step();
  const failed = await recordCalibration(w.as("tom.tech"), std.id, { calibratedOn: "2026-03-08", certificateNumber: "STD-0308", points: [temp(38.0)] });
  const { id } = await quarantineCalibration(w.as("tom.tech"), failed.calibration.id, {});

  // Expected, from the data: calibrations of the standard or using it, recorded after its last good one and up to the failure.
  const ca = await tdb.prisma.correctiveAction.findUniqueOrThrow({ where: { id } });
  const ownEvents = await tdb.prisma.calibrationEvent.findMany({ where: { equipmentId: std.id }, orderBy: { recordedAt: "asc" } });
  const lastGood = ownEvents.filter((c) => c.result === "PASS" && c.asFoundPass !== false && c.recordedAt < ca.failedAt).at(-1)!;
  const touching = await tdb.prisma.calibrationEvent.findMany({ where: { OR: [{ equipmentId: std.id }, { standards: { some: { standardId: std.id } } }] }, orderBy: { recordedAt: "asc" } });
  const expected = touching.filter((c) => c.recordedAt > lastGood.recordedAt && c.recordedAt <= ca.failedAt).map((c) => c.id);
  const detail = await getCorrectiveAction(w.as("rosalind.audit"), id);
  assert.deepEqual(detail.impact.map((i) => [i.kind, i.itemId]), expected.map((e) => ["CALIBRATION", e]));
  assert.deepEqual(expected, [usedOnX.calibration.id, failed.calibration.id]);
  assert.deepEqual(detail.impact.map((i) => i.what), ["Calibration of BOS-INC-905 (reference standard)", "Calibration"]);

  await decideImpact(w.as("rosalind.audit"), id, { kind: "CALIBRATION", itemId: usedOnX.calibration.id, decision: "RETEST", comment: "Recalibrate BOS-INC-905" });
  const csv = (await impactCsv(w.as("rosalind.audit"), id)).body.toString("utf8").replace(/^\ufeff/, "").trim().split("\n");
  assert.equal(csv.length, 3);
  const at = sortableLabTime(touching.find((c) => c.id === usedOnX.calibration.id)!.recordedAt, "America/New_York");
  assert.equal(csv[1], `CA-${ca.number},BOS-STD-904,Calibration,X-0307,Calibration of BOS-INC-905 (reference standard),${at},PASS,Re-test,Recalibrate BOS-INC-905,Rosalind Franklin,${sortableLabTime(w.clock.now(), "America/New_York")}`);
});
