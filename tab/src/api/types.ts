import type { Role } from "../../../domain/policy/policy.ts";

export type { Role };
export type Frequency = "DAILY" | "WEEKLY" | "MONTHLY" | "QUARTERLY" | "ANNUAL";
export const FREQUENCIES: readonly Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"];
export type TaskKind = "CHECK" | "READING" | "TEXT";
export type EquipmentStatus = "ACTIVE" | "IN_REPAIR" | "OUT_OF_SERVICE" | "OBSOLETE";
export const EQUIPMENT_STATUSES: readonly EquipmentStatus[] = ["ACTIVE", "IN_REPAIR", "OUT_OF_SERVICE", "OBSOLETE"];
export type CheckOutcome = "DONE" | "NOT_DONE" | "NOT_APPLICABLE";

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Lab {
  id: number;
  code: string;
  name: string;
  timeZone: string;
}

export interface MeLab extends Lab {
  roles: Role[];
}

export interface Me {
  user: { id: number; aadObjectId: string; upn: string; displayName: string; status: "ACTIVE" | "DISABLED"; primaryLabId: number | null };
  labs: MeLab[];
  /** Global roles (Administrator, Global Audit), when the server lists them apart. */
  globalRoles?: Role[];
  currentLabId: number | null;
}

export interface UserRef {
  id: number;
  displayName: string;
}

export interface RecordSummary {
  id: number;
  number: string;
  labId: number;
  labCode: string;
  /** The lab's IANA time zone: due dates read in lab-local time. */
  labTimeZone: string;
  equipment: { id: number; assetTag: string; modelName: string; location: string | null };
  frequency: Frequency;
  periodStart: string;
  periodEnd: string;
  dueAt: string;
  status: "OPEN" | "COMPLETED";
  overdue: boolean;
  completedAt: string | null;
  completedBy: UserRef | null;
  result: "PASS" | "FAIL" | null;
  comment: string | null;
}

export interface RecordPage extends Page<RecordSummary> {
  counts?: Record<string, Record<string, number>> | Record<string, number>;
}

export interface ChecklistItem {
  taskId: number | null;
  position: number;
  title: string;
  kind: TaskKind;
  unit: string | null;
  min: number | null;
  max: number | null;
  required: boolean;
  /** Present once completed. */
  outcome?: CheckOutcome | null;
  reading?: number | null;
  text?: string | null;
  passed?: boolean | null;
  note?: string | null;
}

export interface Amendment {
  id: number;
  reason: string;
  at: string;
  actor: UserRef | null;
  changes: unknown;
}

export interface RecordDetail extends RecordSummary {
  /** The tasks to answer: the active tasks while open, the snapshot once completed. */
  checklist: ChecklistItem[];
  /** The answers, once completed. */
  results?: ChecklistItem[];
  amendments: Amendment[];
}

export interface TaskResultInput {
  taskId: number;
  outcome?: CheckOutcome;
  reading?: number;
  text?: string;
  note?: string;
}

export interface Equipment {
  id: number;
  assetTag: string;
  serialNumber: string | null;
  modelId: number;
  modelName?: string;
  model?: { id: number; name: string; manufacturer: string };
  labId: number;
  labCode?: string;
  lab?: { id: number; code: string; name: string };
  location: string | null;
  status: EquipmentStatus;
  commissionedOn: string | null;
  notes: string | null;
}

export interface EquipmentEvent {
  id: number;
  kind: "CREATED" | "STATUS_CHANGED" | "TRANSFERRED" | "EDITED";
  fromStatus: EquipmentStatus | null;
  toStatus: EquipmentStatus | null;
  fromLabId: number | null;
  toLabId: number | null;
  reason: string | null;
  at: string;
  actor?: UserRef | null;
  actorName?: string | null;
}

export interface EquipmentDetail extends Equipment {
  history?: EquipmentEvent[];
  events?: EquipmentEvent[];
}

export interface Task {
  id: number;
  frequency: Frequency;
  position: number;
  title: string;
  kind: TaskKind;
  unit: string | null;
  min: number | null;
  max: number | null;
  required: boolean;
  active: boolean;
}

export interface Model {
  id: number;
  manufacturer: string;
  name: string;
  description: string | null;
  active: boolean;
  frequencies: Frequency[];
}

export interface ModelDetail extends Model {
  tasks: Task[] | Partial<Record<Frequency, Task[]>>;
}

export interface LabAccess {
  /** null for a global role (Administrator, Global Audit). */
  labId: number | null;
  labCode?: string;
  role: Role;
  source?: "group" | "app" | string;
}

export interface User {
  id: number;
  aadObjectId: string;
  upn: string;
  displayName: string;
  email: string | null;
  status: "ACTIVE" | "DISABLED";
  /** The contract names primaryLabId; the server sends primaryLab. */
  primaryLabId?: number | null;
  primaryLab?: { id: number; code: string; name: string } | null;
  access?: LabAccess[];
  grants?: LabAccess[];
}

export interface DirectoryUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
}

export interface AuditEvent {
  seq: string | number;
  at: string;
  /** The server sends `actor`; older drafts of the contract had actorId / actorName. */
  actor?: { id: number | null; name: string };
  actorId?: number | null;
  actorName?: string;
  source: string;
  action: string;
  entityType: string;
  entityId: string;
  labId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface DevUser {
  upn: string;
  displayName: string;
  roles?: string[];
  description?: string;
  status?: string;
}
