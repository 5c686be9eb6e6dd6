import type { EquipmentView } from "../../../domain/equipment/equipment.service.ts";
import type { EffectiveRole } from "../../../domain/user/user.target.ts";
import type { AuditEventView } from "../../../domain/audit/audit.query.ts";
import type { CheckOutcome, EquipmentStatus, Frequency, TaskKind } from "../../../domain/db/generated/enums.ts";
import type { Role } from "../../../domain/policy/policy.ts";
import type { EvaluatedResult, TaskSnapshot } from "../../../domain/record/checklist.ts";
import type { RecordDetail as DomainRecordDetail } from "../../../domain/record/record.service.ts";
import type { RecordSummary as DomainRecordSummary } from "../../../domain/record/record.view.ts";
import type { Wire } from "./wire.ts";

export type { CheckOutcome, EquipmentStatus, Frequency, Role, TaskKind };
export const FREQUENCIES: readonly Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"];
export const EQUIPMENT_STATUSES: readonly EquipmentStatus[] = ["ACTIVE", "IN_REPAIR", "OUT_OF_SERVICE", "OBSOLETE"];

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

export type RecordSummary = Wire<DomainRecordSummary>;

export interface RecordPage extends Page<RecordSummary> {
  counts?: Record<string, Record<string, number>> | Record<string, number>;
}

/** A checklist task, with its answer once the record is completed. */
export type ChecklistItem = Wire<TaskSnapshot> & Partial<Wire<Omit<EvaluatedResult, keyof TaskSnapshot>>>;

export type RecordDetail = Wire<DomainRecordDetail>;
export type Amendment = RecordDetail["amendments"][number];

export interface TaskResultInput {
  taskId: number;
  outcome?: CheckOutcome;
  reading?: number;
  text?: string;
  note?: string;
}

export type Equipment = Wire<EquipmentView>;

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
  /** Effective roles per lab, each with its sources (Entra group, in-app grant). */
  roles: Wire<EffectiveRole>[];
}

export interface DirectoryUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
}

export type AuditEvent = Wire<AuditEventView>;

export interface DevUser {
  upn: string;
  displayName: string;
  roles?: string[];
  description?: string;
  status?: string;
}
