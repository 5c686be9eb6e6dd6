/**
 * "My work" (issue 14 §3): the open records that are the signed-in user's to do, in due order
 * (earliest due first), with the one status definition (../record/status.ts).
 *
 * Whose a record is:
 * - its assignee's, when it is assigned (an assignment overrides the instrument's people);
 * - otherwise the instrument's responsible person's;
 * - and the deputy's when the instrument has no responsible person or the responsible person's
 *   account is disabled (the deputy stands in; Labkeep has no calendar of absences).
 * Only records whose period has begun (due or overdue) are listed, in labs where the user may
 * still view records. Corrective actions and reviews join as further sources with the same item shape.
 */
import { Prisma } from "../db/client.ts";
import type { ServiceContext } from "../context.ts";
import { labScope } from "../policy/policy.ts";
import { onePage, type Page } from "../page.ts";
import { isDueToday, statusSql } from "../record/status.ts";
import { toRecordSummary, type RecordRow, type RecordSummary } from "../record/record.view.ts";

/**
 * The one person a record is whose (the rule above) as SQL, on aliases `r` (pm_record),
 * `e` (its equipment) and `resp` (the responsible person's app_user row, left-joined):
 * what the activity feed's "your check is overdue" tells.
 */
export const recordOwnerSql = Prisma.sql`(CASE WHEN r.assignee_id IS NOT NULL THEN r.assignee_id
  WHEN e.responsible_id IS NOT NULL AND resp.status = 'ACTIVE' THEN e.responsible_id ELSE e.deputy_id END)`;

export type WorkReason = "assigned" | "responsible" | "deputy";

export interface WorkItem {
  kind: "record";
  reason: WorkReason;
  dueToday: boolean;
  record: RecordSummary;
}

/** At most this many items: a person's own due work, not a lab's backlog. */
export const MY_WORK_LIMIT = 200;

export async function myWork(ctx: ServiceContext, userId = ctx.principal.userId): Promise<Page<WorkItem>> {
  const scope = labScope(ctx.principal, "record", "view");
  if (scope !== "all" && scope.length === 0) return onePage([]);
  const now = ctx.clock.now();
  const status = statusSql("r");
  const labFilter = scope === "all" ? Prisma.empty : Prisma.sql`AND r.lab_id IN (${Prisma.join(scope)})`;
  const rows = await ctx.db.$queryRaw<(RecordRow & { reason: WorkReason })[]>`
    SELECT r.id, r.lab_id AS "labId", l.code AS "labCode", l.time_zone AS "labTimeZone", r.number, r.equipment_id AS "equipmentId",
           e.asset_tag AS "assetTag", m.name AS "modelName", e.location, r.frequency::text AS frequency,
           r.period_start AS "periodStart", r.period_end AS "periodEnd", r.due_at AS "dueAt", r.status::text AS status,
           r.completed_at AS "completedAt", r.completed_by_id AS "completedById", NULL AS "completedByName",
           r.result::text AS result, r.comment,
           CASE WHEN r.assignee_id = ${userId} THEN 'assigned' WHEN e.responsible_id = ${userId} THEN 'responsible' ELSE 'deputy' END AS reason
    FROM pm_record r
    JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = r.lab_id
    LEFT JOIN app_user resp ON resp.id = e.responsible_id
    WHERE (${status.overdue(now)} OR ${status.pending(now)}) ${labFilter}
      AND (r.assignee_id = ${userId}
           OR (r.assignee_id IS NULL AND (e.responsible_id = ${userId}
               OR (e.deputy_id = ${userId} AND (e.responsible_id IS NULL OR resp.status = 'DISABLED')))))
    ORDER BY r.due_at ASC, r.id ASC
    LIMIT ${MY_WORK_LIMIT}`;
  return onePage(rows.map((row) => ({ kind: "record" as const, reason: row.reason, dueToday: isDueToday(row, now, row.labTimeZone), record: toRecordSummary(row, now) })));
}
