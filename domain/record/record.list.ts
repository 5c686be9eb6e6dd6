import { Prisma } from "../db/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { notFound } from "../errors.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../lab/input.ts";
import { inScope, labScope, visibleLabs } from "../policy/policy.ts";
import { ListRecordsQuery, FrequencySchema } from "./record.schemas.ts";
import { toRecordSummary, type RecordRow, type RecordSummary } from "./record.view.ts";

export interface StatusCounts {
  open: number;
  overdue: number;
  due: number;
  completed: number;
}

export interface RecordList {
  items: RecordSummary[];
  total: number;
  page: number;
  pageSize: number;
  /** Per frequency, for the lab and search filters (frequency and status filters do not narrow them). */
  counts: Record<Frequency, StatusCounts>;
}

const FREQUENCIES = FrequencySchema.options;

function emptyCounts(): Record<Frequency, StatusCounts> {
  return Object.fromEntries(FREQUENCIES.map((f) => [f, { open: 0, overdue: 0, due: 0, completed: 0 }])) as Record<Frequency, StatusCounts>;
}

/** `%term%` for ILIKE with the wildcard characters of the term escaped. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Search on record number (BOS-000123, 123), asset tag, model, manufacturer or location. */
function searchCondition(search: string): Prisma.Sql {
  const like = likePattern(search);
  const parts = [
    Prisma.sql`e.asset_tag ILIKE ${like}`,
    Prisma.sql`m.name ILIKE ${like}`,
    Prisma.sql`m.manufacturer ILIKE ${like}`,
    Prisma.sql`e.location ILIKE ${like}`,
  ];
  const number = /^(?:([A-Za-z0-9]{2,10})-)?0*(\d{1,9})$/.exec(search);
  if (number) {
    const n = Number(number[2]);
    parts.push(number[1] ? Prisma.sql`(r.number = ${n} AND l.code = ${number[1].toUpperCase()})` : Prisma.sql`r.number = ${n}`);
  }
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

/**
 * Records of the visible labs with filters, counts and paging: one query for the page (joined,
 * no N+1) and one grouped count from which `total` follows. Open records come first, overdue
 * before due (earliest due time first); completed ones follow, most recent period first when
 * only completed records are asked for.
 */
export async function listRecords(ctx: ServiceContext, filters: ListRecordsQuery = {}): Promise<RecordList> {
  const query = parseInput(ListRecordsQuery, filters);
  const now = ctx.clock.now();
  const scope = labScope(ctx.principal, "record", "view");
  let labs: readonly number[] | null;
  if (query.labId !== undefined) {
    if (!inScope(visibleLabs(ctx.principal), query.labId) || !inScope(scope, query.labId)) throw notFound("Lab");
    labs = [query.labId];
  } else {
    labs = scope === "all" ? null : scope;
  }
  const page = { page: query.page, pageSize: query.pageSize };
  if (labs !== null && labs.length === 0) return { items: [], total: 0, ...page, counts: emptyCounts() };

  const search = query.search ? query.search : null;
  const base: Prisma.Sql[] = [];
  if (labs !== null) base.push(Prisma.sql`r.lab_id IN (${Prisma.join(labs)})`);
  if (search) base.push(searchCondition(search));
  const conditions = [...base];
  if (query.frequency) conditions.push(Prisma.sql`r.frequency = ${query.frequency}::"Frequency"`);
  switch (query.status) {
    case "open":
      conditions.push(Prisma.sql`r.status = 'OPEN'`);
      break;
    case "overdue":
      conditions.push(Prisma.sql`r.status = 'OPEN' AND r.due_at < ${now}`);
      break;
    case "due":
      conditions.push(Prisma.sql`r.status = 'OPEN' AND r.due_at >= ${now} AND r.period_start <= ${now}`);
      break;
    case "completed":
      conditions.push(Prisma.sql`r.status = 'COMPLETED'`);
      break;
  }
  const where = (list: Prisma.Sql[]) => (list.length ? Prisma.sql`WHERE ${Prisma.join(list, " AND ")}` : Prisma.empty);
  const order = query.status === "completed" ? Prisma.sql`r.due_at DESC, r.id DESC` : Prisma.sql`r.status ASC, r.due_at ASC, r.id ASC`;
  const joins = Prisma.sql`JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = r.lab_id`;

  const rows = await ctx.db.$queryRaw<RecordRow[]>`
    SELECT r.id, r.lab_id AS "labId", l.code AS "labCode", r.number, r.equipment_id AS "equipmentId",
           e.asset_tag AS "assetTag", m.name AS "modelName", e.location, r.frequency::text AS frequency,
           r.period_start AS "periodStart", r.period_end AS "periodEnd", r.due_at AS "dueAt", r.status::text AS status,
           r.completed_at AS "completedAt", r.completed_by_id AS "completedById", u.display_name AS "completedByName",
           r.result::text AS result, r.comment
    FROM pm_record r ${joins} LEFT JOIN app_user u ON u.id = r.completed_by_id
    ${where(conditions)}
    ORDER BY ${order}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;

  // Counts need the joins only when searching.
  const countJoins = search ? joins : Prisma.empty;
  const grouped = await ctx.db.$queryRaw<{ frequency: Frequency; open: number; overdue: number; due: number; completed: number }[]>`
    SELECT r.frequency::text AS frequency,
           count(*) FILTER (WHERE r.status = 'OPEN')::int AS open,
           count(*) FILTER (WHERE r.status = 'OPEN' AND r.due_at < ${now})::int AS overdue,
           count(*) FILTER (WHERE r.status = 'OPEN' AND r.due_at >= ${now} AND r.period_start <= ${now})::int AS due,
           count(*) FILTER (WHERE r.status = 'COMPLETED')::int AS completed
    FROM pm_record r ${countJoins}
    ${where(base)}
    GROUP BY r.frequency`;
  const counts = emptyCounts();
  for (const row of grouped) counts[row.frequency] = { open: row.open, overdue: row.overdue, due: row.due, completed: row.completed };

  const key = query.status ?? null;
  const total = FREQUENCIES.filter((f) => !query.frequency || f === query.frequency).reduce((sum, f) => {
    const c = counts[f];
    return sum + (key === null ? c.open + c.completed : c[key]);
  }, 0);

  return { items: rows.map((row) => toRecordSummary(row, now)), total, ...page, counts };
}
