import { z } from "zod";
import { AppError } from "./errors.ts";

export interface FieldProblem {
  field: string;
  message: string;
}

/** Thrown for input that does not fit: `details.fields` names every offending field. */
export function validationFailed(fields: FieldProblem[], message = "Some fields are not valid."): AppError {
  return new AppError("validation_failed", message, { fields });
}

/** The largest id PostgreSQL's `integer` holds: a larger one would fail in the database, not here. */
export const MAX_ID = 2_147_483_647;
const ID_MESSAGE = "Must be a positive integer id.";

/** An id in a JSON body. Every schema's ids use this (or `queryId`), so none reaches the database out of range. */
export const dbId = () => z.number({ error: ID_MESSAGE }).int(ID_MESSAGE).positive(ID_MESSAGE).max(MAX_ID, ID_MESSAGE);
/** An id in a query string (text coerced to a number). */
export const queryId = () => z.coerce.number({ error: ID_MESSAGE }).int(ID_MESSAGE).positive(ID_MESSAGE).max(MAX_ID, ID_MESSAGE);

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not Unicode (a lone UTF-16
 * surrogate, which JSON allows as `\ud800`): rejected before any schema sees it.
 */
// eslint-disable-next-line no-control-regex -- a NUL is exactly what this rejects
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string (value or key) in `input` that cannot be stored, by path. */
function unstorableText(input: unknown, path: string[] = [], found: FieldProblem[] = []): FieldProblem[] {
  const field = () => path.join(".") || "(input)";
  if (typeof input === "string") {
    if (UNSTORABLE.test(input)) found.push({ field: field(), message: "Contains a character that cannot be stored (NUL or an unpaired surrogate)." });
  } else if (Array.isArray(input)) {
    input.forEach((item, i) => unstorableText(item, [...path, String(i)], found));
  } else if (input && typeof input === "object") {
    for (const [key, value] of Object.entries(input)) {
      if (UNSTORABLE.test(key)) found.push({ field: field(), message: "Contains a field name that cannot be stored." });
      else unstorableText(value, [...path, key], found);
    }
  }
  return found;
}

/** Zod's issues as field problems: the one shape of `details.fields` everywhere. */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join(".") || "(input)", message: issue.message }));
}

/**
 * Parses input (a body, a query, card data) with its zod schema; problems, and text that cannot
 * be stored, become AppError "validation_failed" naming the fields. The one input gate.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message?: string): z.output<S> {
  const text = unstorableText(input);
  if (text.length) throw validationFailed(text, message);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw validationFailed(zodProblems(parsed.error), message);
}

/** A positive integer id from a route parameter or a caller; anything else is a validation error. */
export function parseId(value: unknown, field = "id"): number {
  const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) throw validationFailed([{ field, message: ID_MESSAGE }]);
  return id;
}

/** True for a Prisma unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Only the keys whose values differ, as before / after pairs for the audit trail. */
export function changedValues<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
