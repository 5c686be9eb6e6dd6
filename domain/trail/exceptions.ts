import type { DbOrTx } from "../db/client.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { subjectsOf } from "../audit/audit.subjects.ts";
import { formatCaNumber } from "../corrective/failure.ts";

/** One line of the review: something QA must look at, with what identifies it. */
export interface ExceptionRow {
  at: Date;
  /** Record number ("BOS-000128"), or the person an access change is about. */
  reference: string;
  assetTag: string | null;
  actor: string;
  detail: string;
  /** The audit event's seq when the exception comes from the trail itself. */
  auditSeq: string | null;
}

export interface TrailException extends ExceptionRow {
  kind: ExceptionKind;
}

export interface Window {
  labId: number;
  labCode: string;
  start: Date;
  end: Date;
}

type Finder = (db: DbOrTx, w: Window) => Promise<ExceptionRow[]>;

/**
 * Exceptions read from the audit trail by action. Another kind found in the trail (a returned
 * review, a failed attempt to sign) is one more entry in EXCEPTION_KINDS with its action names.
 */
function fromAuditActions(actions: readonly string[], describe: (e: { before: unknown; after: unknown; reason: string | null }) => string): Finder {
  return async (db, w) => {
    const events = await db.auditEvent.findMany({ where: { labId: w.labId, action: { in: [...actions] }, at: { gte: w.start, lt: w.end } }, orderBy: { seq: "asc" } });
    const subjects = await subjectsOf(db, events);
    // A refused signature names its subject "<type>:<id>": a record or a CA is shown by its number.
    const signed = (e: { entityType: string; entityId: string }, type: string) => (e.entityType === "signature" && e.entityId.startsWith(`${type}:`) ? Number(e.entityId.slice(type.length + 1)) : null);
    const recordIdOf = (e: { entityType: string; entityId: string }) => (e.entityType === "record" ? Number(e.entityId) : signed(e, "record"));
    const records = await recordRefs(db, events.map(recordIdOf).filter((id): id is number => id !== null && Number.isInteger(id)));
    const cas = await caRefs(db, events.map((e) => signed(e, "corrective_action")).filter((id): id is number => id !== null && Number.isInteger(id)));
    return events.map((e) => {
      const recordId = recordIdOf(e);
      const record = recordId === null ? undefined : records.get(recordId);
      const caId = signed(e, "corrective_action");
      const ca = caId === null ? undefined : cas.get(caId);
      return {
        at: e.at,
        reference: record?.number ?? ca?.number ?? subjects.get(`${e.entityType}:${e.entityId}`) ?? `${e.entityType} ${e.entityId}`,
        assetTag: record?.assetTag ?? ca?.assetTag ?? null,
        actor: e.actorName,
        detail: describe({ before: e.before, after: e.after, reason: e.reason }),
        auditSeq: e.seq.toString(),
      };
    });
  };
}

async function recordRefs(db: DbOrTx, ids: number[]): Promise<Map<number, { number: string; assetTag: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.pmRecord.findMany({ where: { id: { in: ids } }, select: { id: true, number: true, lab: { select: { code: true } }, equipment: { select: { assetTag: true } } } });
  return new Map(rows.map((r) => [r.id, { number: formatRecordNumber(r.lab.code, r.number), assetTag: r.equipment.assetTag }]));
}

async function caRefs(db: DbOrTx, ids: number[]): Promise<Map<number, { number: string; assetTag: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.correctiveAction.findMany({ where: { id: { in: ids } }, select: { id: true, number: true, equipment: { select: { assetTag: true } } } });
  return new Map(rows.map((r) => [r.id, { number: formatCaNumber(r.number), assetTag: r.equipment.assetTag }]));
}

const refusal = (after: unknown) => {
  const a = (after ?? {}) as { meaning?: unknown; reason?: unknown; subjectType?: unknown; subjectId?: unknown };
  return `Signing ${String(a.meaning ?? "").toLowerCase()} ${String(a.subjectType ?? "")} ${String(a.subjectId ?? "")} refused: ${String(a.reason ?? "")}`;
};
const roleOf = (values: unknown) => (values && typeof values === "object" && "role" in values ? String((values as { role: unknown }).role) : "none");
const withReason = (text: string, reason: string | null) => (reason ? `${text}. Reason: ${reason}` : text);

/** Readings outside their limits in records completed in the period (failed results). */
const outOfLimit: Finder = async (db, w) => {
  const results = await db.pmTaskResult.findMany({
    where: { passed: false, kind: "READING", record: { labId: w.labId, completedAt: { gte: w.start, lt: w.end } } },
    select: { title: true, unit: true, min: true, max: true, reading: true, record: { select: { number: true, completedAt: true, completedBy: { select: { displayName: true } }, equipment: { select: { assetTag: true } } } } },
    orderBy: [{ record: { completedAt: "asc" } }, { position: "asc" }],
  });
  return results.map((r) => ({
    at: r.record.completedAt!,
    reference: formatRecordNumber(w.labCode, r.record.number),
    assetTag: r.record.equipment.assetTag,
    actor: r.record.completedBy?.displayName ?? "",
    detail: `${r.title}: ${r.reading ?? "no reading"} ${r.unit ?? ""} (limits ${r.min ?? "–"} to ${r.max ?? "–"})`.replace(/\s+\(/, " ("),
    auditSeq: null,
  }));
};

/** Records completed in the period after their due time (the lab-local midnight after the period). */
const lateCompletion: Finder = async (db, w) => {
  const rows = await db.$queryRaw<{ number: number; completedAt: Date; dueAt: Date; assetTag: string; completedBy: string | null }[]>`
    SELECT r.number, r.completed_at AS "completedAt", r.due_at AS "dueAt", e.asset_tag AS "assetTag", u.display_name AS "completedBy"
      FROM pm_record r JOIN equipment e ON e.id = r.equipment_id LEFT JOIN app_user u ON u.id = r.completed_by_id
     WHERE r.lab_id = ${w.labId} AND r.completed_at >= ${w.start} AND r.completed_at < ${w.end} AND r.completed_at > r.due_at
     ORDER BY r.completed_at, r.number`;
  return rows.map((r) => {
    const hours = (r.completedAt.getTime() - r.dueAt.getTime()) / 3_600_000;
    const late = hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.max(1, Math.round(hours))} hours`;
    return { at: r.completedAt, reference: formatRecordNumber(w.labCode, r.number), assetTag: r.assetTag, actor: r.completedBy ?? "", detail: `Completed ${late} after it was due`, auditSeq: null };
  });
};

/** The kinds of exception, in the order the report lists them. */
export const EXCEPTION_KINDS = [
  { kind: "amendment", label: "Amendments", find: fromAuditActions(["record.amended"], (e) => withReason("Completed record amended", e.reason)) },
  { kind: "out_of_limit", label: "Out-of-limit results", find: outOfLimit },
  { kind: "late_completion", label: "Late completions", find: lateCompletion },
  // domain/review: a reviewer returned a completed record to its performer (the reason is the audit reason).
  { kind: "returned_review", label: "Returned reviews", find: fromAuditActions(["record.returned"], (e) => withReason("Review returned to the performer", e.reason)) },
  {
    kind: "access_change",
    label: "Access changes",
    find: fromAuditActions(["access.granted", "access.role_changed", "access.revoked"], (e) => withReason(`Role ${roleOf(e.before)} → ${roleOf(e.after)}`, e.reason)),
  },
  // domain/signature/fresh-auth.ts audits each refused attempt to sign (stale, someone else's sign-in…).
  // A wrong dev PIN is refused before any subject or lab is known (labId null): it is in the audit
  // trail (entity "signature", id "sign-in:<user id>") but in no lab's review (docs/compliance.md).
  { kind: "failed_signing", label: "Failed sign-ins to sign", find: fromAuditActions(["signature.refused"], (e) => refusal(e.after)) },
] as const satisfies readonly { kind: string; label: string; find: Finder }[];

export type ExceptionKind = (typeof EXCEPTION_KINDS)[number]["kind"];
