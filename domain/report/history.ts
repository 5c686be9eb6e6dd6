import { isOverdue } from "../record/status.ts";
import type { ServiceContext } from "../context.ts";
import type { CheckOutcome, EquipmentEventKind, EquipmentStatus, Frequency, RecordResult, RecordStatus, TaskKind } from "../db/generated/enums.ts";
import { notFound } from "../errors.ts";
import { Prisma } from "../db/client.ts";
import { equipmentIdSchema } from "./report.schemas.ts";
import { checkEquipmentLab, labCondition, reportScope, type ReportAction } from "./scope.ts";
import { parseInput } from "../input.ts";
import { recordsSignedContent } from "../record/record.content.ts";
import { signaturesOf, signatureView } from "../signature/signature.service.ts";

export interface HistoryEquipment {
  id: number;
  assetTag: string;
  serialNumber: string | null;
  manufacturer: string;
  modelName: string;
  labId: number;
  labCode: string;
  labName: string;
  timeZone: string;
  location: string | null;
  status: EquipmentStatus;
  commissionedOn: string | null;
}

export interface HistoryEvent {
  at: string;
  kind: EquipmentEventKind;
  fromStatus: EquipmentStatus | null;
  toStatus: EquipmentStatus | null;
  fromLabCode: string | null;
  toLabCode: string | null;
  reason: string | null;
  actorName: string | null;
}

export interface HistoryResult {
  position: number;
  title: string;
  kind: TaskKind;
  unit: string | null;
  min: number | null;
  max: number | null;
  outcome: CheckOutcome | null;
  reading: number | null;
  text: string | null;
  passed: boolean;
  note: string | null;
}

export interface HistoryRecord {
  id: number;
  number: string;
  labCode: string;
  timeZone: string;
  frequency: Frequency;
  periodStart: string;
  periodEnd: string;
  dueAt: string;
  status: RecordStatus;
  overdue: boolean;
  completedAt: string | null;
  completedBy: string | null;
  result: RecordResult | null;
  comment: string | null;
  /** Why the period was closed without work (status NOT_REQUIRED). */
  notRequiredReason: string | null;
  amendments: number;
  results: HistoryResult[];
  /** R-SIGN: each signature's manifestation, checked against the record as it is now. */
  signatures: HistorySignature[];
}

export interface HistorySignature {
  meaning: string;
  signerName: string;
  signedAt: string;
  /** "Performed by Tom Edison, Mar 10, 2026, 11:00 AM (BOS time)" (+ "(signature no longer matches the record)"). */
  text: string;
  valid: boolean;
  contentHash: string;
}

export interface EquipmentHistory {
  generatedAt: string;
  equipment: HistoryEquipment;
  events: HistoryEvent[];
  /** Newest first; records of labs the user cannot see (before a transfer) are left out. */
  records: HistoryRecord[];
}

type RawEvent = Omit<HistoryEvent, "at"> & { at: Date };
type RawRecord = Omit<HistoryRecord, "signatures" | "overdue" | "periodStart" | "periodEnd" | "dueAt" | "completedAt"> & {
  periodStart: Date;
  periodEnd: Date;
  dueAt: Date;
  completedAt: Date | null;
};

/** One piece of equipment: its status and transfer history and its records with their results. Three queries. */
export async function equipmentHistory(ctx: ServiceContext, equipmentId: unknown, action: ReportAction = "view"): Promise<EquipmentHistory> {
  const scope = reportScope(ctx, action);
  const id = parseInput(equipmentIdSchema, equipmentId);
  const now = ctx.clock.now();
  const [equipment] = await ctx.db.$queryRaw<HistoryEquipment[]>`
    SELECT e.id, e.asset_tag AS "assetTag", e.serial_number AS "serialNumber", m.manufacturer, m.name AS "modelName",
           l.id AS "labId", l.code AS "labCode", l.name AS "labName", l.time_zone AS "timeZone",
           e.location, e.status::text AS status, to_char(e.commissioned_on, 'YYYY-MM-DD') AS "commissionedOn"
      FROM equipment e JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = e.lab_id
     WHERE e.id = ${id}`;
  if (!equipment) throw notFound("Equipment");
  checkEquipmentLab(ctx, action, equipment.labId);
  const events = await ctx.db.$queryRaw<RawEvent[]>`
    SELECT ev.at, ev.kind::text AS kind, ev.from_status::text AS "fromStatus", ev.to_status::text AS "toStatus",
           fl.code AS "fromLabCode", tl.code AS "toLabCode", ev.reason, u.display_name AS "actorName"
      FROM equipment_event ev
      LEFT JOIN lab fl ON fl.id = ev.from_lab_id
      LEFT JOIN lab tl ON tl.id = ev.to_lab_id
      LEFT JOIN app_user u ON u.id = ev.actor_id
     WHERE ev.equipment_id = ${id} AND ev.kind IN ('CREATED', 'STATUS_CHANGED', 'TRANSFERRED')
     ORDER BY ev.at, ev.id`;
  const records = await ctx.db.$queryRaw<RawRecord[]>`
    SELECT r.id, l.code || '-' || lpad(r.number::text, 6, '0') AS number, l.code AS "labCode", l.time_zone AS "timeZone",
           r.frequency::text AS frequency, r.period_start AS "periodStart", r.period_end AS "periodEnd", r.due_at AS "dueAt",
           r.status::text AS status, r.completed_at AS "completedAt", u.display_name AS "completedBy",
           r.result::text AS result, r.comment, r.not_required_reason AS "notRequiredReason",
           (SELECT count(*)::int FROM pm_amendment a WHERE a.record_id = r.id) AS amendments,
           COALESCE((SELECT json_agg(json_build_object(
                       'position', t.position, 'title', t.title, 'kind', t.kind, 'unit', t.unit, 'min', t.min, 'max', t.max,
                       'outcome', t.outcome, 'reading', t.reading, 'text', t.text, 'passed', t.passed, 'note', t.note)
                       ORDER BY t.position)
                       FROM pm_task_result t WHERE t.record_id = r.id), '[]'::json) AS results
      FROM pm_record r
      JOIN lab l ON l.id = r.lab_id
      LEFT JOIN app_user u ON u.id = r.completed_by_id
     WHERE r.equipment_id = ${id} AND ${labCondition(Prisma.sql`r.lab_id`, scope, undefined)}
     ORDER BY r.due_at DESC, r.id DESC`;
  const ids = records.map((r) => r.id);
  const [signatures, contents] = await Promise.all([signaturesOf(ctx.db, "record", ids), recordsSignedContent(ctx.db, ids)]);
  const signaturesOfRecord = (r: RawRecord): HistorySignature[] =>
    (signatures.get(String(r.id)) ?? []).map((row) => {
      const view = signatureView(row, contents.get(r.id), { code: r.labCode, timeZone: r.timeZone });
      return { meaning: view.meaning, signerName: view.signerName, signedAt: view.signedAt.toISOString(), text: view.text, valid: view.valid, contentHash: view.contentHash };
    });
  return {
    generatedAt: now.toISOString(),
    equipment,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    records: records.map((r) => ({
      ...r,
      periodStart: r.periodStart.toISOString(),
      periodEnd: r.periodEnd.toISOString(),
      dueAt: r.dueAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
      overdue: isOverdue(r, now),
      signatures: signaturesOfRecord(r),
    })),
  };
}
