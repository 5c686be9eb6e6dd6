/**
 * The one definition of a record's status words (SPEC §3), as SQL fragments for queries and as
 * TypeScript predicates for rows already loaded. Record lists, reports and the bot's digest use
 * these; nothing else spells them out.
 *
 * - open: neither completed nor closed as not required.
 * - not required: closed without work because the period needed none (the equipment was
 *   transferred or left Active, or a manager said so, with a reason). Never open, never overdue,
 *   and not a missed check: reports leave it out of what was due.
 * - overdue: open and past its due time (`now > dueAt`; completing at dueAt is still on time).
 * - due today: open, not overdue, with its period ending at the end of today, lab-local. A
 *   record's dueAt is the lab-local midnight after its period's last day, so a record due tonight
 *   has dueAt == the next lab-local midnight, computed in the lab's own IANA zone. At the very
 *   instant of a due time the record is still on time, so it counts as due today, not overdue.
 * - pending ("due, not overdue" in the tab): open, its period begun, not overdue.
 * - done: completed and, where a second person's review was required (R-REVIEW), reviewed.
 *   Completed but awaiting review (or returned to the performer) is *unreviewed*: not open, not
 *   overdue, but not done either; compliance counts it in neither completed column.
 */
import { DateTime } from "luxon";
import { Prisma } from "../db/client.ts";

export interface StatusFields {
  status: "OPEN" | "COMPLETED" | "NOT_REQUIRED";
  dueAt: Date;
  periodStart?: Date;
}

/** The lab-local midnight that ends `now`'s day in `timeZone`. */
export function endOfLocalDay(now: Date, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf("day").plus({ days: 1 }).toJSDate();
}

export function isOpen(record: StatusFields): boolean {
  return record.status === "OPEN";
}

export function isNotRequired(record: Pick<StatusFields, "status">): boolean {
  return record.status === "NOT_REQUIRED";
}

export function isDone(record: Pick<StatusFields, "status"> & { reviewState: "AWAITING" | "REVIEWED" | "RETURNED" | null }): boolean {
  return record.status === "COMPLETED" && (record.reviewState === null || record.reviewState === "REVIEWED");
}

export function isOverdue(record: StatusFields, now: Date): boolean {
  return isOpen(record) && record.dueAt.getTime() < now.getTime();
}

export function isDueToday(record: StatusFields, now: Date, timeZone: string): boolean {
  return isOpen(record) && !isOverdue(record, now) && record.dueAt.getTime() <= endOfLocalDay(now, timeZone).getTime();
}

export function isPending(record: StatusFields & { periodStart: Date }, now: Date): boolean {
  return isOpen(record) && !isOverdue(record, now) && record.periodStart.getTime() <= now.getTime();
}

/**
 * SQL conditions on a `pm_record` alias (default `r`). `zone` is the SQL expression of the
 * record's lab zone; by default a lookup of the record's lab, so callers without a lab join work.
 * `openAt` asks how things stood at an earlier instant: a record completed since then (or at it) was open
 * (the digest keeps the rows it showed, marking those done since).
 */
export function statusSql(alias = "r", zone?: Prisma.Sql, options: { openAt?: Date } = {}) {
  const r = Prisma.raw(alias);
  const labZone = zone ?? Prisma.sql`(SELECT z.time_zone FROM lab z WHERE z.id = ${r}.lab_id)`;
  const open = options.openAt
    ? Prisma.sql`(${r}.status = 'OPEN' OR ${r}.completed_at >= ${options.openAt})`
    : Prisma.sql`${r}.status = 'OPEN'`;
  return {
    open,
    /** Counts toward compliance: everything but a period closed as not required. */
    required: Prisma.sql`${r}.status <> 'NOT_REQUIRED'`,
    /** Completed and, where review was required, reviewed. */
    done: Prisma.sql`(${r}.status = 'COMPLETED' AND (${r}.review_state IS NULL OR ${r}.review_state = 'REVIEWED'))`,
    /** Completed but its required review not done (awaiting, or returned to the performer). */
    unreviewed: Prisma.sql`(${r}.status = 'COMPLETED' AND ${r}.review_state IN ('AWAITING', 'RETURNED'))`,
    overdue: (now: Date) => Prisma.sql`(${open} AND ${r}.due_at < ${now})`,
    notOverdue: (now: Date) => Prisma.sql`(${open} AND ${r}.due_at >= ${now})`,
    pending: (now: Date) => Prisma.sql`(${open} AND ${r}.due_at >= ${now} AND ${r}.period_start <= ${now})`,
    /** The lab-local midnight ending `now`'s day: local date of now, plus one day, back to UTC. */
    endOfDay: (now: Date) => Prisma.sql`((date_trunc('day', ${now}::timestamptz AT TIME ZONE ${labZone}) + interval '1 day') AT TIME ZONE ${labZone})`,
    dueToday(now: Date) {
      return Prisma.sql`(${open} AND ${r}.due_at >= ${now} AND ${r}.due_at <= ${this.endOfDay(now)})`;
    },
  };
}
