import type { ServiceContext } from "../context.ts";
import { Prisma } from "../db/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { statusSql } from "../record/status.ts";
import { ageingQuerySchema, type AgeingQuery } from "./report.schemas.ts";
import { checkLabFilter, FILTERS_INVALID, labCondition, reportScope, type ReportAction } from "./scope.ts";
import { parseInput } from "../input.ts";

/** How many of the oldest overdue records each lab × frequency row lists. */
export const OLDEST_PER_ROW = 5;

export interface OverdueItem {
  recordId: number;
  /** Display number, e.g. `BOS-000123`. */
  number: string;
  equipmentId: number;
  assetTag: string;
  modelName: string;
  location: string | null;
  dueAt: string;
  /** Whole days past due, rounded up: 0.2 days late counts as 1. */
  daysOverdue: number;
}

export interface AgeingRow {
  labId: number;
  labCode: string;
  labName: string;
  timeZone: string;
  frequency: Frequency;
  /** Overdue by up to 1 day, 2–7 days, 8–30 days, more than 30 days. */
  upTo1Day: number;
  days2To7: number;
  days8To30: number;
  over30Days: number;
  total: number;
  oldest: OverdueItem[];
}

export interface AgeingReport {
  generatedAt: string;
  rows: AgeingRow[];
}

type ItemRow = OverdueItem & { labId: number; frequency: Frequency; dueAt: Date };

/** Open records past due, bucketed by age per lab and frequency, with the oldest of each. Two queries. */
export async function overdueAgeing(ctx: ServiceContext, input: AgeingQuery = {}, action: ReportAction = "view"): Promise<AgeingReport> {
  const scope = reportScope(ctx, action);
  const query = parseInput(ageingQuerySchema, input, FILTERS_INVALID);
  checkLabFilter(ctx, action, query.labId);
  const now = ctx.clock.now();
  const where = Prisma.sql`${statusSql("r").overdue(now)} AND ${labCondition(Prisma.sql`r.lab_id`, scope, query.labId)}`;
  const days = Prisma.sql`ceil(extract(epoch FROM (${now}::timestamptz - r.due_at)) / 86400)::int`;
  const buckets = await ctx.db.$queryRaw<Omit<AgeingRow, "oldest">[]>`
    SELECT l.id AS "labId", l.code AS "labCode", l.name AS "labName", l.time_zone AS "timeZone",
           r.frequency::text AS frequency,
           count(*) FILTER (WHERE a.days <= 1)::int AS "upTo1Day",
           count(*) FILTER (WHERE a.days BETWEEN 2 AND 7)::int AS "days2To7",
           count(*) FILTER (WHERE a.days BETWEEN 8 AND 30)::int AS "days8To30",
           count(*) FILTER (WHERE a.days > 30)::int AS "over30Days",
           count(*)::int AS total
      FROM pm_record r
      JOIN lab l ON l.id = r.lab_id
      CROSS JOIN LATERAL (SELECT ${days} AS days) a
     WHERE ${where}
     GROUP BY l.id, l.code, l.name, l.time_zone, r.frequency
     ORDER BY l.code, r.frequency`;
  const items = await ctx.db.$queryRaw<ItemRow[]>`
    SELECT * FROM (
      SELECT r.id AS "recordId", l.code || '-' || lpad(r.number::text, 6, '0') AS number,
             r.lab_id AS "labId", r.frequency::text AS frequency,
             e.id AS "equipmentId", e.asset_tag AS "assetTag", m.name AS "modelName", e.location,
             r.due_at AS "dueAt", ${days} AS "daysOverdue",
             row_number() OVER (PARTITION BY r.lab_id, r.frequency ORDER BY r.due_at, r.id) AS rank
        FROM pm_record r
        JOIN lab l ON l.id = r.lab_id
        JOIN equipment e ON e.id = r.equipment_id
        JOIN equipment_model m ON m.id = e.model_id
       WHERE ${where}
    ) ranked
    WHERE rank <= ${OLDEST_PER_ROW}
    ORDER BY "labId", frequency, rank`;
  return {
    generatedAt: now.toISOString(),
    rows: buckets.map((row) => ({
      ...row,
      oldest: items
        .filter((item) => item.labId === row.labId && item.frequency === row.frequency)
        .map(({ recordId, number, equipmentId, assetTag, modelName, location, dueAt, daysOverdue }) => ({
          recordId, number, equipmentId, assetTag, modelName, location, dueAt: dueAt.toISOString(), daysOverdue,
        })),
    })),
  };
}
