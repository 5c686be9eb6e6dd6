import type { z } from "zod";
import { AppError } from "./errors.ts";

export interface FieldProblem {
  field: string;
  message: string;
}

/** Thrown for input that does not fit: `details.fields` names every offending field. */
export function validationFailed(fields: FieldProblem[], message = "Some fields are not valid."): AppError {
  return new AppError("validation_failed", message, { fields });
}

/** Parses service input with its zod schema; problems become AppError "validation_failed". */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw validationFailed(
    parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join(".") || "(input)", message: issue.message })),
  );
}

/** A positive integer id from a route parameter or a caller; anything else is a validation error. */
export function parseId(value: unknown, field = "id"): number {
  const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) throw validationFailed([{ field, message: "Must be a positive integer id." }]);
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
