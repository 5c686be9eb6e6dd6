/**
 * The register as a list (tab, reports, CSV) and the counts the daily digest shows. Status comes
 * from the one SQL fragment of status.ts, computed in each instrument's lab zone.
 */
import { requireScope } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { Prisma, type DbOrTx } from "../db/client.ts";
import { parseInput } from "../input.ts";
import type { Page } from "../page.ts";
import { CalibrationListQuery } from "./calibration.schemas.ts";
import { isoDateOf } from "./interval.ts";
import { calibrationStatusSql, type CalibrationStatus } from "./status.ts";

export interface CalibrationRow {
  equipmentId: number;
  assetTag: string;
  labId: number;
  labCode: string;
  manufacturer: string;
  model: string;
  serialNumber: string | null;
  location: string | null;
  intervalCount: number;
  intervalUnit: "DAY" | "WEEK" | "MONTH" | "YEAR";
  provider: "INTERNAL" | "EXTERNAL";
  providerName: string | null;
  referenceStandard: boolean;
  lastCalibratedOn: string | null;
  lastResult: "PASS" | "FAIL" | null;
  nextDueOn: string;
  status: CalibrationStatus;
  /** Days past the due date (overdue), 0 otherwise. */
  daysOverdue: number;
  /** The last calibration's certificate number. */
  certificateNumber: string | null;
}

const sql = calibrationStatusSql("c", Prisma.sql`l.time_zone`);

function labCondition(scope: "all" | readonly number[]) {
  return scope === "all" ? Prisma.sql`TRUE` : scope.length ? Prisma.sql`e.lab_id IN (${Prisma.join(scope)})` : Prisma.sql`FALSE`;
}

type RawRow = Omit<CalibrationRow, "lastCalibratedOn" | "nextDueOn"> & { lastCalibratedOn: Date | null; nextDueOn: Date };

/**
 * Register entries (active plans, obsolete equipment left out) of the labs in `scope`, most urgent
 * first: out of tolerance, overdue, due soon, then by due date. No authorization: callers decide the scope.
 */
export async function registerRows(db: DbOrTx, scope: "all" | readonly number[], now: Date, options: { status?: CalibrationStatus; offset?: number; limit?: number } = {}) {
  const status = sql.status(now);
  const where = Prisma.sql`c.active AND e.status <> 'OBSOLETE' AND ${labCondition(scope)} ${options.status ? Prisma.sql`AND ${status} = ${options.status}` : Prisma.empty}`;
  const from = Prisma.sql`calibration_plan c JOIN equipment e ON e.id = c.equipment_id JOIN lab l ON l.id = e.lab_id JOIN equipment_model m ON m.id = e.model_id`;
  const [rows, count] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      SELECT e.id AS "equipmentId", e.asset_tag AS "assetTag", e.lab_id AS "labId", l.code AS "labCode", m.manufacturer, m.name AS model,
             e.serial_number AS "serialNumber", e.location, c.interval_count AS "intervalCount", c.interval_unit::text AS "intervalUnit",
             c.provider::text AS provider, c.provider_name AS "providerName", c.reference_standard AS "referenceStandard",
             c.last_calibrated_on AS "lastCalibratedOn", c.last_result::text AS "lastResult", c.next_due_on AS "nextDueOn", ${status} AS status,
             GREATEST(${sql.today(now)} - c.next_due_on, 0)::int AS "daysOverdue",
             (SELECT ce.certificate_number FROM calibration_event ce WHERE ce.equipment_id = e.id ORDER BY ce.calibrated_on DESC, ce.id DESC LIMIT 1) AS "certificateNumber"
      FROM ${from} WHERE ${where}
      ORDER BY CASE ${status} WHEN 'OUT_OF_TOLERANCE' THEN 0 WHEN 'OVERDUE' THEN 1 WHEN 'DUE_SOON' THEN 2 ELSE 3 END, c.next_due_on, e.asset_tag
      OFFSET ${options.offset ?? 0} LIMIT ${options.limit ?? 100_000}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
  ]);
  const items: CalibrationRow[] = rows.map((r) => ({ ...r, lastCalibratedOn: r.lastCalibratedOn ? isoDateOf(r.lastCalibratedOn) : null, nextDueOn: isoDateOf(r.nextDueOn) }));
  return { items, total: count[0]?.n ?? 0 };
}

/** The register for the tab (`GET /api/calibrations`): labs where the reader may view calibrations. */
export async function listCalibrations(ctx: ServiceContext, filters: CalibrationListQuery = {}): Promise<Page<CalibrationRow>> {
  const query = parseInput(CalibrationListQuery, filters);
  const scope = requireScope(ctx, "calibration", "view", query.labId);
  const { items, total } = await registerRows(ctx.db, scope, ctx.clock.now(), { status: query.status, offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export interface CalibrationCounts {
  /** Due from today through the next 6 days (lab-local): "3 calibrations due this week". */
  dueThisWeek: number;
  overdue: number;
  outOfTolerance: number;
}

/** Counts for one lab's digest (no authorization: the digest's audience was decided by its caller). */
export async function calibrationCounts(db: DbOrTx, labId: number, now: Date): Promise<CalibrationCounts> {
  const [row] = await db.$queryRaw<CalibrationCounts[]>`
    SELECT count(*) FILTER (WHERE ${sql.dueWithin(now, 7)})::int AS "dueThisWeek",
           count(*) FILTER (WHERE ${sql.overdue(now)})::int AS overdue,
           count(*) FILTER (WHERE ${sql.outOfTolerance})::int AS "outOfTolerance"
    FROM calibration_plan c JOIN equipment e ON e.id = c.equipment_id JOIN lab l ON l.id = e.lab_id
    WHERE e.lab_id = ${labId} AND e.status <> 'OBSOLETE'`;
  return row ?? { dueThisWeek: 0, overdue: 0, outOfTolerance: 0 };
}

/** Calibration status by lab (the report): counts of each status per lab in scope. */
export async function calibrationStatusByLab(db: DbOrTx, scope: "all" | readonly number[], now: Date) {
  return db.$queryRaw<{ labId: number; labCode: string; labName: string; inCalibration: number; dueSoon: number; overdue: number; outOfTolerance: number; total: number }[]>`
    SELECT l.id AS "labId", l.code AS "labCode", l.name AS "labName",
           count(c.equipment_id) FILTER (WHERE ${sql.status(now)} = 'IN_CALIBRATION')::int AS "inCalibration",
           count(c.equipment_id) FILTER (WHERE ${sql.dueSoon(now)})::int AS "dueSoon",
           count(c.equipment_id) FILTER (WHERE ${sql.overdue(now)})::int AS overdue,
           count(c.equipment_id) FILTER (WHERE ${sql.outOfTolerance})::int AS "outOfTolerance",
           count(c.equipment_id)::int AS total
    FROM lab l
    LEFT JOIN equipment e ON e.lab_id = l.id AND e.status <> 'OBSOLETE'
    LEFT JOIN calibration_plan c ON c.equipment_id = e.id AND c.active
    WHERE l.active AND ${scope === "all" ? Prisma.sql`TRUE` : scope.length ? Prisma.sql`l.id IN (${Prisma.join(scope)})` : Prisma.sql`FALSE`}
    GROUP BY l.id ORDER BY l.code`;
}
