import { Prisma, type Db } from "../db/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { isOverdue, statusSql } from "../record/status.ts";

/** What a digest lists: both (the daily digest), or one of them (the chat commands). */
export type DigestKind = "digest" | "overdue" | "today";

export interface DigestRow {
  id: number;
  /** Display number, e.g. BOS-000123. */
  number: string;
  equipment: string;
  location: string | null;
  frequency: Frequency;
  dueAt: Date;
  /** The lab's zone and code: a due time reads in lab time, the zone named. */
  timeZone: string;
  labCode: string;
  overdue: boolean;
  /** Who completed it since the digest was shown (the row stays, marked done), else null. */
  doneBy: string | null;
}

export interface DigestGroup {
  frequency: Frequency;
  /** Every overdue and due-today record of the labs, whatever the kind listed. */
  overdue: number;
  dueToday: number;
  /** How many records of this kind there are; `rows` holds the oldest of them. */
  listed: number;
  rows: DigestRow[];
}

const ORDER: Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"];

function listedSql(status: ReturnType<typeof statusSql>, kind: DigestKind, at: Date): Prisma.Sql {
  const overdue = status.overdue(at);
  const dueToday = status.dueToday(at);
  return kind === "overdue" ? overdue : kind === "today" ? dueToday : Prisma.sql`(${overdue} OR ${dueToday})`;
}

/**
 * What a digest shows for some labs at `now`, per frequency: the counts of overdue and due-today
 * records (status.ts, "today" ending at each lab's own local midnight) and the oldest
 * `rowsPerGroup` records of `kind`. Two queries, whatever the number of records. The caller
 * decides which labs the reader may see.
 *
 * `shownAt`, the time a digest was first drawn, keeps its rows when it is drawn again (a refresh,
 * or after a completion): the rows are those listed at `shownAt`, the ones completed since marked
 * done; the counts are always `now`'s.
 */
export async function digestGroups(db: Db, labIds: readonly number[], now: Date, kind: DigestKind, rowsPerGroup: number, shownAt: Date = now): Promise<DigestGroup[]> {
  if (labIds.length === 0) return [];
  const status = statusSql("r", Prisma.sql`l.time_zone`);
  const overdue = status.overdue(now);
  const dueToday = status.dueToday(now);
  const listed = listedSql(status, kind, now);
  const scope = Prisma.sql`r.lab_id IN (${Prisma.join(labIds)}) AND ${status.open}`;
  const then = statusSql("r", Prisma.sql`l.time_zone`, { openAt: shownAt });
  const listedThen = Prisma.sql`r.lab_id IN (${Prisma.join(labIds)}) AND ${listedSql(then, kind, shownAt)}`;
  // Listed at shownAt: open now, or completed since (two index ranges, never the lab's whole history).
  const shown = Prisma.sql`
    SELECT r.* FROM pm_record r JOIN lab l ON l.id = r.lab_id WHERE ${status.open} AND ${listedThen}
    UNION ALL
    SELECT r.* FROM pm_record r JOIN lab l ON l.id = r.lab_id WHERE r.completed_at >= ${shownAt} AND NOT ${status.open} AND ${listedThen}`;
  const counts = await db.$queryRaw<{ frequency: Frequency; overdue: number; dueToday: number; listed: number }[]>`
    SELECT r.frequency::text AS frequency,
           count(*) FILTER (WHERE ${overdue})::int AS overdue,
           count(*) FILTER (WHERE ${dueToday})::int AS "dueToday",
           count(*) FILTER (WHERE ${listed})::int AS listed
    FROM pm_record r JOIN lab l ON l.id = r.lab_id
    WHERE ${scope} AND r.due_at <= ${status.endOfDay(now)}
    GROUP BY r.frequency`;
  const rows = await db.$queryRaw<{ id: number; number: number; labCode: string; timeZone: string; assetTag: string; modelName: string; location: string | null; frequency: Frequency; dueAt: Date; status: "OPEN" | "COMPLETED"; doneBy: string | null }[]>`
    SELECT id, number, "labCode", "timeZone", "assetTag", "modelName", location, frequency, "dueAt", status, "doneBy" FROM (
      SELECT r.id, r.number, l.code AS "labCode", l.time_zone AS "timeZone", e.asset_tag AS "assetTag", m.name AS "modelName", e.location,
             r.frequency::text AS frequency, r.due_at AS "dueAt", r.status::text AS status, u.display_name AS "doneBy",
             row_number() OVER (PARTITION BY r.frequency ORDER BY r.due_at, r.id) AS rank
      FROM (${shown}) r JOIN lab l ON l.id = r.lab_id JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id
      LEFT JOIN app_user u ON u.id = r.completed_by_id
    ) ranked WHERE rank <= ${rowsPerGroup}
    ORDER BY "dueAt", id`;
  const groups = new Map<Frequency, DigestGroup>();
  for (const c of counts) groups.set(c.frequency, { ...c, rows: [] });
  for (const r of rows) {
    if (!groups.has(r.frequency)) groups.set(r.frequency, { frequency: r.frequency, overdue: 0, dueToday: 0, listed: 0, rows: [] });
    groups.get(r.frequency)!.rows.push({
      id: r.id,
      number: formatRecordNumber(r.labCode, r.number),
      equipment: `${r.assetTag} · ${r.modelName}`,
      location: r.location,
      frequency: r.frequency,
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      labCode: r.labCode,
      overdue: isOverdue({ status: r.status, dueAt: r.dueAt }, now),
      doneBy: r.status === "COMPLETED" ? (r.doneBy ?? "someone") : null,
    });
  }
  return ORDER.filter((f) => groups.has(f) && (groups.get(f)!.overdue + groups.get(f)!.dueToday > 0 || groups.get(f)!.rows.length > 0)).map((f) => groups.get(f)!);
}
