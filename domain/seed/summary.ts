import type { Db } from "../db/client.ts";

export interface SeedSummary {
  labs: number;
  models: number;
  tasks: number;
  equipment: Record<string, number>;
  users: number;
  records: number;
  completed: number;
  completedLate: number;
  open: number;
  overdue: number;
  failed: number;
  amendments: number;
  /** R-REVIEW: completed records reviewed by a second person, awaiting review, returned to their performer. */
  reviewed: number;
  awaitingReview: number;
  returned: number;
  /** R-SIGN: electronic signatures (performed, reviewed). */
  signatures: number;
  transfers: number;
  statusChanges: number;
  auditEvents: number;
  /** First and last (UTC) day of the simulated history. */
  from: string;
  through: string;
  ms: number;
}

/** Counts of what the demo data holds, for the start-up log and `npm run db:seed`. One query. */
export async function seedSummary(db: Db, now: Date, ms: number): Promise<SeedSummary> {
  const [row] = await db.$queryRaw<Omit<SeedSummary, "equipment" | "ms">[]>`
    SELECT (SELECT count(*)::int FROM lab) AS labs,
           (SELECT count(*)::int FROM equipment_model) AS models,
           (SELECT count(*)::int FROM checklist_task) AS tasks,
           (SELECT count(*)::int FROM app_user) AS users,
           (SELECT count(*)::int FROM pm_record) AS records,
           (SELECT count(*)::int FROM pm_record WHERE status = 'COMPLETED') AS completed,
           (SELECT count(*)::int FROM pm_record WHERE status = 'COMPLETED' AND completed_at > due_at) AS "completedLate",
           (SELECT count(*)::int FROM pm_record WHERE status = 'OPEN' AND due_at >= ${now}) AS open,
           (SELECT count(*)::int FROM pm_record WHERE status = 'OPEN' AND due_at < ${now}) AS overdue,
           (SELECT count(*)::int FROM pm_record WHERE result = 'FAIL') AS failed,
           (SELECT count(*)::int FROM pm_amendment) AS amendments,
           (SELECT count(*)::int FROM pm_record WHERE review_state = 'REVIEWED') AS reviewed,
           (SELECT count(*)::int FROM pm_record WHERE review_state = 'AWAITING') AS "awaitingReview",
           (SELECT count(*)::int FROM pm_record WHERE review_state = 'RETURNED') AS returned,
           (SELECT count(*)::int FROM signature) AS signatures,
           (SELECT count(*)::int FROM equipment_event WHERE kind = 'TRANSFERRED') AS transfers,
           (SELECT count(*)::int FROM equipment_event WHERE kind = 'STATUS_CHANGED') AS "statusChanges",
           (SELECT count(*)::int FROM audit_event) AS "auditEvents",
           (SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM pm_record) AS "from",
           to_char(${now}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS through`;
  const byStatus = await db.equipment.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } });
  return { ...row!, equipment: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])), ms };
}
