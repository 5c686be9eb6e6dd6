import { writeAudit } from "../audit/audit.service.ts";
import { systemActor, type Actor } from "../audit/events.ts";
import type { Clock } from "../clock.ts";
import type { Db, Tx } from "../db/client.ts";
import { addDays, localDateOf, localDatesBetween, periodsCovering, type LocalDate } from "../periods/periods.ts";
import {
  advanceCounter,
  formatRecordNumber,
  insertRecords,
  isUniqueViolation,
  lockLabCounter,
  NumberingConflict,
  type EquipmentScope,
  type InsertResult,
  type LockedLab,
} from "./insert-records.ts";

export interface LabGeneration {
  labId: number;
  labCode: string;
  /** Lab-local dates covered by this run (null when the lab was already up to date). */
  from: LocalDate | null;
  through: LocalDate | null;
  created: number;
  firstNumber: number | null;
  lastNumber: number | null;
  /** Never generated, and asked only for dates before its start (today): left alone. */
  notStarted?: boolean;
}

export interface GenerateRecordsOptions {
  now: Date;
  /** Only these labs; all active labs otherwise. */
  labIds?: readonly number[];
  actor?: Actor;
  /**
   * Lab-local date to generate through in every lab (the command's --date); else each lab's date
   * of `now`. It only ever moves a lab forward: a date before the lab's next date creates nothing,
   * and a lab never generated starts today whatever this says.
   */
  throughDate?: LocalDate;
  /**
   * Also create the missing records of every period covering the dates from this lab-local date
   * on (the command's --backfill-from): explicit, at most MAX_BACKFILL_DAYS before today, audited
   * as a back-fill. Never changes where the regular generation continues.
   */
  backfillFrom?: LocalDate;
}

/** How far back --backfill-from may reach, in days before the lab-local date of `now`. */
export const MAX_BACKFILL_DAYS = 366;

/** Why `backfillFrom` is refused for a lab whose local date is `today`, or null. */
export function backfillProblem(backfillFrom: LocalDate, today: LocalDate): string | null {
  if (backfillFrom > today) return `the back-fill start ${backfillFrom} is after today (${today})`;
  if (backfillFrom < addDays(today, -MAX_BACKFILL_DAYS)) return `the back-fill start ${backfillFrom} is more than ${MAX_BACKFILL_DAYS} days before today (${today})`;
  return null;
}

export interface CurrentPeriodScope extends EquipmentScope {
  labIds?: readonly number[];
  actor?: Actor;
}

/** Some labs failed; `results` holds what the other labs did. */
export class GenerationError extends AggregateError {
  constructor(
    errors: Error[],
    readonly results: LabGeneration[],
  ) {
    super(errors, `record generation failed in ${errors.length} lab(s): ${errors.map((e) => e.message).join("; ")}`);
  }
}

const TRANSACTION = { maxWait: 120_000, timeout: 600_000 } as const;

/**
 * Runs reads in a transaction of their own. On the embedded database, parameterised queries
 * from several connections outside transactions can interleave their protocol messages (the
 * socket server queues each message separately), which breaks concurrent generators; inside a
 * transaction one connection has the database to itself. On a server it costs a BEGIN/COMMIT.
 */
function readOnly<T>(db: Db, read: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(read, TRANSACTION);
}

const ATTEMPTS = 3;

/** Runs one lab's transaction again when a racing insert (see insertRecords) made it fail. */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof NumberingConflict || isUniqueViolation(error)) || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function auditGeneration(tx: Tx, actor: Actor, now: Date, lab: LockedLab, result: InsertResult, extra: Record<string, unknown>): Promise<void> {
  if (result.count === 0) return;
  const first = formatRecordNumber(lab.code, result.firstNumber!);
  const last = formatRecordNumber(lab.code, result.lastNumber!);
  await writeAudit(tx, actor, now, {
    action: "records.generated",
    entityId: result.count === 1 ? first : `${first}..${last}`,
    labId: lab.id,
    after: { count: result.count, firstNumber: first, lastNumber: last, ...extra, periods: result.periods },
  });
}

/**
 * Scheduled and catch-up generation (R-GEN): for each lab, in its own transaction, every period
 * containing a lab-local date after `generatedThrough` up to today (today only on a new
 * install), then `generatedThrough` moves to today. Idempotent and safe to run concurrently:
 * the lab's counter lock serialises runs and the second one finds nothing left to create.
 */
export async function generateRecords(db: Db, options: GenerateRecordsOptions): Promise<LabGeneration[]> {
  const actor = options.actor ?? systemActor("SCHEDULER", "Record generator");
  const labs = await readOnly(db, (tx) =>
    tx.lab.findMany({
      where: { active: true, ...(options.labIds ? { id: { in: [...options.labIds] } } : {}) },
      select: { id: true, code: true, timeZone: true, generatedThrough: true },
      orderBy: { id: "asc" },
    }),
  );
  const results: LabGeneration[] = [];
  const failures: Error[] = [];
  for (const candidate of labs) {
    try {
      const today = localDateOf(options.now, candidate.timeZone);
      const through = options.throughDate ?? today;
      const done = candidate.generatedThrough?.toISOString().slice(0, 10);
      if (options.backfillFrom !== undefined) {
        const problem = backfillProblem(options.backfillFrom, today);
        if (problem) throw new Error(problem);
      } else if ((done !== undefined && done >= through) || (done === undefined && through < today)) {
        results.push({ labId: candidate.id, labCode: candidate.code, from: null, through: null, created: 0, firstNumber: null, lastNumber: null, notStarted: done === undefined });
        continue;
      }
      const plan = { through, today, backfillFrom: options.backfillFrom };
      results.push(await withRetry(() => db.$transaction((tx) => generateLab(tx, candidate.id, plan, options.now, actor), TRANSACTION)));
    } catch (error) {
      // One lab's failure (a bad time zone, say) must not hold back the others.
      failures.push(new Error(`lab ${candidate.code}: ${(error as Error).message}`, { cause: error }));
    }
  }
  if (failures.length > 0) throw new GenerationError(failures, results);
  return results;
}

interface LabPlan {
  /** Generate through this lab-local date. */
  through: LocalDate;
  /** The lab-local date of `now`: where a lab never generated starts. */
  today: LocalDate;
  backfillFrom?: LocalDate;
}

async function generateLab(tx: Tx, labId: number, plan: LabPlan, now: Date, actor: Actor): Promise<LabGeneration> {
  const lab = await lockLabCounter(tx, labId);
  if (!lab) throw new Error(`lab ${labId} disappeared`);
  // Read under the lock: a run that waited for another one starts where that one stopped.
  const next = lab.generatedThrough === null ? plan.today : addDays(lab.generatedThrough, 1);
  // A back-fill re-covers dates already generated too: insertRecords skips periods that have records.
  const from = plan.backfillFrom !== undefined && plan.backfillFrom < next ? plan.backfillFrom : next;
  const through = plan.through;
  const dates = localDatesBetween(from, through);
  const none = { labId, labCode: lab.code, created: 0, firstNumber: null, lastNumber: null };
  if (dates.length === 0) return { ...none, from: null, through: null };
  const result = await insertRecords(tx, lab, periodsCovering(dates, lab.timeZone), now);
  await advanceCounter(tx, labId, result.count);
  // Only ever forward: a back-fill of the past leaves where the next run continues unchanged.
  if (through >= next) await tx.$executeRaw`UPDATE lab SET generated_through = ${through}::date WHERE id = ${labId}`;
  await auditGeneration(tx, actor, now, lab, result, { from, through, ...(plan.backfillFrom !== undefined ? { backfillFrom: plan.backfillFrom } : {}) });
  return { ...none, from, through, created: result.count, firstNumber: result.firstNumber, lastNumber: result.lastNumber };
}

/**
 * On-demand generation (R-GEN "reacts to change"): the current period of every frequency for
 * the scoped equipment, through the same numbering path, without moving `generatedThrough`.
 * Services call it after their own transaction has committed. Scopes combine: equipment ids,
 * model ids and lab ids all have to match; no scope at all means every lab.
 */
export async function generateCurrentPeriod(db: Db, clock: Clock, scope: CurrentPeriodScope = {}): Promise<LabGeneration[]> {
  const actor = scope.actor ?? systemActor("SYSTEM", "Record generator");
  const now = clock.now();
  const equipmentScope: EquipmentScope = { equipmentIds: scope.equipmentIds, modelIds: scope.modelIds };
  const labIds = await readOnly(db, (tx) => labsInScope(tx, scope));
  const results: LabGeneration[] = [];
  for (const labId of labIds) {
    results.push(
      await withRetry(() =>
        db.$transaction(async (tx) => {
          const lab = await lockLabCounter(tx, labId);
          if (!lab) throw new Error(`lab ${labId} disappeared`);
          const today = localDateOf(now, lab.timeZone);
          const result = await insertRecords(tx, lab, periodsCovering([today], lab.timeZone), now, equipmentScope);
          await advanceCounter(tx, labId, result.count);
          await auditGeneration(tx, actor, now, lab, result, { from: today, through: today, onDemand: true });
          return { labId, labCode: lab.code, from: today, through: today, created: result.count, firstNumber: result.firstNumber, lastNumber: result.lastNumber };
        }, TRANSACTION),
      ),
    );
  }
  return results;
}

async function labsInScope(db: Tx, scope: CurrentPeriodScope): Promise<number[]> {
  if (scope.equipmentIds?.length === 0 || scope.modelIds?.length === 0 || scope.labIds?.length === 0) return [];
  const labFilter = scope.labIds ? { id: { in: [...scope.labIds] } } : {};
  if (!scope.equipmentIds && !scope.modelIds) {
    const labs = await db.lab.findMany({ where: { active: true, ...labFilter }, select: { id: true }, orderBy: { id: "asc" } });
    return labs.map((lab) => lab.id);
  }
  const rows = await db.equipment.findMany({
    where: {
      status: "ACTIVE",
      lab: { active: true, ...labFilter },
      ...(scope.equipmentIds ? { id: { in: [...scope.equipmentIds] } } : {}),
      ...(scope.modelIds ? { modelId: { in: [...scope.modelIds] } } : {}),
    },
    select: { labId: true },
    distinct: ["labId"],
    orderBy: { labId: "asc" },
  });
  return rows.map((row) => row.labId);
}
