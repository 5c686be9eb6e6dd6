import type { DbOrTx } from "../db/client.ts";
import { isoDateOf } from "./interval.ts";

/**
 * R-SIGN: what a PERFORMED signature on a calibration is bound to. Everything the certificate
 * entry asserts: which instrument, the date, provider and certificate, the judged result, every
 * point as found / as left with its tolerance, the reference standards with their certificates,
 * the comment, and who recorded it. Read the same way at signing and at verification.
 */
export async function calibrationSignedContent(db: DbOrTx, calibrationId: number): Promise<CalibrationSignedContent> {
  const content = (await calibrationsSignedContent(db, [calibrationId])).get(calibrationId);
  if (!content) throw new Error(`calibration ${calibrationId} not found`);
  return content;
}

export type CalibrationSignedContent = { type: "calibration" } & Record<string, unknown>;

/** The signed content of several calibrations at once (the register's history): one query. */
export async function calibrationsSignedContent(db: DbOrTx, ids: readonly number[]): Promise<Map<number, CalibrationSignedContent>> {
  if (ids.length === 0) return new Map();
  const rows = await db.calibrationEvent.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true, equipmentId: true, labId: true, calibratedOn: true, provider: true, providerName: true, certificateNumber: true, firmwareVersion: true,
      adjusted: true, asFoundPass: true, result: true, nextDueOn: true, comment: true, recordedById: true, recordedAt: true,
      points: { orderBy: { position: "asc" }, select: { position: true, name: true, unit: true, nominal: true, tolerance: true, asFound: true, asLeft: true, asFoundPass: true, asLeftPass: true } },
      standards: { orderBy: { standardId: "asc" }, select: { standardId: true, certificateNumber: true, dueOn: true } },
    },
  });
  return new Map(
    rows.map((r) => [
      r.id,
      {
        type: "calibration",
        ...r,
        calibratedOn: isoDateOf(r.calibratedOn),
        nextDueOn: isoDateOf(r.nextDueOn),
        standards: r.standards.map((s) => ({ ...s, dueOn: s.dueOn ? isoDateOf(s.dueOn) : null })),
      },
    ]),
  );
}
