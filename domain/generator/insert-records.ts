import type { Tx } from "../db/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import type { Period } from "../periods/periods.ts";

/** Which equipment of a lab an insert may touch; a missing list means "no restriction". */
export interface EquipmentScope {
  equipmentIds?: readonly number[];
  modelIds?: readonly number[];
}

export interface LockedLab {
  id: number;
  code: string;
  timeZone: string;
  /** Lab-local date, or null before the first scheduled run. */
  generatedThrough: string | null;
  lastNumber: number;
}

export interface PeriodCount {
  frequency: Frequency;
  start: string;
  end: string;
  count: number;
}

export interface InsertResult {
  count: number;
  firstNumber: number | null;
  lastNumber: number | null;
  periods: PeriodCount[];
}

/** Raised inside a transaction to roll it back when the numbers handed out do not follow the counter. */
export class NumberingConflict extends Error {}

/** A unique-key violation reported by PostgreSQL through Prisma's driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === "23505";
}

/**
 * Makes sure the lab's counter row exists, then locks it for the rest of the transaction. The
 * lock serialises every writer of this lab's numbers, and because it is taken in its own
 * statement, the statements that follow (READ COMMITTED) see every record committed by the
 * previous holder.
 */
export async function lockLabCounter(tx: Tx, labId: number): Promise<LockedLab | null> {
  await tx.$executeRaw`INSERT INTO lab_record_counter (lab_id, last_number) VALUES (${labId}, 0) ON CONFLICT (lab_id) DO NOTHING`;
  const rows = await tx.$queryRaw<{ id: number; code: string; time_zone: string; generated_through: string | null; last_number: number }[]>`
    SELECT l.id, l.code, l.time_zone, l.generated_through::text AS generated_through, c.last_number
    FROM lab_record_counter c JOIN lab l ON l.id = c.lab_id
    WHERE c.lab_id = ${labId}
    FOR UPDATE OF c`;
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, code: row.code, timeZone: row.time_zone, generatedThrough: row.generated_through, lastNumber: row.last_number };
}

/**
 * One set-based INSERT … SELECT: a record for every eligible (equipment, period) of the lab that
 * has none yet, numbered after `lab.lastNumber` in order of period start, frequency and asset tag.
 * Eligible: equipment Active, model active with the frequency enabled and at least one active
 * task of that frequency, and the period ending after the equipment became Active.
 *
 * "Has none yet" means no record of the equipment and frequency spans the middle of the period.
 * In one zone that is the record of the same period (periods tile); after the lab's time zone
 * changes, the old zone's record of the current period still spans it, so the new zone applies
 * from the next period and no period is done twice (R-LAB). The lower bound on period_start
 * keeps the lookup a short range scan of the (equipment, frequency, period_start) key. The caller
 * must hold the counter lock (lockLabCounter) and then advance the counter with advanceCounter.
 *
 * No ON CONFLICT clause (it costs a quarter of the insert's time): under the counter lock the
 * NOT EXISTS sees every record of this lab. A row committed meanwhile by another lab's run (the
 * equipment was transferred during generation) makes the statement fail on the unique key; the
 * caller then retries the lab's transaction, whose NOT EXISTS now sees that row.
 */
export async function insertRecords(tx: Tx, lab: LockedLab, periods: readonly Period[], now: Date, scope: EquipmentScope = {}): Promise<InsertResult> {
  if (periods.length === 0) return { count: 0, firstNumber: null, lastNumber: null, periods: [] };
  const frequencies = periods.map((p) => p.frequency);
  const starts = periods.map((p) => p.start.toISOString());
  const ends = periods.map((p) => p.end.toISOString());
  const equipmentIds = scope.equipmentIds ? [...scope.equipmentIds] : null;
  const modelIds = scope.modelIds ? [...scope.modelIds] : null;
  const rows = await tx.$queryRaw<{ frequency: Frequency; period_start: Date; period_end: Date; count: number; first: number; last: number }[]>`
    WITH period AS (
      SELECT * FROM unnest(${frequencies}::text[]::"Frequency"[], ${starts}::text[]::timestamptz[], ${ends}::text[]::timestamptz[])
        AS p(frequency, period_start, period_end)
    ),
    candidate AS (
      SELECT e.id AS equipment_id, e.asset_tag, p.frequency, p.period_start, p.period_end
      FROM equipment e
      JOIN equipment_model m ON m.id = e.model_id AND m.active
      JOIN period p ON p.frequency = ANY (m.frequencies) AND p.period_end > e.active_since
      WHERE e.lab_id = ${lab.id}
        AND e.status = 'ACTIVE'
        AND (${equipmentIds}::int[] IS NULL OR e.id = ANY (${equipmentIds}::int[]))
        AND (${modelIds}::int[] IS NULL OR e.model_id = ANY (${modelIds}::int[]))
        AND EXISTS (SELECT 1 FROM checklist_task t WHERE t.model_id = m.id AND t.frequency = p.frequency AND t.active)
        AND NOT EXISTS (
          SELECT 1 FROM pm_record r
          WHERE r.equipment_id = e.id AND r.frequency = p.frequency
            AND r.period_start > p.period_start - (p.period_end - p.period_start)
            AND r.period_start <= p.period_start + (p.period_end - p.period_start) / 2
            AND r.period_end > p.period_start + (p.period_end - p.period_start) / 2)
    ),
    inserted AS (
      INSERT INTO pm_record (lab_id, number, equipment_id, frequency, period_start, period_end, due_at, status, created_at)
      SELECT ${lab.id}, ${lab.lastNumber}::int + row_number() OVER (ORDER BY c.period_start, c.frequency, c.asset_tag),
             c.equipment_id, c.frequency, c.period_start, c.period_end, c.period_end, 'OPEN', ${now}
      FROM candidate c
      RETURNING number, frequency, period_start, period_end
    )
    SELECT frequency, period_start, period_end, count(*)::int AS count, min(number) AS first, max(number) AS last
    FROM inserted
    GROUP BY frequency, period_start, period_end
    ORDER BY period_start, frequency`;
  let count = 0;
  let firstNumber: number | null = null;
  let lastNumber: number | null = null;
  for (const row of rows) {
    count += row.count;
    firstNumber = firstNumber === null ? row.first : Math.min(firstNumber, row.first);
    lastNumber = lastNumber === null ? row.last : Math.max(lastNumber, row.last);
  }
  // An invariant rather than an expected case: the numbers handed out must follow the counter.
  if (count > 0 && (firstNumber !== lab.lastNumber + 1 || lastNumber !== lab.lastNumber + count)) {
    throw new NumberingConflict(`lab ${lab.code}: record numbers ${firstNumber}..${lastNumber} do not follow the counter (${lab.lastNumber}) for ${count} record(s)`);
  }
  return {
    count,
    firstNumber,
    lastNumber,
    periods: rows.map((row) => ({ frequency: row.frequency, start: new Date(row.period_start).toISOString(), end: new Date(row.period_end).toISOString(), count: row.count })),
  };
}

export async function advanceCounter(tx: Tx, labId: number, by: number): Promise<void> {
  if (by > 0) await tx.$executeRaw`UPDATE lab_record_counter SET last_number = last_number + ${by}::int WHERE lab_id = ${labId}`;
}

export function formatRecordNumber(labCode: string, number: number): string {
  return `${labCode}-${String(number).padStart(6, "0")}`;
}
