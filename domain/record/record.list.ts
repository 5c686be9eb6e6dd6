import type { z } from "zod";
import { Prisma } from "../db/client.ts";
import { readRows } from "../db/raw.ts";
import type { Frequency } from "../db/generated/enums.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../input.ts";
import { requireScope } from "../access/guard.ts";
import type { Page } from "../page.ts";
import { ListRecordsQuery, FrequencySchema, type AssigneeFilter, type RecordSort } from "./record.schemas.ts";
import { statusSql } from "./status.ts";
import { toRecordSummary, type RecordRow, type RecordSummary } from "./record.view.ts";

export interface StatusCounts {
  open: number;
  overdue: number;
  due: number;
  completed: number;
  /** Closed as not required: listed, but neither open nor missed. */
  notRequired: number;
}

/** A list item: the record and who was asked to do its check (`null`: not assigned). */
export interface RecordListItem extends RecordSummary {
  assignee: { id: number; displayName: string } | null;
}

export interface RecordList extends Page<RecordListItem> {
  /** Per frequency, for the lab, search and assignee filters (frequency and status filters do not narrow them). */
  counts: Record<Frequency, StatusCounts>;
}

const FREQUENCIES = FrequencySchema.options;

function emptyCounts(): Record<Frequency, StatusCounts> {
  return Object.fromEntries(FREQUENCIES.map((f) => [f, { open: 0, overdue: 0, due: 0, completed: 0, notRequired: 0 }])) as Record<Frequency, StatusCounts>;
}

/** `%term%` for ILIKE with the wildcard characters of the term escaped. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Search on record number (BOS-000123, 123), asset tag, model, manufacturer or location, as a
 * set of record ids: the matching equipment's records (by the equipment index) and numbers (by
 * the unique lab + number index), so neither the page nor the counts scan every record.
 */
function searchCondition(search: string): Prisma.Sql {
  const like = likePattern(search);
  const parts = [
    Prisma.sql`SELECT s.id FROM pm_record s WHERE s.equipment_id IN (
      SELECT e.id FROM equipment e JOIN equipment_model m ON m.id = e.model_id
      WHERE e.asset_tag ILIKE ${like} OR e.location ILIKE ${like} OR m.name ILIKE ${like} OR m.manufacturer ILIKE ${like})`,
  ];
  const number = /^(?:([A-Za-z0-9]{2,10})-)?0*(\d{1,9})$/.exec(search);
  if (number) {
    const n = Number(number[2]);
    parts.push(
      number[1]
        ? Prisma.sql`SELECT s.id FROM pm_record s JOIN lab sl ON sl.id = s.lab_id WHERE s.number = ${n} AND sl.code = ${number[1].toUpperCase()}`
        : Prisma.sql`SELECT s.id FROM pm_record s WHERE s.number = ${n}`,
    );
  }
  return Prisma.sql`r.id IN (${Prisma.join(parts, " UNION ALL ")})`;
}

/**
 * A chosen sort's SQL expression over the page query's aliases (r: record, e: equipment,
 * m: model, l: lab, au: the assignee's app_user row, left-joined); nulls (an open record's
 * completion, an unassigned record's assignee) sort last either way.
 */
const SORT_COLUMN: Record<RecordSort, (r: Prisma.Sql, now: Date, alias: string) => Prisma.Sql> = {
  due: (r) => Prisma.sql`${r}.due_at`,
  completed: (r) => Prisma.sql`${r}.completed_at`,
  number: (r) => Prisma.sql`${r}.number`,
  assetTag: () => Prisma.sql`e.asset_tag`,
  model: () => Prisma.sql`m.name`,
  location: () => Prisma.sql`e.location`,
  lab: () => Prisma.sql`l.code`,
  assignee: () => Prisma.sql`au.display_name`,
  // Overdue, due, completed, not required: the order the status badges read in.
  status: (r, now, alias) => Prisma.sql`CASE WHEN ${statusSql(alias).overdue(now)} THEN 0 WHEN ${statusSql(alias).open} THEN 1
    WHEN ${r}.status = 'COMPLETED' THEN 2 ELSE 3 END`,
};

interface Order {
  now: Date;
  status: string | undefined;
  sort: RecordSort | undefined;
  dir: "asc" | "desc";
}

/** The default order, or the chosen column with the record id as a stable tie-breaker (so pages never overlap). */
function orderBy(alias: string, order: Order): Prisma.Sql {
  const a = Prisma.raw(alias);
  if (order.sort) {
    const dir = Prisma.raw(order.dir === "desc" ? "DESC" : "ASC");
    return Prisma.sql`${SORT_COLUMN[order.sort](a, order.now, alias)} ${dir} NULLS LAST, ${a}.id ${dir}`;
  }
  return order.status === "completed" ? Prisma.sql`${a}.due_at DESC, ${a}.id DESC` : Prisma.sql`${a}.status ASC, ${a}.due_at ASC, ${a}.id ASC`;
}

/** The two statements of one list request: the page (joined, no N+1) and the grouped counts. */
export interface RecordListStatements {
  page: Prisma.Sql;
  counts: Prisma.Sql;
}

/** The assignee filter as a user id to match, `null` for unassigned records, or `undefined` for anyone. */
function assigneeOf(filter: AssigneeFilter | undefined, viewerId: number | null): number | null | undefined {
  if (filter === undefined) return undefined;
  if (filter === "none") return null;
  if (filter === "me") {
    if (viewerId === null) throw new Error("assignee=me needs the viewer's user id");
    return viewerId;
  }
  return filter;
}

/**
 * The SQL of a list for the labs in scope (`null`: every lab) at `now`, for a parsed query;
 * `viewerId` is whom `assignee=me` means. `listRecords` sends exactly these; `bench:api` sends
 * the same through a bare pg route.
 */
export function recordListStatements(labs: readonly number[] | null, query: z.output<typeof ListRecordsQuery>, now: Date, viewerId: number | null = null): RecordListStatements {
  const search = query.search ? query.search : null;
  const assignee = assigneeOf(query.assignee, viewerId);
  // Filters on pm_record only: lab, search and assignee (these also scope the counts), then frequency and status.
  const base: Prisma.Sql[] = [];
  if (search) base.push(searchCondition(search));
  if (assignee === null) base.push(Prisma.sql`r.assignee_id IS NULL`);
  else if (assignee !== undefined) base.push(Prisma.sql`r.assignee_id = ${assignee}`);
  const conditions = [...base];
  if (query.frequency) conditions.push(Prisma.sql`r.frequency = ${query.frequency}::"Frequency"`);
  const status = statusSql("r");
  switch (query.status) {
    case "open":
      conditions.push(status.open);
      break;
    case "overdue":
      conditions.push(status.overdue(now));
      break;
    case "due":
      conditions.push(status.pending(now));
      break;
    case "completed":
      conditions.push(Prisma.sql`r.status = 'COMPLETED'`);
      break;
  }
  const and = (list: Prisma.Sql[]) => (list.length ? Prisma.sql`AND ${Prisma.join(list, " AND ")}` : Prisma.empty);
  const labFilter = labs === null ? Prisma.empty : Prisma.sql`AND r.lab_id IN (${Prisma.join(labs)})`;
  const offset = (query.page - 1) * query.pageSize;

  // The page: per lab, walk the (lab, status, due) index in order and stop early; merge the labs.
  // A search narrows by equipment or number first, so it reads the matches instead.
  const labSource =
    labs === null
      ? Prisma.sql`(SELECT id FROM lab) AS scope_lab`
      : Prisma.sql`(VALUES ${Prisma.join(labs.map((id) => Prisma.sql`(${id}::int)`))}) AS scope_lab (id)`;
  const order: Order = { now, status: query.status, sort: query.sort, dir: query.dir };
  // A chosen sort on another table's column (asset tag, model, lab, assignee) joins it into the
  // page query; the outer query below joins the same aliases, so one ORDER BY serves both. One
  // person's records are found by the assignee index rather than by walking each lab's records.
  const pageQuery = search || query.sort || typeof assignee === "number"
    ? Prisma.sql`SELECT r.* FROM pm_record r
        JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = r.lab_id
        LEFT JOIN app_user au ON au.id = r.assignee_id
        WHERE TRUE ${labFilter} ${and(conditions)}
        ORDER BY ${orderBy("r", order)} LIMIT ${query.pageSize} OFFSET ${offset}`
    : Prisma.sql`SELECT p.* FROM ${labSource} CROSS JOIN LATERAL (
          SELECT r.* FROM pm_record r WHERE r.lab_id = scope_lab.id ${and(conditions)}
          ORDER BY ${orderBy("r", order)} LIMIT ${offset + query.pageSize}) p
        ORDER BY ${orderBy("p", order)} LIMIT ${query.pageSize} OFFSET ${offset}`;

  const page = Prisma.sql`
    SELECT r.id, r.lab_id AS "labId", l.code AS "labCode", l.time_zone AS "labTimeZone", r.number, r.equipment_id AS "equipmentId",
           e.asset_tag AS "assetTag", m.name AS "modelName", e.location, r.frequency::text AS frequency,
           r.period_start AS "periodStart", r.period_end AS "periodEnd", r.due_at AS "dueAt", r.status::text AS status,
           r.completed_at AS "completedAt", r.completed_by_id AS "completedById", u.display_name AS "completedByName",
           r.result::text AS result, r.comment, r.assignee_id AS "assigneeId", au.display_name AS "assigneeName"
    FROM (${pageQuery}) r
    JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = r.lab_id
    LEFT JOIN app_user u ON u.id = r.completed_by_id LEFT JOIN app_user au ON au.id = r.assignee_id
    ORDER BY ${orderBy("r", order)}`;

  // Counts: open records (few) with their overdue / due split; completed ones from the tally the
  // database keeps per lab and frequency, or counted when a search or one person narrows them
  // (by the assignee index). Unassigned completed records are the tally less the assigned ones,
  // which are few, so that filter counts no more than the assigned records either.
  const completedCounts =
    search || typeof assignee === "number"
      ? Prisma.sql`SELECT r.frequency::text, 'COMPLETED', 0, 0, count(*)::int
        FROM pm_record r WHERE r.status = 'COMPLETED' ${labFilter} ${and(base)} GROUP BY r.frequency`
      : assignee === null
        ? Prisma.sql`SELECT t.frequency::text, 'COMPLETED', 0, 0, (t.n - coalesce(a.n, 0))::int
        FROM (SELECT r.frequency, sum(r.completed) AS n FROM lab_record_tally r WHERE TRUE ${labFilter} GROUP BY r.frequency) t
        LEFT JOIN (SELECT r.frequency, count(*) AS n FROM pm_record r
          WHERE r.status = 'COMPLETED' AND r.assignee_id IS NOT NULL ${labFilter} GROUP BY r.frequency) a ON a.frequency = t.frequency`
        : Prisma.sql`SELECT r.frequency::text, 'COMPLETED', 0, 0, sum(r.completed)::int
        FROM lab_record_tally r WHERE TRUE ${labFilter} GROUP BY r.frequency`;
  const counts = Prisma.sql`
    SELECT r.frequency::text AS frequency, 'OPEN' AS status,
           count(*) FILTER (WHERE ${status.overdue(now)})::int AS overdue,
           count(*) FILTER (WHERE ${status.pending(now)})::int AS due,
           count(*)::int AS n
    FROM pm_record r WHERE ${status.open} ${labFilter} ${and(base)} GROUP BY r.frequency
    UNION ALL
    SELECT r.frequency::text, 'NOT_REQUIRED', 0, 0, count(*)::int
    FROM pm_record r WHERE r.status = 'NOT_REQUIRED' ${labFilter} ${and(base)} GROUP BY r.frequency
    UNION ALL
    ${completedCounts}`;
  return { page, counts };
}

/**
 * Records of the visible labs with filters, counts and paging: one query for the page and one
 * grouped count from which `total` follows (recordListStatements). Open records come first,
 * overdue before due (earliest due time first); completed ones follow, most recent period first
 * when only completed records are asked for.
 */
export async function listRecords(ctx: ServiceContext, filters: ListRecordsQuery = {}): Promise<RecordList> {
  const query = parseInput(ListRecordsQuery, filters);
  const now = ctx.clock.now();
  const scope = requireScope(ctx, "record", "view", query.labId);
  const statements = recordListStatements(scope === "all" ? null : scope, query, now, ctx.principal.userId);
  // The two queries run side by side on two pooled connections.
  const [rows, grouped] = await Promise.all([
    readRows<RecordRow & { assigneeId: number | null; assigneeName: string | null }>(ctx.db, statements.page),
    readRows<{ frequency: Frequency; status: "OPEN" | "COMPLETED" | "NOT_REQUIRED"; overdue: number; due: number; n: number }>(ctx.db, statements.counts),
  ]);
  const counts = emptyCounts();
  for (const row of grouped) {
    if (row.status === "OPEN") Object.assign(counts[row.frequency], { open: row.n, overdue: row.overdue, due: row.due });
    else if (row.status === "NOT_REQUIRED") counts[row.frequency].notRequired = row.n;
    else counts[row.frequency].completed = row.n;
  }

  const key = query.status ?? null;
  const total = FREQUENCIES.filter((f) => !query.frequency || f === query.frequency).reduce((sum, f) => {
    const c = counts[f];
    return sum + (key === null ? c.open + c.completed + c.notRequired : c[key]);
  }, 0);

  const items = rows.map((row) => ({
    ...toRecordSummary(row, now),
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, displayName: row.assigneeName ?? "" },
  }));
  return { items, total, page: query.page, pageSize: query.pageSize, counts };
}
