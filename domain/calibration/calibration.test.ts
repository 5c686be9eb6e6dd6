import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, type World } from "../../tests/support/fixtures/world.ts";
import { verifyAuditChain } from "../audit/audit.service.ts";
import { AppError } from "../errors.ts";
import { calibrationCounts, listCalibrations } from "./calibration.list.ts";
import { getCalibration, recordCalibration, setCalibrationPlan } from "./calibration.service.ts";
import { traceability } from "./traceability.ts";
import { calibrationSignedContent } from "./calibration.content.ts";
import { contentHash } from "../signature/content.ts";
import { labTime } from "../time/format.ts";

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

const fieldsOf = (e: unknown) => (e as AppError).details as { fields: { field: string; message: string }[] };
const rejectsWith = (code: string, fields?: string[]) => (e: unknown) => {
  assert.ok(e instanceof AppError, String(e));
  assert.equal(e.code, code);
  if (fields) assert.deepEqual(fieldsOf(e).fields.map((f) => f.field), fields);
  return true;
};

async function instrument(tag: string, lab: "BOS" | "SFO" | "LON" = "BOS") {
  return makeEquipment(tdb.prisma, w.labs[lab], modelId, { assetTag: tag });
}
const plan = (extra: Record<string, unknown> = {}) => ({ intervalCount: 1, intervalUnit: "YEAR", noticeDays: 30, provider: "EXTERNAL", providerName: "Metrology Inc.", ...extra });
const point = (asFound: number | null, asLeft: number | null = null) => ({ name: "37 °C", unit: "°C", nominal: 37, tolerance: 0.5, asFound, asLeft });

test("plan then calibration: next due is the date plus the interval in lab time, status follows, audited in one chain", async () => {
  const e = await instrument("CAL-INC-1");
  // World clock: 2026-03-10 15:00 UTC (Boston 11:00). A new plan is due today unless told otherwise.
  const created = await setCalibrationPlan(w.as("marie.manager"), e.id, plan({ intervalCount: 1, intervalUnit: "MONTH" }));
  assert.equal(created.plan?.nextDueOn, "2026-03-10");
  assert.equal(created.status, "DUE_SOON");
  assert.equal(created.equipment.manufacturer.length > 0, true);

  const recorded = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-01-31", certificateNumber: "MI-2026-0131", points: [point(37.2)] });
  assert.equal(recorded.calibration.nextDueOn, "2026-02-28");
  assert.equal(recorded.calibration.result, "PASS");
  assert.equal(recorded.status, "OVERDUE");
  assert.equal(recorded.outOfTolerance, false);
  assert.equal(recorded.calibration.recordedBy?.displayName, "Tom Edison");

  const again = await recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-09", certificateNumber: "MI-2026-0309", points: [point(37.9, 37.1)] });
  assert.equal(again.plan?.nextDueOn, "2026-04-09");
  assert.equal(again.plan?.lastCalibratedOn, "2026-03-09");
  assert.equal(again.status, "DUE_SOON"); // 30 days' notice: 10 March is within it
  assert.equal(again.calibration.adjusted, true);
  assert.equal(again.calibration.asFoundPass, false);
  assert.equal(again.outOfTolerance, true, "found out of tolerance: the impact hook fires even though it passes as left");

  const register = await getCalibration(w.as("rosalind.audit"), e.id);
  assert.deepEqual(register.history.map((h) => h.certificateNumber), ["MI-2026-0309", "MI-2026-0131"]);
  const actions = await tdb.prisma.auditEvent.findMany({ where: { entityType: { in: ["calibration", "calibration_plan"] } }, orderBy: { seq: "asc" }, select: { action: true, entityId: true } });
  assert.deepEqual(actions.map((a) => a.action), ["calibration_plan.created", "calibration.recorded", "calibration.recorded", "calibration.out_of_tolerance"]);
  assert.equal(actions[3]!.entityId, String(again.calibration.id));
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);

  // Changing the interval moves the due date from the last calibration.
  const changed = await setCalibrationPlan(w.as("marie.manager"), e.id, plan({ intervalCount: 6, intervalUnit: "WEEK", noticeDays: 7 }));
  assert.equal(changed.plan?.nextDueOn, "2026-04-20");
  assert.equal(changed.status, "IN_CALIBRATION");
  await assert.rejects(setCalibrationPlan(w.as("marie.manager"), e.id, plan({ nextDueOn: "2027-01-01" })), rejectsWith("validation_failed", ["nextDueOn"]));
});

test("status moves with the clock: counts for the digest and the register list agree", async () => {
  const e = await instrument("CAL-BAL-1", "LON");
  await setCalibrationPlan(w.as("lena.manager"), e.id, plan({ intervalCount: 90, intervalUnit: "DAY", noticeDays: 10, nextDueOn: "2026-03-15" }));
  const ctx = w.as("lena.manager");
  const statusAt = async (iso: string) => {
    w.clock.set(iso);
    const page = await listCalibrations(ctx, { labId: w.labs.LON });
    const counts = await calibrationCounts(tdb.prisma, w.labs.LON, new Date(iso));
    return { status: page.items.find((i) => i.equipmentId === e.id)?.status, counts };
  };
  try {
    assert.deepEqual(await statusAt("2026-03-01T12:00:00Z"), { status: "IN_CALIBRATION", counts: { dueThisWeek: 0, overdue: 0, outOfTolerance: 0 } });
    assert.deepEqual(await statusAt("2026-03-09T12:00:00Z"), { status: "DUE_SOON", counts: { dueThisWeek: 1, overdue: 0, outOfTolerance: 0 } });
    // London midnight (GMT in March before the 29th): 23:59 UTC on the 15th is still the due day.
    assert.deepEqual(await statusAt("2026-03-15T23:59:00Z"), { status: "DUE_SOON", counts: { dueThisWeek: 1, overdue: 0, outOfTolerance: 0 } });
    assert.deepEqual(await statusAt("2026-03-16T00:00:00Z"), { status: "OVERDUE", counts: { dueThisWeek: 0, overdue: 1, outOfTolerance: 0 } });
    await recordCalibration(w.as("theo.tech"), e.id, { calibratedOn: "2026-03-16", provider: "INTERNAL", points: [point(38.1)] });
    assert.deepEqual(await statusAt("2026-03-16T09:00:00Z"), { status: "OUT_OF_TOLERANCE", counts: { dueThisWeek: 0, overdue: 0, outOfTolerance: 1 } });
    const passed = await recordCalibration(w.as("theo.tech"), e.id, { calibratedOn: "2026-03-16", provider: "INTERNAL", points: [point(36.8)] });
    assert.equal(passed.plan?.nextDueOn, "2026-06-14");
    assert.deepEqual(await statusAt("2026-03-16T10:00:00Z"), { status: "IN_CALIBRATION", counts: { dueThisWeek: 0, overdue: 0, outOfTolerance: 0 } });
  } finally {
    w.clock.set("2026-03-10T15:00:00.000Z");
  }
});

test("traceability: an instrument, its reference standard, and the standard's own standard (two levels)", async () => {
  const primary = await instrument("CAL-PRI-1");
  const working = await instrument("CAL-WRK-1");
  const incubator = await instrument("CAL-INC-2");
  const manager = w.as("marie.manager");
  await setCalibrationPlan(manager, primary.id, plan({ referenceStandard: true, providerName: "National Lab" }));
  await setCalibrationPlan(manager, working.id, plan({ referenceStandard: true, intervalCount: 6, intervalUnit: "MONTH" }));
  await setCalibrationPlan(manager, incubator.id, plan());
  await recordCalibration(manager, primary.id, { calibratedOn: "2026-01-05", certificateNumber: "NL-100", points: [point(37)] });
  await recordCalibration(manager, working.id, { calibratedOn: "2026-02-01", certificateNumber: "INT-200", provider: "INTERNAL", points: [point(37.1)], standardIds: [primary.id] });
  const rec = await recordCalibration(w.as("tom.tech"), incubator.id, { calibratedOn: "2026-03-02", certificateNumber: "INT-300", points: [point(37.3)], standardIds: [working.id] });
  assert.deepEqual(rec.calibration.standards, [{ id: working.id, assetTag: "CAL-WRK-1", certificateNumber: "INT-200", dueOn: "2026-08-01" }]);

  const chain = await traceability(w.as("rosalind.audit"), incubator.id);
  assert.equal(chain.calibration?.certificateNumber, "INT-300");
  assert.deepEqual(chain.standards.map((s) => [s.assetTag, s.calibration?.certificateNumber]), [["CAL-WRK-1", "INT-200"]]);
  assert.deepEqual(chain.standards[0]!.standards.map((s) => [s.assetTag, s.calibration?.certificateNumber, s.calibration?.providerName]), [["CAL-PRI-1", "NL-100", "National Lab"]]);
  assert.deepEqual(chain.standards[0]!.standards[0]!.standards, []);
  assert.equal((await traceability(w.as("rosalind.audit"), incubator.id, { depth: 1 })).standards[0]!.standards.length, 0);

  // Not a standard, itself, or an instrument of a lab the user cannot see: each named by position.
  await assert.rejects(
    recordCalibration(w.as("tom.tech"), incubator.id, { calibratedOn: "2026-03-03", points: [point(37)], standardIds: [incubator.id, 999999, working.id] }),
    rejectsWith("validation_failed", ["standardIds.0", "standardIds.1"]),
  );
});

test("permission: another lab's technician cannot record; a local auditor cannot; nothing is written", async () => {
  const e = await instrument("CAL-INC-3");
  await setCalibrationPlan(w.as("marie.manager"), e.id, plan());
  const before = await tdb.prisma.calibrationEvent.count();
  const body = { calibratedOn: "2026-03-01", points: [point(37)] };
  await assert.rejects(recordCalibration(w.as("tara.tech"), e.id, body), rejectsWith("not_found"));
  await assert.rejects(recordCalibration(w.as("rosalind.audit"), e.id, body), rejectsWith("forbidden"));
  await assert.rejects(setCalibrationPlan(w.as("tom.tech"), e.id, plan()), rejectsWith("forbidden"));
  assert.equal(await tdb.prisma.calibrationEvent.count(), before);
});

test("bad input names the field; a calibration in the future or before the last one is refused", async () => {
  const e = await instrument("CAL-INC-4");
  const noPlan = await instrument("CAL-INC-5");
  await setCalibrationPlan(w.as("marie.manager"), e.id, plan());
  const tom = w.as("tom.tech");
  await assert.rejects(recordCalibration(tom, noPlan.id, { calibratedOn: "2026-03-01", points: [point(37)] }), rejectsWith("conflict"));
  await assert.rejects(
    recordCalibration(tom, e.id, { calibratedOn: "2026-02-30", points: [{ name: "", unit: "°C", nominal: 37, tolerance: -1, asFound: null }] }),
    rejectsWith("validation_failed", ["calibratedOn", "points.0.name", "points.0.tolerance", "points.0.asFound"]),
  );
  await assert.rejects(recordCalibration(tom, e.id, { calibratedOn: "2026-03-01", certificateNumber: "A\u0000B", points: [point(37)] }), rejectsWith("validation_failed", ["certificateNumber"]));
  await assert.rejects(recordCalibration(tom, e.id, { calibratedOn: "2026-03-11", points: [point(37)] }), rejectsWith("validation_failed", ["calibratedOn"]));
  await assert.rejects(setCalibrationPlan(w.as("marie.manager"), e.id, plan({ intervalCount: 0, intervalUnit: "FORTNIGHT" })), rejectsWith("validation_failed", ["intervalCount", "intervalUnit"]));
  await assert.rejects(setCalibrationPlan(w.as("marie.manager"), e.id, plan({ provider: "EXTERNAL", providerName: "  " })), rejectsWith("validation_failed", ["providerName"]));
  await recordCalibration(tom, e.id, { calibratedOn: "2026-03-05", points: [point(37)] });
  await assert.rejects(recordCalibration(tom, e.id, { calibratedOn: "2026-03-04", points: [point(37)] }), rejectsWith("validation_failed", ["calibratedOn"]));
});

test("two recordings at once: both stored, the plan ends at the later date with one audit event each", async () => {
  const e = await instrument("CAL-INC-6");
  await setCalibrationPlan(w.as("marie.manager"), e.id, plan({ intervalCount: 1, intervalUnit: "MONTH" }));
  const results = await Promise.allSettled([
    recordCalibration(w.as("tom.tech"), e.id, { calibratedOn: "2026-03-08", certificateNumber: "A", points: [point(37)] }),
    recordCalibration(w.as("marie.manager"), e.id, { calibratedOn: "2026-03-09", certificateNumber: "B", points: [point(37)] }),
  ]);
  const register = await getCalibration(w.as("marie.manager"), e.id);
  const stored = register.history.map((h) => h.certificateNumber).sort();
  // Whichever came second either follows the first (both stored) or is refused for being older.
  if (results.every((r) => r.status === "fulfilled")) assert.deepEqual(stored, ["A", "B"]);
  else assert.deepEqual(stored, ["B"]);
  assert.equal(register.plan?.lastCalibratedOn, "2026-03-09");
  assert.equal(register.plan?.nextDueOn, "2026-04-09");
  const audits = await tdb.prisma.auditEvent.count({ where: { action: "calibration.recorded", labId: w.labs.BOS, entityId: { in: register.history.map((h) => String(h.id)) } } });
  assert.equal(audits, register.history.length);
});

test("R-SIGN: a calibration recorded with a fresh sign-in is the recorder's PERFORMED signature, shown on the register; a stale one is refused and audited", async () => {
  const e = await instrument("CAL-SIG-1");
  await setCalibrationPlan(w.as("marie.manager"), e.id, plan());
  const tom = w.as("tom.tech");
  const signed = (ageSeconds: number) => w.signed(tom, ageSeconds);
  const body = { calibratedOn: "2026-03-01", certificateNumber: "MI-SIG-1", points: [point(37.1)] };

  await assert.rejects(recordCalibration(signed(600), e.id, body), (err: unknown) => err instanceof AppError && err.code === "signature_auth_required" && (err.details as { reason: string }).reason === "stale");
  assert.equal((await getCalibration(tom, e.id)).history.length, 0, "a refused signature records nothing");
  const refusal = await tdb.prisma.auditEvent.findFirstOrThrow({ where: { action: "signature.refused", entityId: `calibration:equipment-${e.id}` } });
  assert.deepEqual([(refusal.after as { reason: string }).reason, (refusal.after as { meaning: string }).meaning, refusal.labId], ["stale", "PERFORMED", w.labs.BOS]);

  const recorded = await recordCalibration(signed(10), e.id, body);
  const at = labTime(w.clock.now(), { code: "BOS", timeZone: "America/New_York" });
  assert.deepEqual(recorded.calibration.signatures.map((s) => [s.meaning, s.signerName, s.signedAtText, s.valid, s.text]), [["PERFORMED", "Tom Edison", at, true, `Performed by Tom Edison, ${at}`]]);
  const stored = await tdb.prisma.signature.findFirstOrThrow({ where: { subjectType: "calibration", subjectId: String(recorded.calibration.id) } });
  assert.equal(stored.contentHash, contentHash(await calibrationSignedContent(tdb.prisma, recorded.calibration.id)));

  // Without a token it is recorded unsigned, as before.
  const unsigned = await recordCalibration(tom, e.id, { ...body, calibratedOn: "2026-03-05", certificateNumber: "MI-SIG-2" });
  assert.deepEqual(unsigned.calibration.signatures, []);

  // A changed as-found reading (database access) shows the signature no longer matching.
  await tdb.prisma.calibrationPoint.updateMany({ where: { eventId: recorded.calibration.id }, data: { asFound: 36.9 } });
  const register = await getCalibration(w.as("rosalind.audit"), e.id);
  const first = register.history.find((h) => h.id === recorded.calibration.id)!;
  assert.deepEqual(first.signatures.map((s) => [s.valid, s.text]), [[false, `Performed by Tom Edison, ${at} (signature no longer matches the calibration)`]]);
  assert.equal((await verifyAuditChain(tdb.prisma)).ok, true);
});
