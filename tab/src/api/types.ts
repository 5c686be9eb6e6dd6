/**
 * The API's response types as the tab receives them: each is a domain service's own result type
 * through Wire<T> (type-only imports, so nothing of the server enters the bundle). Nothing here
 * restates a shape; a change in a service shows up in the tab as a type error.
 */
import type { AuditEventView } from "../../../domain/audit/audit.query.ts";
import type { CheckOutcome, EquipmentStatus, Frequency, TaskKind } from "../../../domain/db/generated/enums.ts";
import type { CalibrationRegister as DomainCalibrationRegister, recordCalibration } from "../../../domain/calibration/calibration.service.ts";
import type { CalibrationRow as DomainCalibrationRow } from "../../../domain/calibration/calibration.list.ts";
import type { EquipmentDetail as DomainEquipmentDetail, EquipmentEventView, EquipmentView } from "../../../domain/equipment/equipment.service.ts";
import type { AttachmentView } from "../../../domain/file/file.view.ts";
import type { ImportReport as DomainImportReport } from "../../../domain/import/import.service.ts";
import type { LabView } from "../../../domain/lab/lab.service.ts";
import type { NotificationSettings as DomainNotificationSettings } from "../../../domain/activity/settings.service.ts";
import type { ReviewQueueItem as DomainReviewQueueItem } from "../../../domain/review/review.service.ts";
import type { ModelDetail as DomainModelDetail, ModelSummary, TaskView } from "../../../domain/model/model.service.ts";
import type { InstrumentWork as DomainInstrumentWork, LookupResult as DomainLookupResult } from "../../../domain/lookup/lookup.service.ts";
import type { Page as DomainPage } from "../../../domain/page.ts";
import type { Role } from "../../../domain/policy/policy.ts";
import type { EvaluatedResult, TaskSnapshot } from "../../../domain/record/checklist.ts";
import type { RecordList } from "../../../domain/record/record.list.ts";
import type { WorkItem as DomainWorkItem } from "../../../domain/assignment/my-work.ts";
import type { Assignee as DomainAssignee } from "../../../domain/assignment/assignment.service.ts";
import type { TaskResultInput } from "../../../domain/record/record.schemas.ts";
import type { RecordDetail as DomainRecordDetail } from "../../../domain/record/record.service.ts";
import type { RecordSummary as DomainRecordSummary } from "../../../domain/record/record.view.ts";
import type { DemoUserView } from "../../../domain/seed/identities.ts";
import type { DirectoryUser } from "../../../domain/user/directory.ts";
import type { MeView } from "../../../domain/user/me.ts";
import type { UserView } from "../../../domain/user/user.service.ts";
import type { CorrectiveActionDetail as DomainCaDetail, CorrectiveActionView } from "../../../domain/corrective/corrective.service.ts";
import type { Wire } from "./wire.ts";

export type { CheckOutcome, DirectoryUser, EquipmentStatus, Frequency, Role, TaskKind, TaskResultInput };
export const FREQUENCIES: readonly Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"];
export const EQUIPMENT_STATUSES: readonly EquipmentStatus[] = ["ACTIVE", "IN_REPAIR", "OUT_OF_SERVICE", "OBSOLETE"];

/** The one list envelope of every list the API answers. */
export type Page<T> = DomainPage<T>;

export type Lab = Wire<LabView>;
export type NotificationSettings = Wire<DomainNotificationSettings>;
export type Me = Wire<MeView>;
export type MeLab = Me["labs"][number];

export type RecordSummary = Wire<DomainRecordSummary>;
/** GET /api/lookup and GET /api/lookup/equipment/:id (the Scan screen). */
export type LookupResult = Wire<DomainLookupResult>;
export type InstrumentWork = Wire<DomainInstrumentWork>;
export type RecordPage = Wire<RecordList>;
export type WorkItem = Wire<DomainWorkItem>;
/** Someone a lab's work may be given to (GET /api/labs/:id/assignees). */
export type Assignee = Wire<DomainAssignee>;
/** A checklist task, with its answer once the record is completed. */
export type ChecklistItem = Wire<TaskSnapshot> & Partial<Wire<Omit<EvaluatedResult, keyof TaskSnapshot>>>;
export type RecordDetail = Wire<DomainRecordDetail>;
export type ReviewQueueItem = Wire<DomainReviewQueueItem>;
export type Amendment = RecordDetail["amendments"][number];

export type Equipment = Wire<EquipmentView>;
export type EquipmentDetail = Wire<DomainEquipmentDetail>;
export type EquipmentEvent = Wire<EquipmentEventView>;

export type CalibrationRegister = Wire<DomainCalibrationRegister>;
export type CalibrationEvent = CalibrationRegister["history"][number];
export type RecordCalibrationAnswer = Wire<Awaited<ReturnType<typeof recordCalibration>>>;
/** A row of the calibration register (`GET /api/calibrations`). */
export type CalibrationRow = Wire<DomainCalibrationRow>;

export type Task = Wire<TaskView>;
export type Model = Wire<ModelSummary>;
export type ModelDetail = Wire<DomainModelDetail>;

export type User = Wire<UserView>;
export type LabAccess = User["access"][number];

export type AuditEvent = Wire<AuditEventView>;
export type DevUser = Wire<DemoUserView>;

/** The answer of `POST /api/import` (dry run or import); a refused import is a 422 whose details carry the same problems. */
export type ImportReport = Wire<DomainImportReport>;
export type ImportProblem = ImportReport["problems"][number];

export type CorrectiveAction = Wire<CorrectiveActionView>;
export type CorrectiveActionDetail = Wire<DomainCaDetail>;
export type ImpactItem = CorrectiveActionDetail["impact"][number];
/** A file attached to equipment, a record or an answer (R-FILE). */
export type Attachment = Wire<AttachmentView>;
