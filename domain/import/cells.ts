import { DateTime } from "luxon";
import type { RawCell } from "./read.ts";

/**
 * Cell conversions, each answering a value or a message a lab manager understands. Dates: ISO
 * (2026-03-31), day-first with slashes or dots (31/03/2026, 31.03.2026; never month-first), or an
 * Excel date (a date cell or its serial number). Numbers carry no unit: "5 °C" is refused.
 */
export type Converted<T> = { value: T } | { error: string };

const ok = <T>(value: T): Converted<T> => ({ value });
const fail = (error: string): Converted<never> => ({ error });

/** Days between Excel's day 0 (1899-12-30, counting its phantom 1900-02-29) and 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

export function text(cell: RawCell, max = 4000): Converted<string | null> {
  if (cell === null) return ok(null);
  const value = (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell)).trim();
  if (value.length > max) return fail(`Too long: at most ${max} characters.`);
  return ok(value === "" ? null : value);
}

export function number(cell: RawCell): Converted<number | null> {
  if (cell === null) return ok(null);
  if (typeof cell === "number") return Number.isFinite(cell) ? ok(cell) : fail("Not a number.");
  const raw = String(cell).trim();
  if (raw === "") return ok(null);
  const plain = raw.replace(",", ".");
  if (/^[-+]?\d+(\.\d+)?$/.test(plain)) return ok(Number(plain));
  if (/^[-+]?\d+([.,]\d+)?\s*\S+/.test(raw)) return fail(`"${raw}" has a unit or text after the number: write the number only (the unit is on the Tasks sheet).`);
  return fail(`"${raw}" is not a number.`);
}

export function choice<T extends string>(cell: RawCell, allowed: readonly T[], fallback?: T): Converted<T | null> {
  const t = text(cell);
  if ("error" in t) return t;
  if (t.value === null) return ok(fallback ?? null);
  const normalized = t.value.toUpperCase().replace(/[\s-]+/g, "_");
  const found = allowed.find((a) => a === normalized);
  return found ? ok(found) : fail(`"${t.value}" is not one of ${allowed.join(", ")}.`);
}

export function list<T extends string>(cell: RawCell, allowed: readonly T[]): Converted<T[]> {
  const t = text(cell);
  if ("error" in t) return t;
  const out: T[] = [];
  for (const part of (t.value ?? "").split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
    const c = choice(part, allowed);
    if ("error" in c) return c;
    if (c.value && !out.includes(c.value)) out.push(c.value);
  }
  return ok(out);
}

const DAY_FIRST = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;

interface Wall {
  date: string;
  time: string | null;
}

/** A cell as a wall-clock date (and time): what the lab wrote, with no zone yet. */
function wall(cell: RawCell): Converted<Wall | null> {
  if (cell === null) return ok(null);
  // Excel stores dates without a zone; ExcelJS hands them over as that wall clock read as UTC.
  if (cell instanceof Date) return ok({ date: cell.toISOString().slice(0, 10), time: cell.toISOString().slice(11, 16) });
  if (typeof cell === "number") {
    if (cell < 1 || cell > 2958465) return fail(`${cell} is not a date.`);
    const iso = new Date(Math.round((cell - EXCEL_EPOCH_DAYS) * 86_400_000)).toISOString();
    return ok({ date: iso.slice(0, 10), time: iso.slice(11, 16) });
  }
  const raw = String(cell).trim();
  if (raw === "") return ok(null);
  const iso = ISO.exec(raw);
  const dayFirst = iso ? null : DAY_FIRST.exec(raw);
  const parts = iso ? { y: iso[1]!, mo: iso[2]!, d: iso[3]!, h: iso[4], mi: iso[5] } : dayFirst ? { y: dayFirst[3]!, mo: dayFirst[2]!, d: dayFirst[1]!, h: dayFirst[4], mi: dayFirst[5] } : null;
  if (!parts) return fail(`"${raw}" is not a date: write 2026-03-31 or 31/03/2026 (day first).`);
  const date = `${parts.y}-${parts.mo.padStart(2, "0")}-${parts.d.padStart(2, "0")}`;
  if (!DateTime.fromISO(date).isValid) return fail(`"${raw}" is not a date of the calendar.`);
  const time = parts.h !== undefined ? `${parts.h.padStart(2, "0")}:${parts.mi}` : null;
  if (time && !DateTime.fromISO(`${date}T${time}`).isValid) return fail(`"${raw}" has an impossible time.`);
  return ok({ date, time });
}

/** A calendar date, "YYYY-MM-DD". */
export function date(cell: RawCell): Converted<string | null> {
  const w = wall(cell);
  return "error" in w ? w : ok(w.value?.date ?? null);
}

/** A date and time on the lab's wall clock, as the instant it was in `zone`. */
export function dateTime(cell: RawCell, zone: string): Converted<Date | null> {
  const w = wall(cell);
  if ("error" in w || w.value === null) return w as Converted<null>;
  const at = DateTime.fromISO(`${w.value.date}T${w.value.time ?? "00:00"}`, { zone });
  return at.isValid ? ok(at.toJSDate()) : fail("Not a valid date and time.");
}

/** "Temperature = 4.5; Speed = 3000" → title → number. */
export function readings(cell: RawCell): Converted<Map<string, number>> {
  const t = text(cell);
  if ("error" in t) return t;
  const out = new Map<string, number>();
  for (const part of (t.value ?? "").split(";").map((p) => p.trim()).filter(Boolean)) {
    const at = part.lastIndexOf("=");
    if (at < 1) return fail(`"${part}" is not "task title = number".`);
    const title = part.slice(0, at).trim();
    const n = number(part.slice(at + 1).trim());
    if ("error" in n) return fail(`Reading "${title}": ${n.error}`);
    if (n.value === null) return fail(`Reading "${title}" has no value.`);
    out.set(title.toLowerCase(), n.value);
  }
  return ok(out);
}
