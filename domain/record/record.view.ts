import type { Frequency, RecordResult, RecordStatus } from "../db/generated/enums.ts";
import { isOverdue } from "./status.ts";

/** `<LABCODE>-<number padded to 6>`, e.g. BOS-000123. */
export function formatRecordNumber(labCode: string, number: number): string {
  return `${labCode}-${String(number).padStart(6, "0")}`;
}

/** The record JSON of the API contract (docs/architecture.md). */
export interface RecordSummary {
  id: number;
  number: string;
  labId: number;
  labCode: string;
  /** The lab's IANA time zone: periods and due dates are in lab-local time. */
  labTimeZone: string;
  equipment: { id: number; assetTag: string; modelName: string; location: string | null };
  frequency: Frequency;
  periodStart: Date;
  periodEnd: Date;
  dueAt: Date;
  status: RecordStatus;
  overdue: boolean;
  completedAt: Date | null;
  completedBy: { id: number; displayName: string } | null;
  result: RecordResult | null;
  comment: string | null;
}

export interface RecordRow {
  id: number;
  labId: number;
  labCode: string;
  labTimeZone: string;
  number: number;
  equipmentId: number;
  assetTag: string;
  modelName: string;
  location: string | null;
  frequency: Frequency;
  periodStart: Date;
  periodEnd: Date;
  dueAt: Date;
  status: RecordStatus;
  completedAt: Date | null;
  completedById: number | null;
  completedByName: string | null;
  result: RecordResult | null;
  comment: string | null;
}

/** A record read with its lab, equipment (and model) and performer, as the services load it. */
export type LoadedRecordRow = Omit<RecordRow, "labCode" | "labTimeZone" | "equipmentId" | "assetTag" | "modelName" | "location" | "completedByName"> & {
  lab: { code: string; timeZone: string };
  equipment: { id: number; assetTag: string; location: string | null; model: { name: string } };
  completedBy: { displayName: string } | null;
};

export function summaryOfLoaded(record: LoadedRecordRow, now: Date): RecordSummary {
  return toRecordSummary(
    {
      ...record,
      labCode: record.lab.code,
      labTimeZone: record.lab.timeZone,
      equipmentId: record.equipment.id,
      assetTag: record.equipment.assetTag,
      modelName: record.equipment.model.name,
      location: record.equipment.location,
      completedByName: record.completedBy?.displayName ?? null,
    },
    now,
  );
}

export function toRecordSummary(row: RecordRow, now: Date): RecordSummary {
  return {
    id: row.id,
    number: formatRecordNumber(row.labCode, row.number),
    labId: row.labId,
    labCode: row.labCode,
    labTimeZone: row.labTimeZone,
    equipment: { id: row.equipmentId, assetTag: row.assetTag, modelName: row.modelName, location: row.location },
    frequency: row.frequency,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    dueAt: row.dueAt,
    status: row.status,
    overdue: isOverdue(row, now),
    completedAt: row.completedAt,
    completedBy: row.completedById === null ? null : { id: row.completedById, displayName: row.completedByName ?? "" },
    result: row.result,
    comment: row.comment,
  };
}
