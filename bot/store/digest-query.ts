import { Prisma, type Db } from "../../domain/db/client.ts";
import { formatRecordNumber } from "../../domain/record/record.view.ts";
import type { DigestGroup, Frequency, RecordRow } from "../cards/types.ts";

const ORDER: Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"];

/**
 * What a digest shows for some labs: per frequency, open records overdue (due before `now`) and
 * due today (due from `now` until `endOfDay`), with counts and the oldest `rowsPerGroup` rows.
 * `dueTodayOnly` leaves the overdue out. Two queries, whatever the number of records. The caller decides which labs the reader may see.
 */
export async function digestGroups(db: Db, labIds: readonly number[], now: Date, endOfDay: Date, rowsPerGroup: number, options: { dueTodayOnly?: boolean } = {}): Promise<DigestGroup[]> {
  if (labIds.length === 0) return [];
  const labs = Prisma.join(labIds);
  const from = options.dueTodayOnly ? Prisma.sql`AND r.due_at >= ${now}` : Prisma.empty;
  const counts = await db.$queryRaw<{ frequency: Frequency; overdue: number; dueToday: number }[]>`
    SELECT r.frequency::text AS frequency,
           count(*) FILTER (WHERE r.due_at < ${now})::int AS overdue,
           count(*) FILTER (WHERE r.due_at >= ${now})::int AS "dueToday"
    FROM pm_record r
    WHERE r.lab_id IN (${labs}) AND r.status = 'OPEN' AND r.due_at < ${endOfDay} AND r.period_start <= ${now} ${from}
    GROUP BY r.frequency`;
  const rows = await db.$queryRaw<{ id: number; number: number; labCode: string; assetTag: string; modelName: string; location: string | null; frequency: Frequency; dueAt: Date }[]>`
    SELECT id, number, "labCode", "assetTag", "modelName", location, frequency, "dueAt" FROM (
      SELECT r.id, r.number, l.code AS "labCode", e.asset_tag AS "assetTag", m.name AS "modelName", e.location,
             r.frequency::text AS frequency, r.due_at AS "dueAt",
             row_number() OVER (PARTITION BY r.frequency ORDER BY r.due_at, r.id) AS rank
      FROM pm_record r JOIN equipment e ON e.id = r.equipment_id JOIN equipment_model m ON m.id = e.model_id JOIN lab l ON l.id = r.lab_id
      WHERE r.lab_id IN (${labs}) AND r.status = 'OPEN' AND r.due_at < ${endOfDay} AND r.period_start <= ${now} ${from}
    ) ranked WHERE rank <= ${rowsPerGroup}
    ORDER BY "dueAt", id`;
  const groups = new Map<Frequency, DigestGroup>();
  for (const c of counts) groups.set(c.frequency, { frequency: c.frequency, overdue: c.overdue, dueToday: c.dueToday, rows: [] });
  for (const r of rows) {
    const row: RecordRow = {
      id: r.id,
      number: formatRecordNumber(r.labCode, r.number),
      equipment: `${r.assetTag} · ${r.modelName}`,
      location: r.location,
      frequency: r.frequency,
      dueAt: r.dueAt,
      overdue: r.dueAt.getTime() < now.getTime(),
    };
    groups.get(r.frequency)?.rows.push(row);
  }
  return ORDER.filter((f) => groups.has(f)).map((f) => groups.get(f)!);
}
