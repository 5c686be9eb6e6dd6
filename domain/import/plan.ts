import type { EquipmentStatus, Frequency, RecordResult } from "../db/generated/enums.ts";
import type { TaskSnapshot } from "../record/checklist.ts";

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

/** A Tasks sheet row: a checklist task as the checklist rules know it (`TaskSnapshot`), by model and frequency. */
export interface TaskRow extends Omit<TaskSnapshot, "taskId"> {
  row: number;
  model: string;
  frequency: Frequency;
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
