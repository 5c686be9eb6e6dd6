import type { EquipmentStatus, Frequency, RecordResult, TaskKind } from "../db/generated/enums.ts";

/** One problem, where a lab manager finds it: sheet, spreadsheet row, column. */
export interface Problem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export const modelKey = (manufacturer: string, name: string) => `${manufacturer.toLowerCase()}\u0000${name.toLowerCase()}`;

export interface ModelRow {
  row: number;
  manufacturer: string;
  name: string;
  frequencies: Frequency[];
}

export interface TaskRow {
  row: number;
  model: string;
  frequency: Frequency;
  position: number;
  title: string;
  kind: TaskKind;
  unit: string | null;
  min: number | null;
  max: number | null;
  required: boolean;
}

export interface EquipmentRow {
  row: number;
  assetTag: string;
  serialNumber: string | null;
  model: string;
  labId: number;
  location: string | null;
  status: EquipmentStatus;
  commissionedOn: string | null;
  notes: string | null;
}

export interface HistoryRow {
  row: number;
  assetTag: string;
  frequency: Frequency;
  periodDate: string;
  completedById: number;
  completedAt: Date;
  result: RecordResult;
  readings: Map<string, number>;
}

/** A checked file: what would be written, and every problem found. Written only when problems is empty. */
export interface ImportPlan {
  models: ModelRow[];
  tasks: TaskRow[];
  equipment: EquipmentRow[];
  history: HistoryRow[];
  problems: Problem[];
}
