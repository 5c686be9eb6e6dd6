import type { ServiceContext } from "../context.ts";
import { Prisma } from "../db/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { statusSql } from "../record/status.ts";
import { complianceQuerySchema, type ComplianceQuery } from "./report.schemas.ts";
import { checkLabFilter, FILTERS_INVALID, labCondition, reportScope, type ReportAction } from "./scope.ts";
import { parseInput } from "../input.ts";

export interface ComplianceRow {
  labId: number;
  labCode: string;
  labName: string;
  frequency: Frequency;
  /** Lab-local month in which the records' periods start, `YYYY-MM`. */
  month: string;
  /** Records whose period starts in that month, whatever their state, except those closed as not required (never missed). */
  due: number;
  /** Done on time: completed by the due time and, where review was required, reviewed (R-REVIEW). */
  completedOnTime: number;
  completedLate: number;
  /** Completed records whose required review is done. */
  reviewed: number;
  /** Completed records still awaiting review or returned to the performer: not done, in neither completed count. */
  unreviewed: number;
  /** Open and not yet due. */
  open: number;
  /** Open past their due time. */
  overdue: number;
  /** Completed on time ÷ records that have come due (due − open), in %, one decimal; null when none has come due. */
  compliancePct: number | null;
}

export interface ComplianceReport {
  from: string;
  to: string;
  generatedAt: string;
  rows: ComplianceRow[];
}

const DAY_MS = 86_400_000;
/** Time zones span UTC−12 to UTC+14: widen the UTC window so it holds every lab-local day asked for. */
const ZONE_MARGIN_MS = 2 * DAY_MS;

export function compliancePct(row: Pick<ComplianceRow, "due" | "open" | "completedOnTime">): number | null {
  const cameDue = row.due - row.open;
  return cameDue === 0 ? null : Math.round((row.completedOnTime / cameDue) * 1000) / 10;
}

/**
 * PM compliance by lab, frequency and lab-local month of the period (SPEC §3: reports group
 * records by their period, never by due time, which is the first instant of the next period).
 * `from`/`to` select periods by their first lab-local day. One query.
 */
export async function complianceReport(ctx: ServiceContext, input: ComplianceQuery, action: ReportAction = "view"): Promise<ComplianceReport> {
  const scope = reportScope(ctx, action);
  const query = parseInput(complianceQuerySchema, input, FILTERS_INVALID);
  checkLabFilter(ctx, action, query.labId);
  const now = ctx.clock.now();
  const utcFrom = new Date(Date.parse(`${query.from}T00:00:00Z`) - ZONE_MARGIN_MS);
  const utcTo = new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS + ZONE_MARGIN_MS);
  const status = statusSql("r", Prisma.sql`l.time_zone`);
  const frequency = query.frequency ? Prisma.sql`AND r.frequency::text = ${query.frequency}` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<Omit<ComplianceRow, "compliancePct">[]>`
    SELECT l.id AS "labId", l.code AS "labCode", l.name AS "labName", r.frequency::text AS frequency,
           to_char(r.period_start AT TIME ZONE l.time_zone, 'YYYY-MM') AS month,
           count(*)::int AS due,
           count(*) FILTER (WHERE ${status.done} AND r.completed_at <= r.due_at)::int AS "completedOnTime",
           count(*) FILTER (WHERE ${status.done} AND r.completed_at > r.due_at)::int AS "completedLate",
           count(*) FILTER (WHERE r.status = 'COMPLETED' AND r.review_state = 'REVIEWED')::int AS reviewed,
           count(*) FILTER (WHERE ${status.unreviewed})::int AS unreviewed,
           count(*) FILTER (WHERE ${status.notOverdue(now)})::int AS open,
           count(*) FILTER (WHERE ${status.overdue(now)})::int AS overdue
      FROM pm_record r
      JOIN lab l ON l.id = r.lab_id
     WHERE ${labCondition(Prisma.sql`r.lab_id`, scope, query.labId)} ${frequency} AND ${status.required}
       AND r.period_start >= ${utcFrom} AND r.period_start < ${utcTo} AND r.due_at > ${utcFrom}
       AND (r.period_start AT TIME ZONE l.time_zone)::date BETWEEN ${query.from}::date AND ${query.to}::date
     GROUP BY l.id, l.code, l.name, r.frequency, month
     ORDER BY l.code, r.frequency, month`;
  return {
    from: query.from,
    to: query.to,
    generatedAt: now.toISOString(),
    rows: rows.map((row) => ({ ...row, compliancePct: compliancePct(row) })),
  };
}
