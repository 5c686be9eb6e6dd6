/**
 * R-CAL → R-QUAR: an out-of-tolerance calibration does what a failed PM reading does. The lab's
 * quarantineOnFailure setting decides: FORCE takes the instrument out of service and opens a
 * corrective action inside recordCalibration's transaction; OFFER leaves the choice to a Manager or
 * Technician (quarantineCalibration, POST /api/calibrations/:id/quarantine).
 */
import { requireItemRight } from "../access/guard.ts";
import { can } from "../policy/policy.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { Tx } from "../db/client.ts";
import { lockEquipment } from "../equipment/status-change.ts";
import { AppError, conflict, notFound } from "../errors.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import { noticesQueued } from "../installation/notice.service.ts";
import { QuarantineInput } from "./corrective.schemas.ts";
import { defaultDueDay, openCaOf, openForFailure, requireAssignee, type FailureTrigger, type OpenedCa } from "./corrective.open.ts";
import { formatCaNumber, limitsText } from "./failure.ts";

export interface CalibrationPointValues {
  name: string;
  unit: string;
  nominal: number;
  tolerance: number;
  asFound: number | null;
  asLeft: number | null;
  asFoundPass: boolean | null;
  asLeftPass: boolean | null;
}

/** Floating sums like 5 + 0.3 print as 5.3, not 5.300000000000001. */
const tidy = (n: number) => Number(n.toPrecision(12));

/**
 * What is wrong, in the words of a failed reading: "CO₂ found 6.2 % (4.7–5.3)", or "left" when
 * only the as-left value is outside (the adjustment did not bring it back). Points joined by "; ".
 */
export function calibrationProblem(points: readonly CalibrationPointValues[]): string {
  const parts = points.flatMap((p) => {
    const found = p.asFoundPass === false && p.asFound !== null;
    const value = found ? p.asFound : p.asLeftPass === false ? p.asLeft : null;
    if (value === null) return [];
    const limits = limitsText(tidy(p.nominal - p.tolerance), tidy(p.nominal + p.tolerance));
    return [`${p.name} ${found ? "found" : "left"} ${p.unit ? `${value} ${p.unit}` : value} ${limits}`];
  });
  return parts.join("; ") || "Out-of-tolerance calibration";
}

export interface CalibrationFailure {
  calibrationId: number;
  equipmentId: number;
  labId: number;
  calibratedOn: string;
  result: "PASS" | "FAIL";
  points: readonly CalibrationPointValues[];
}

const trigger = (f: CalibrationFailure, failedAt: Date, problem: string): FailureTrigger => ({
  labId: f.labId,
  failedAt,
  problem,
  label: `Out-of-tolerance calibration of ${f.calibratedOn}`,
  recordId: null,
  calibrationId: f.calibrationId,
});

/**
 * Called from outOfToleranceFound in recordCalibration's transaction. A CA already open on the
 * instrument gets the finding logged on it. Otherwise FORCE opens a CA assigned to whoever
 * recorded the calibration; the instrument goes out of service when the calibration FAILED (as
 * left). One found out but adjusted back into tolerance is fit now: its CA still assesses what
 * it measured before, but it stays in service. OFFER answers null (the offer).
 */
export async function afterOutOfTolerance(tx: Tx, ctx: ServiceContext, now: Date, f: CalibrationFailure): Promise<OpenedCa | null> {
  const lab = await tx.lab.findUniqueOrThrow({ where: { id: f.labId }, select: { timeZone: true, quarantineOnFailure: true } });
  const locked = await lockEquipment(tx, f.equipmentId);
  const equipment = await tx.equipment.findUniqueOrThrow({ where: { id: f.equipmentId }, select: { assetTag: true } });
  const problem = calibrationProblem(f.points);
  const open = await openCaOf(tx, f.equipmentId);
  if (open) {
    const text = `Out-of-tolerance calibration of ${f.calibratedOn}: ${problem}`;
    await tx.correctiveActionEntry.create({ data: { caId: open.id, text, actorId: ctx.actor.userId, at: now } });
    await writeAudit(tx, ctx.actor, now, { action: "ca.action_logged", entityId: open.id, labId: f.labId, after: { text } });
    return { id: open.id, number: open.number, outOfService: locked.status === "OUT_OF_SERVICE" };
  }
  if (lab.quarantineOnFailure !== "FORCE") return null;
  const assignee = ctx.actor.userId === null ? null : await tx.user.findUnique({ where: { id: ctx.actor.userId }, select: { id: true, displayName: true } });
  return openForFailure(tx, ctx.actor, now, trigger(f, now, problem), { id: f.equipmentId, labId: locked.labId, status: locked.status, assetTag: equipment.assetTag }, {
    quarantine: f.result === "FAIL",
    assignee,
    dueOn: defaultDueDay(now, lab.timeZone),
  });
}

/** What a calibration's detail says about its failure, like a failed record's. */
export interface CalibrationFailureView {
  problem: string;
  correctiveAction: { id: number; number: string; status: string } | null;
  offerQuarantine: boolean;
}

export async function calibrationFailureView(ctx: ServiceContext, calibration: { id: number; equipmentId: number; labId: number; points: readonly CalibrationPointValues[] }): Promise<CalibrationFailureView> {
  const ca =
    (await ctx.db.correctiveAction.findFirst({ where: { triggerCalibrationId: calibration.id }, select: { id: true, number: true, status: true } })) ??
    (await ctx.db.correctiveAction.findFirst({ where: { equipmentId: calibration.equipmentId, status: "OPEN" }, select: { id: true, number: true, status: true } }));
  return {
    problem: calibrationProblem(calibration.points),
    correctiveAction: ca ? { id: ca.id, number: formatCaNumber(ca.number), status: ca.status } : null,
    offerQuarantine: ca === null && can(ctx.principal, "correctiveAction", "create", calibration.labId),
  };
}

/**
 * The offer accepted: a Manager or Technician takes the instrument of an out-of-tolerance
 * calibration out of service and opens its corrective action.
 */
export async function quarantineCalibration(ctx: ServiceContext, calibrationId: unknown, input: unknown): Promise<OpenedCa> {
  const id = parseId(calibrationId);
  const event = await ctx.db.calibrationEvent.findUnique({
    where: { id },
    include: { lab: { select: { timeZone: true } }, equipment: { select: { id: true, assetTag: true, labId: true } }, points: { orderBy: { position: "asc" } } },
  });
  if (!event) throw notFound("Calibration");
  requireItemRight(ctx, "calibration", "view", event.labId, "Calibration");
  requireItemRight(ctx, "correctiveAction", "create", event.labId, "Calibration");
  const body = parseInput(QuarantineInput, input ?? {});
  if (event.result !== "FAIL" && event.asFoundPass !== false) throw conflict("Only an out-of-tolerance calibration can take an instrument out of service.");
  if (event.equipment.labId !== event.labId) throw conflict("The instrument has moved to another lab since this calibration; quarantine it there.");
  if (ctx.actor.userId === null && body.assigneeId === undefined) throw validationFailed([{ field: "assigneeId", message: "Choose who will do the corrective action." }]);
  const assignee = await requireAssignee(ctx.db, body.assigneeId ?? ctx.actor.userId!, event.labId);
  const now = ctx.clock.now();
  const calibratedOn = event.calibratedOn.toISOString().slice(0, 10);
  const opened = await ctx.db.$transaction(async (tx) => {
    const locked = await lockEquipment(tx, event.equipmentId);
    const open = await openCaOf(tx, event.equipmentId);
    if (open) throw new AppError("conflict", `${formatCaNumber(open.number)} is already open for this instrument.`, { correctiveActionId: open.id });
    const failure = { calibrationId: event.id, equipmentId: event.equipmentId, labId: event.labId, calibratedOn, result: event.result, points: event.points };
    return openForFailure(tx, ctx.actor, now, trigger(failure, event.recordedAt, body.problem ?? calibrationProblem(event.points)), { id: event.equipmentId, labId: locked.labId, status: locked.status, assetTag: event.equipment.assetTag }, {
      quarantine: true,
      assignee,
      dueOn: body.dueOn ?? defaultDueDay(now, event.lab.timeZone),
    });
  });
  noticesQueued();
  return opened;
}
