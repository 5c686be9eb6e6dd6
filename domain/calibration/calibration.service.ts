/**
 * The calibration register (R-CAL): an instrument's plan, its history, and recording a
 * calibration. Every change is authorized with the guard ("calibration" in the policy) and
 * written with its typed audit event in one transaction.
 */
import { requireItemRight } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Tx } from "../db/client.ts";
import { conflict, notFound } from "../errors.ts";
import { changedValues, parseId, parseInput, validationFailed, type FieldProblem } from "../input.ts";
import { inScope, labScope, type Action } from "../policy/policy.ts";
import { CalibrationPlanInput, RecordCalibrationInput } from "./calibration.schemas.ts";
import { eventInclude, eventView, planValues, planView } from "./calibration.view.ts";
import { addInterval, dateColumn, isoDateOf, labToday } from "./interval.ts";
import { isOutOfTolerance, outOfToleranceFound } from "./out-of-tolerance.ts";
import { calibrationFailureView } from "../corrective/calibration-failure.ts";
import type { OpenedCa } from "../corrective/corrective.open.ts";
import { noticesQueued } from "../installation/notice.service.ts";
import { judgeCalibration } from "./points.ts";
import { calibrationStatus } from "./status.ts";
import { calibrationsSignedContent, calibrationSignedContent } from "./calibration.content.ts";
import { requireFreshAuthentication, wantsToSign } from "../signature/fresh-auth.ts";
import { sign, signatureView, signaturesOf } from "../signature/signature.service.ts";

const equipmentSelect = {
  id: true,
  assetTag: true,
  serialNumber: true,
  location: true,
  status: true,
  labId: true,
  lab: { select: { id: true, code: true, name: true, timeZone: true } },
  model: { select: { id: true, manufacturer: true, name: true } },
  calibrationPlan: true,
} as const;

async function loadInstrument(ctx: ServiceContext, id: unknown, action: Action) {
  const equipment = await ctx.db.equipment.findUnique({ where: { id: parseId(id) }, select: equipmentSelect });
  if (!equipment) throw notFound("Equipment");
  requireItemRight(ctx, "calibration", action, equipment.labId, "Equipment");
  return equipment;
}

/**
 * An instrument's register entry: the ISO/IEC 17025 §6.4.13 identity (equipment, manufacturer,
 * type, serial, location), its plan and status, and every calibration, newest first.
 */
export async function getCalibration(ctx: ServiceContext, equipmentId: unknown) {
  const e = await loadInstrument(ctx, equipmentId, "view");
  const events = await ctx.db.calibrationEvent.findMany({ where: { equipmentId: e.id }, include: eventInclude, orderBy: [{ calibratedOn: "desc" }, { id: "desc" }] });
  const plan = e.calibrationPlan ? planView(e.calibrationPlan) : null;
  // R-SIGN: each calibration shows its signatures, checked against what it says now.
  const ids = events.map((ev) => ev.id);
  const [signed, contents] = await Promise.all([signaturesOf(ctx.db, "calibration", ids), calibrationsSignedContent(ctx.db, ids)]);
  const withSignatures = (ev: (typeof events)[number]) => ({
    ...eventView(ev),
    signatures: (signed.get(String(ev.id)) ?? []).map((s) => signatureView(s, contents.get(ev.id), e.lab, "calibration")),
  });
  return {
    equipment: { id: e.id, assetTag: e.assetTag, serialNumber: e.serialNumber, location: e.location, status: e.status, lab: e.lab, manufacturer: e.model.manufacturer, type: e.model.name },
    plan,
    status: calibrationStatus(plan, ctx.clock.now(), e.lab.timeZone),
    history: events.map(withSignatures),
  };
}
export type CalibrationRegister = Awaited<ReturnType<typeof getCalibration>>;

/**
 * Creates or changes an instrument's plan. The due date follows from the last calibration and
 * the interval; only an instrument never calibrated in Labkeep takes a first due date (default:
 * today, so a new entry is due at once).
 */
export async function setCalibrationPlan(ctx: ServiceContext, equipmentId: unknown, input: unknown) {
  const e = await loadInstrument(ctx, equipmentId, "edit");
  const body = parseInput(CalibrationPlanInput, input);
  const zone = e.lab.timeZone;
  const now = ctx.clock.now();
  const current = e.calibrationPlan;
  const interval = { count: body.intervalCount, unit: body.intervalUnit };
  if (current?.lastCalibratedOn && body.nextDueOn !== undefined) {
    throw validationFailed([{ field: "nextDueOn", message: "The due date follows from the last calibration and the interval." }]);
  }
  const nextDueOn = current?.lastCalibratedOn
    ? addInterval(isoDateOf(current.lastCalibratedOn), interval, zone)
    : (body.nextDueOn ?? (current ? isoDateOf(current.nextDueOn) : labToday(now, zone)));
  const data = { ...body, providerName: body.providerName ?? null, acceptanceCriteria: body.acceptanceCriteria ?? null, firmwareVersion: body.firmwareVersion ?? null, referenceMaterial: body.referenceMaterial ?? null, maintenancePlan: body.maintenancePlan ?? null, nextDueOn: dateColumn(nextDueOn) };
  await ctx.db.$transaction(async (tx) => {
    if (!current) {
      const created = await tx.calibrationPlan.create({ data: { equipmentId: e.id, ...data } });
      await writeAudit(tx, ctx.actor, now, { action: "calibration_plan.created", entityId: e.id, labId: e.labId, after: planValues(created) });
      return;
    }
    const updated = await tx.calibrationPlan.update({ where: { equipmentId: e.id }, data });
    const diff = changedValues(planValues(current), planValues(updated));
    if (diff) await writeAudit(tx, ctx.actor, now, { action: "calibration_plan.updated", entityId: e.id, labId: e.labId, ...diff });
  });
  return getCalibration(ctx, e.id);
}

/** The reference standards named, checked: in the register as standards, visible, in calibration on the day used. */
async function checkStandards(ctx: ServiceContext, tx: Tx, equipmentId: number, standardIds: readonly number[], calibratedOn: string) {
  const unique = [...new Set(standardIds)];
  const rows = await tx.equipment.findMany({ where: { id: { in: unique } }, select: { id: true, assetTag: true, labId: true, calibrationPlan: true } });
  const visible = labScope(ctx.principal, "calibration", "view");
  const problems: FieldProblem[] = [];
  const found: { id: number; dueOn: Date }[] = [];
  for (const [i, id] of standardIds.entries()) {
    const field = `standardIds.${i}`;
    const s = rows.find((r) => r.id === id);
    if (!s || !inScope(visible, s.labId)) problems.push({ field, message: "No such instrument." });
    else if (s.id === equipmentId) problems.push({ field, message: "An instrument cannot be its own reference standard." });
    else if (!s.calibrationPlan?.active || !s.calibrationPlan.referenceStandard) problems.push({ field, message: `${s.assetTag} is not a reference standard in the register.` });
    else if (s.calibrationPlan.lastResult === "FAIL") problems.push({ field, message: `${s.assetTag} is out of tolerance.` });
    else if (isoDateOf(s.calibrationPlan.nextDueOn) < calibratedOn) problems.push({ field, message: `${s.assetTag} was overdue for calibration on ${calibratedOn} (due ${isoDateOf(s.calibrationPlan.nextDueOn)}).` });
    else if (!found.some((f) => f.id === s.id)) found.push({ id: s.id, dueOn: s.calibrationPlan.nextDueOn });
  }
  if (problems.length) throw validationFailed(problems);
  // The certificate each standard held that day: its latest calibration on or before it.
  return Promise.all(
    found.map(async (s) => {
      const last = await tx.calibrationEvent.findFirst({ where: { equipmentId: s.id, calibratedOn: { lte: dateColumn(calibratedOn) } }, orderBy: [{ calibratedOn: "desc" }, { id: "desc" }], select: { certificateNumber: true } });
      return { standardId: s.id, dueOn: s.dueOn, certificateNumber: last?.certificateNumber ?? null };
    }),
  );
}

/**
 * Records one calibration: points judged (points.ts), the plan's last date, result and next due
 * date moved on, reference standards linked (the traceability chain), all with the audit event in
 * one transaction. An out-of-tolerance finding goes through `outOfToleranceFound` in the same
 * transaction. R-SIGN: when the request carries a signing token (`X-Labkeep-Signature`) the
 * recording is also the recorder's PERFORMED signature, bound to `calibrationSignedContent`; the
 * fresh sign-in is checked BEFORE the transaction so a refusal is audited and nothing is recorded.
 */
export async function recordCalibration(ctx: ServiceContext, equipmentId: unknown, input: unknown) {
  const e = await loadInstrument(ctx, equipmentId, "complete");
  const body = parseInput(RecordCalibrationInput, input);
  const zone = e.lab.timeZone;
  const now = ctx.clock.now();
  if (body.calibratedOn > labToday(now, zone)) throw validationFailed([{ field: "calibratedOn", message: "Cannot be in the future." }]);
  const judged = judgeCalibration(body.points);
  // The id is not known yet: a refusal names the instrument ("calibration:equipment-<id>").
  const proof = wantsToSign(ctx) ? await requireFreshAuthentication(ctx, { subject: { type: "calibration", id: `equipment-${e.id}` }, meaning: "PERFORMED", labId: e.labId }) : null;
  const recorded = await ctx.db.$transaction(async (tx) => {
    // Serialises recordings of one instrument: the second sees the first one's date.
    const [plan] = await tx.$queryRaw<{ active: boolean; intervalCount: number; intervalUnit: "DAY" | "WEEK" | "MONTH" | "YEAR"; lastCalibratedOn: Date | null; provider: "INTERNAL" | "EXTERNAL"; providerName: string | null }[]>`
      SELECT active, interval_count AS "intervalCount", interval_unit::text AS "intervalUnit", last_calibrated_on AS "lastCalibratedOn", provider::text AS provider, provider_name AS "providerName"
      FROM calibration_plan WHERE equipment_id = ${e.id} FOR UPDATE`;
    if (!plan || !plan.active) throw conflict(`${e.assetTag} has no active calibration plan. Set one up first.`);
    if (plan.lastCalibratedOn && body.calibratedOn < isoDateOf(plan.lastCalibratedOn)) {
      throw validationFailed([{ field: "calibratedOn", message: `Before the last calibration (${isoDateOf(plan.lastCalibratedOn)}).` }]);
    }
    const standards = await checkStandards(ctx, tx, e.id, body.standardIds, body.calibratedOn);
    const nextDueOn = addInterval(body.calibratedOn, { count: plan.intervalCount, unit: plan.intervalUnit }, zone);
    const provider = body.provider ?? plan.provider;
    const event = await tx.calibrationEvent.create({
      data: {
        equipmentId: e.id,
        labId: e.labId,
        calibratedOn: dateColumn(body.calibratedOn),
        provider,
        providerName: body.providerName ?? (provider === plan.provider ? plan.providerName : null),
        certificateNumber: body.certificateNumber ?? null,
        firmwareVersion: body.firmwareVersion ?? null,
        adjusted: judged.adjusted,
        asFoundPass: judged.asFoundPass,
        result: judged.result,
        nextDueOn: dateColumn(nextDueOn),
        comment: body.comment ?? null,
        recordedById: ctx.actor.userId,
        recordedAt: now,
        recordedVia: ctx.actor.source,
        points: { create: body.points.map((p, i) => ({ position: i + 1, name: p.name, unit: p.unit, nominal: p.nominal, tolerance: p.tolerance, asFound: p.asFound ?? null, asLeft: p.asLeft ?? null, asFoundPass: judged.points[i]!.asFoundPass, asLeftPass: judged.points[i]!.asLeftPass })) },
        standards: { create: standards },
      },
      include: eventInclude,
    });
    await tx.calibrationPlan.update({
      where: { equipmentId: e.id },
      data: { lastCalibratedOn: dateColumn(body.calibratedOn), lastResult: judged.result, nextDueOn: dateColumn(nextDueOn), ...(body.firmwareVersion ? { firmwareVersion: body.firmwareVersion } : {}) },
    });
    const view = eventView(event);
    const { recordedBy: _r, recordedAt: _a, ...values } = view;
    await writeAudit(tx, ctx.actor, now, { action: "calibration.recorded", entityId: event.id, labId: e.labId, after: { ...values, assetTag: e.assetTag } });
    let ca: OpenedCa | null = null;
    if (isOutOfTolerance(judged.result, judged.asFoundPass)) {
      ca = await outOfToleranceFound(tx, ctx, now, {
        calibrationId: event.id,
        equipmentId: e.id,
        assetTag: e.assetTag,
        labId: e.labId,
        calibratedOn: body.calibratedOn,
        result: judged.result,
        asFoundPass: judged.asFoundPass,
        failedPoints: view.points.filter((p) => p.asFoundPass === false || p.asLeftPass === false),
      });
    }
    if (proof) await sign(tx, ctx, proof, { subject: { type: "calibration", id: event.id }, labId: e.labId, meaning: "PERFORMED", content: await calibrationSignedContent(tx, event.id) });
    return { id: event.id, ca, points: view.points };
  });
  if (recorded.ca) noticesQueued();
  const id = recorded.id;
  const register = await getCalibration(ctx, e.id);
  const outOfTolerance = isOutOfTolerance(judged.result, judged.asFoundPass);
  // Like a failed record's `failure`: the CA opened (FORCE) or the offer to take it out of service (OFFER).
  const failure = outOfTolerance ? await calibrationFailureView(ctx, { id, equipmentId: e.id, labId: e.labId, points: recorded.points }) : null;
  return { calibration: register.history.find((h) => h.id === id)!, status: register.status, plan: register.plan, outOfTolerance, failure };
}
