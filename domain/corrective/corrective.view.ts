import { DateTime } from "luxon";
import type { Prisma } from "../db/generated/client.ts";
import { endOfDueDay } from "../calibration/interval.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { formatCaNumber } from "./failure.ts";

export const caInclude = {
  lab: { select: { id: true, code: true, timeZone: true } },
  equipment: { select: { id: true, assetTag: true, status: true, model: { select: { name: true } } } },
  assignee: { select: { id: true, displayName: true } },
  openedBy: { select: { id: true, displayName: true } },
  closedBy: { select: { id: true, displayName: true } },
  triggerRecord: { select: { id: true, number: true } },
  verificationRecord: { select: { id: true, number: true } },
  recheckRecord: { select: { id: true, number: true, status: true, result: true } },
  triggerCalibration: { select: { id: true, calibratedOn: true, certificateNumber: true } },
  verificationCalibration: { select: { id: true, calibratedOn: true, certificateNumber: true } },
} as const;
export type CaRow = Prisma.CorrectiveActionGetPayload<{ include: typeof caInclude }>;

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Ageing of a CA, in the lab's calendar: days since it was opened (until it was closed: a closed
 * one ages no more), and overdue while open once its due day has ended in the lab.
 */
export function ageing(ca: { openedAt: Date; closedAt: Date | null; dueOn: Date; status: string }, timeZone: string, now: Date) {
  const end = ca.closedAt ?? now;
  const opened = DateTime.fromJSDate(ca.openedAt, { zone: timeZone }).startOf("day");
  const ageDays = Math.max(0, Math.round(DateTime.fromJSDate(end, { zone: timeZone }).startOf("day").diff(opened, "days").days));
  // Due "by end of" its lab-local due day, as records are due by the end of their period, so it
  // reads through the same formatter (`dueByEndOf`); a re-check is due then too.
  const dueAt = endOfDueDay(day(ca.dueOn), timeZone);
  return { dueAt, ageDays, overdue: ca.status === "OPEN" && now >= dueAt };
}

export function caView(ca: CaRow, now: Date) {
  const recordRef = (r: { id: number; number: number } | null) => (r ? { id: r.id, number: formatRecordNumber(ca.lab.code, r.number) } : null);
  const calibrationRef = (c: { id: number; calibratedOn: Date; certificateNumber: string | null } | null) => (c ? { id: c.id, calibratedOn: day(c.calibratedOn), certificateNumber: c.certificateNumber } : null);
  return {
    id: ca.id,
    number: formatCaNumber(ca.number),
    lab: { id: ca.lab.id, code: ca.lab.code, timeZone: ca.lab.timeZone },
    equipment: { id: ca.equipment.id, assetTag: ca.equipment.assetTag, modelName: ca.equipment.model.name, status: ca.equipment.status },
    status: ca.status,
    problem: ca.problem,
    failedAt: ca.failedAt,
    triggerRecord: recordRef(ca.triggerRecord),
    assignee: ca.assignee,
    /** The lab-local due day, YYYY-MM-DD; `dueAt` (from `ageing`) is the instant it ends. */
    dueOn: day(ca.dueOn),
    openedAt: ca.openedAt,
    openedBy: ca.openedBy,
    closedAt: ca.closedAt,
    closedBy: ca.closedBy,
    closingNote: ca.closingNote,
    verificationRecord: recordRef(ca.verificationRecord),
    /** For a CA opened by an out-of-tolerance calibration, or closed by a passing one. */
    triggerCalibration: calibrationRef(ca.triggerCalibration),
    verificationCalibration: calibrationRef(ca.verificationCalibration),
    recheckRecord: ca.recheckRecord ? { ...recordRef(ca.recheckRecord)!, status: ca.recheckRecord.status, result: ca.recheckRecord.result } : null,
    ...ageing(ca, ca.lab.timeZone, now),
  };
}
export type CorrectiveActionView = ReturnType<typeof caView>;
