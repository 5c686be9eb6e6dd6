import type { DbOrTx } from "../db/client.ts";
import type { Action, Entity } from "../policy/policy.ts";
import { formatRecordNumber } from "../record/record.view.ts";

/** The lab an attachment's parent belongs to now (a transferred instrument's files follow it). */
export interface ParentLab {
  labId: number;
  labCode: string;
  timeZone: string;
  /** The parent as people name it: an asset tag, a record number, "BOS-000123 · Door seal". */
  label: string;
  /** For an answer: the record it belongs to (its route names both). */
  recordId?: number;
}

/**
 * How one kind of parent is found and guarded: seeing its files needs `view` on `entity` at the
 * parent's lab, attaching needs `attach`. One resolver per kind; adding a kind (a calibration
 * event, a corrective action) is adding an entry here.
 */
export interface ParentResolver {
  entity: Entity;
  attach: Action;
  /** "Equipment", "Record", … for not-found messages. */
  what: string;
  find(db: DbOrTx, id: number): Promise<ParentLab | null>;
}

const lab = { select: { code: true, timeZone: true } } as const;

/** Kinds of parent: adding one is a resolver here and its routes (no migration). */
export const PARENT_KINDS = ["equipment", "record", "answer", "calibration"] as const;
export type ParentKind = (typeof PARENT_KINDS)[number];

export const PARENT_RESOLVERS: Record<ParentKind, ParentResolver> = {
  // Certificates and manuals of an instrument: those who may edit it attach.
  equipment: {
    entity: "equipment",
    attach: "edit",
    what: "Equipment",
    async find(db, id) {
      const e = await db.equipment.findUnique({ where: { id }, select: { labId: true, assetTag: true, lab } });
      return e && { labId: e.labId, labCode: e.lab.code, timeZone: e.lab.timeZone, label: e.assetTag };
    },
  },
  // Evidence of a PM record: those who may complete it attach (technicians included).
  record: {
    entity: "record",
    attach: "complete",
    what: "Record",
    async find(db, id) {
      const r = await db.pmRecord.findUnique({ where: { id }, select: { labId: true, number: true, lab } });
      return r && { labId: r.labId, labCode: r.lab.code, timeZone: r.lab.timeZone, label: formatRecordNumber(r.lab.code, r.number) };
    },
  },
  // One answer of a completed checklist (a photo of a failed reading).
  answer: {
    entity: "record",
    attach: "complete",
    what: "Answer",
    async find(db, id) {
      const a = await db.pmTaskResult.findUnique({ where: { id }, select: { title: true, recordId: true, record: { select: { labId: true, number: true, lab } } } });
      return (
        a && { labId: a.record.labId, labCode: a.record.lab.code, timeZone: a.record.lab.timeZone, label: `${formatRecordNumber(a.record.lab.code, a.record.number)} · ${a.title}`, recordId: a.recordId }
      );
    },
  },
  // A calibration's certificate: those who may record calibrations attach (R-CAL); the event's lab decides.
  calibration: {
    entity: "calibration",
    attach: "complete",
    what: "Calibration",
    async find(db, id) {
      const c = await db.calibrationEvent.findUnique({ where: { id }, select: { labId: true, calibratedOn: true, certificateNumber: true, lab, equipment: { select: { assetTag: true } } } });
      const certificate = c?.certificateNumber ? ` · ${c.certificateNumber}` : "";
      return c && { labId: c.labId, labCode: c.lab.code, timeZone: c.lab.timeZone, label: `${c.equipment.assetTag} calibration ${c.calibratedOn.toISOString().slice(0, 10)}${certificate}` };
    },
  },
};

/** A parent as a route names it; an answer also names its record (a mismatch is not found). */
export interface ParentRef {
  kind: ParentKind;
  id: unknown;
  recordId?: unknown;
}
