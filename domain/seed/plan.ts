import { DateTime } from "luxon";
import type { Frequency } from "../db/generated/enums.ts";
import type { Random } from "./random.ts";

/** How demo records get done: most on time, some late, a few never (they stay overdue). */
export const NEVER_RATE = 0.07;
export const LATE_RATE = 0.11;
/** Share of the checklists that came due in the last 24 hours still waiting: the "≤ 1 day" overdue band is never empty. */
export const BACKLOG_RATE = 0.4;
const DAY_MS = 86_400_000;

const LATE_DAYS: Record<Frequency, [number, number]> = { DAILY: [0, 2], WEEKLY: [0, 4], MONTHLY: [1, 9], QUARTERLY: [2, 20], ANNUAL: [5, 30] };

export interface PlannedRecord {
  periodStart: Date;
  dueAt: Date;
  createdAt: Date;
  frequency: Frequency;
}

/**
 * When a record of a lab in `zone` is completed, or null when it never is (or not before `now`).
 * Times are lab-local working hours: daily checks early in the morning, the rest in the day.
 */
export function completionTime(record: PlannedRecord, zone: string, now: Date, random: Random): Date | null {
  const roll = random.next();
  if (roll < NEVER_RATE) return null;
  const recent = record.dueAt.getTime() <= now.getTime() && now.getTime() - record.dueAt.getTime() < DAY_MS;
  if (random.chance(BACKLOG_RATE) && recent) return null;
  const start = DateTime.fromJSDate(record.periodStart, { zone });
  const due = DateTime.fromJSDate(record.dueAt, { zone });
  const hour = record.frequency === "DAILY" ? random.int(7, 10) : random.int(9, 15);
  let at: DateTime;
  if (roll < NEVER_RATE + LATE_RATE) {
    const [min, max] = LATE_DAYS[record.frequency];
    at = due.plus({ days: random.int(min, max) }).set({ hour: random.int(9, 16), minute: random.int(0, 59) });
    if (at <= due) at = due.plus({ hours: random.int(9, 14), minutes: random.int(0, 59) });
  } else {
    const days = Math.max(1, Math.round(due.diff(start, "days").days));
    const offset =
      record.frequency === "DAILY" ? 0
      : record.frequency === "WEEKLY" ? random.int(0, 4)
      : record.frequency === "QUARTERLY" ? random.int(Math.floor(days / 3), days - 3)
      : random.int(0, days - 2);
    at = start.plus({ days: offset }).set({ hour, minute: random.int(0, 59) });
    if (at >= due) at = due.minus({ hours: 3 });
  }
  // Records generated on demand part-way through a period cannot be done before they exist.
  const earliest = DateTime.fromJSDate(record.createdAt).plus({ minutes: random.int(20, 90) });
  if (at < earliest) at = earliest;
  const result = at.toJSDate();
  return result.getTime() > now.getTime() ? null : result;
}

const COMMENTS = [
  "All normal.",
  "Cleaned a small spill before checking.",
  "Reading taken 10 min after the door had been opened; stable.",
  "Consumables reordered.",
  "Logged in the paper logbook as well.",
];

export function completionComment(failed: boolean, random: Random): string | undefined {
  if (failed) return "Out-of-limit result reported to the lab manager.";
  return random.chance(0.1) ? random.pick(COMMENTS) : undefined;
}
