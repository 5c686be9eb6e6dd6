/**
 * The scheduled producers of the activity feed, run every few minutes: a record that became
 * overdue (its owner, by My work's rule), an instrument whose calibration became due soon (its
 * responsible person, or the deputy standing in), and a record still overdue past its lab's
 * escalation time (the lab's managers). Event keys make each of these one notification per
 * person however often the sweep runs. Only what crossed its line within LOOKBACK is queued, so
 * turning the feed on does not flood people with a lab's whole history.
 */
import { Prisma } from "../db/client.ts";
import type { Db } from "../db/client.ts";
import { recordOwnerSql } from "../assignment/my-work.ts";
import { calibrationStatusSql } from "../calibration/status.ts";
import { statusSql } from "../record/status.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { enqueueActivity } from "./activity.outbox.ts";
import { labUsersWithRole } from "./recipients.ts";

export const LOOKBACK_MS = 48 * 3_600_000;

export interface SweepResult {
  overdue: number;
  calibrationDue: number;
  escalated: number;
}

interface OverdueRow {
  id: number;
  labId: number;
  labCode: string;
  number: number;
  assetTag: string;
  dueAt: Date;
  ownerId: number | null;
  escalationHours: number | null;
}

interface CalibrationRow {
  equipmentId: number;
  labId: number;
  labCode: string;
  assetTag: string;
  nextDueOn: Date;
  responsibleId: number | null;
  responsibleActive: boolean | null;
  deputyId: number | null;
}

export async function sweepActivities(db: Db, now: Date): Promise<SweepResult> {
  const result: SweepResult = { overdue: 0, calibrationDue: 0, escalated: 0 };
  const since = new Date(now.getTime() - LOOKBACK_MS);
  const status = statusSql("r", Prisma.sql`l.time_zone`);

  const overdue = await db.$queryRaw<OverdueRow[]>`
    SELECT r.id, r.lab_id AS "labId", l.code AS "labCode", r.number, e.asset_tag AS "assetTag", r.due_at AS "dueAt",
           ${recordOwnerSql} AS "ownerId", l.escalation_hours AS "escalationHours"
      FROM pm_record r JOIN equipment e ON e.id = r.equipment_id JOIN lab l ON l.id = r.lab_id
      LEFT JOIN app_user resp ON resp.id = e.responsible_id
     WHERE ${status.overdue(now)} AND l.active
       AND (r.due_at >= ${since} OR (l.escalation_hours IS NOT NULL AND r.due_at + make_interval(hours => l.escalation_hours) >= ${since}))
     ORDER BY r.due_at, r.id`;
  const managersOf = new Map<number, number[]>();
  for (const row of overdue) {
    const item = `${formatRecordNumber(row.labCode, row.number)} (${row.assetTag})`;
    const base = { labId: row.labId, topic: item, subEntityId: `record:${row.id}` };
    if (row.dueAt >= since) {
      result.overdue += await enqueueActivity(db, { ...base, key: `record.overdue:${row.id}`, type: "recordOverdue", recipientIds: [row.ownerId], previewText: `The check ${item} is past its due time.`, parameters: { item } }, now);
    }
    if (row.escalationHours === null) continue;
    const escalatesAt = row.dueAt.getTime() + row.escalationHours * 3_600_000;
    if (escalatesAt >= now.getTime() || escalatesAt < since.getTime()) continue;
    let managers = managersOf.get(row.labId);
    if (!managers) managersOf.set(row.labId, (managers = await labUsersWithRole(db, row.labId, "MANAGER")));
    const hours = String(row.escalationHours);
    result.escalated += await enqueueActivity(
      db,
      { ...base, key: `record.escalated:${row.id}`, type: "overdueEscalated", recipientIds: managers, previewText: `The check ${item} is still open ${hours} hours after it was due.`, parameters: { item, hours } },
      now,
    );
  }

  const cal = calibrationStatusSql("c", Prisma.sql`l.time_zone`);
  const due = await db.$queryRaw<CalibrationRow[]>`
    SELECT c.equipment_id AS "equipmentId", e.lab_id AS "labId", l.code AS "labCode", e.asset_tag AS "assetTag", c.next_due_on AS "nextDueOn",
           e.responsible_id AS "responsibleId", (resp.status = 'ACTIVE') AS "responsibleActive", e.deputy_id AS "deputyId"
      FROM calibration_plan c JOIN equipment e ON e.id = c.equipment_id JOIN lab l ON l.id = e.lab_id
      LEFT JOIN app_user resp ON resp.id = e.responsible_id
     WHERE ${cal.dueSoon(now)} AND l.active AND e.status = 'ACTIVE'
     ORDER BY c.next_due_on, c.equipment_id`;
  for (const row of due) {
    const dueOn = row.nextDueOn.toISOString().slice(0, 10);
    const recipient = row.responsibleId !== null && row.responsibleActive ? row.responsibleId : row.deputyId;
    result.calibrationDue += await enqueueActivity(
      db,
      {
        key: `calibration.due:${row.equipmentId}:${dueOn}`,
        type: "calibrationDue",
        recipientIds: [recipient],
        labId: row.labId,
        topic: `${row.labCode} ${row.assetTag}`,
        subEntityId: `equipment:${row.equipmentId}`,
        previewText: `${row.assetTag} is due for calibration on ${dueOn}.`,
        parameters: { instrument: row.assetTag, dueOn },
      },
      now,
    );
  }
  return result;
}
