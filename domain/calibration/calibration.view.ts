/** How calibration rows read in API answers, cards and audit snapshots (dates as YYYY-MM-DD). */
import type { Prisma } from "../db/generated/client.ts";
import { isoDateOf } from "./interval.ts";

export const eventInclude = {
  points: { orderBy: { position: "asc" } },
  standards: { include: { standard: { select: { id: true, assetTag: true } } }, orderBy: { standardId: "asc" } },
  recordedBy: { select: { id: true, displayName: true } },
} as const satisfies Prisma.CalibrationEventInclude;
export type EventWithRefs = Prisma.CalibrationEventGetPayload<{ include: typeof eventInclude }>;

export function eventView(e: EventWithRefs) {
  return {
    id: e.id,
    equipmentId: e.equipmentId,
    labId: e.labId,
    calibratedOn: isoDateOf(e.calibratedOn),
    provider: e.provider,
    providerName: e.providerName,
    certificateNumber: e.certificateNumber,
    firmwareVersion: e.firmwareVersion,
    adjusted: e.adjusted,
    asFoundPass: e.asFoundPass,
    result: e.result,
    nextDueOn: isoDateOf(e.nextDueOn),
    comment: e.comment,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    recordedVia: e.recordedVia,
    points: e.points.map(({ id: _i, eventId: _e, ...p }) => p),
    standards: e.standards.map((s) => ({ id: s.standard.id, assetTag: s.standard.assetTag, certificateNumber: s.certificateNumber, dueOn: s.dueOn ? isoDateOf(s.dueOn) : null })),
  };
}
export type CalibrationEventView = ReturnType<typeof eventView>;

type PlanRow = Prisma.CalibrationPlanGetPayload<object>;

/** The plan's settings as the audit trail stores them. */
export function planValues(p: PlanRow) {
  return {
    intervalCount: p.intervalCount,
    intervalUnit: p.intervalUnit,
    noticeDays: p.noticeDays,
    provider: p.provider,
    providerName: p.providerName,
    acceptanceCriteria: p.acceptanceCriteria,
    firmwareVersion: p.firmwareVersion,
    referenceMaterial: p.referenceMaterial,
    maintenancePlan: p.maintenancePlan,
    referenceStandard: p.referenceStandard,
    active: p.active,
    nextDueOn: isoDateOf(p.nextDueOn),
  };
}

export function planView(p: PlanRow) {
  return {
    ...planValues(p),
    lastCalibratedOn: p.lastCalibratedOn ? isoDateOf(p.lastCalibratedOn) : null,
    lastResult: p.lastResult,
    updatedAt: p.updatedAt,
  };
}
export type CalibrationPlanView = ReturnType<typeof planView>;
