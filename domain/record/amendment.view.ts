import { z } from "zod";
import type { CheckOutcome, RecordResult, TaskKind } from "../db/generated/enums.ts";
import type { EvaluatedResult } from "./checklist.ts";

/**
 * One answer as an amendment stores it (before and after), and as the original completion shows it.
 * A type, not an interface, so that it is assignable to Prisma's JSON input.
 */
export type ResultSnapshot = {
  taskId: number | null;
  position: number;
  title: string;
  kind: TaskKind;
  outcome: CheckOutcome | null;
  reading: number | null;
  unit: string | null;
  text: string | null;
  passed: boolean;
  note: string | null;
};

export function snapshotOf(row: EvaluatedResult): ResultSnapshot {
  return { taskId: row.taskId, position: row.position, title: row.title, kind: row.kind, outcome: row.outcome, reading: row.reading, unit: row.unit, text: row.text, passed: row.passed, note: row.note };
}

/** What a record says: its overall result, comment and answers. */
export interface RecordValues {
  result: RecordResult | null;
  comment: string | null;
  results: ResultSnapshot[];
}

/** An amendment's values before and after: only what it changed (the answers it corrected, result and comment if they changed). */
export type ChangedValues = Partial<RecordValues>;

export interface AmendmentView {
  id: number;
  reason: string;
  at: Date;
  actor: { id: number; displayName: string };
  before: ChangedValues;
  after: ChangedValues;
}

// Stored amendments are JSON: read them leniently, so an older or partial entry shows what it has.
const storedResult = z.object({
  taskId: z.number().nullable().default(null), position: z.number(), title: z.string(), kind: z.enum(["CHECK", "READING", "TEXT"]),
  outcome: z.enum(["DONE", "NOT_DONE", "NOT_APPLICABLE"]).nullable().default(null), reading: z.number().nullable().default(null),
  unit: z.string().nullable().default(null), text: z.string().nullable().default(null), passed: z.boolean(), note: z.string().nullable().default(null),
});
const storedValues = z.object({
  result: z.enum(["PASS", "FAIL"]).nullable().optional(),
  comment: z.string().nullable().optional(),
  results: z.array(storedResult).optional(),
}).catch({});
const storedChanges = z.object({ before: storedValues.default({}), after: storedValues.default({}) }).catch({ before: {}, after: {} });

/** Drops what is absent, and the result and comment when they stayed the same (amendments store both). */
function changed(values: z.infer<typeof storedValues>, other: z.infer<typeof storedValues>): ChangedValues {
  const kept: ChangedValues = {};
  if (values.result !== undefined && values.result !== other.result) kept.result = values.result;
  if (values.comment !== undefined && values.comment !== other.comment) kept.comment = values.comment;
  if (values.results !== undefined) kept.results = values.results;
  return kept;
}

function apply(values: RecordValues, change: ChangedValues): RecordValues {
  const byPosition = new Map((change.results ?? []).map((r) => [r.position, r]));
  return {
    result: change.result !== undefined ? change.result : values.result,
    comment: change.comment !== undefined ? change.comment : values.comment,
    results: values.results.map((r) => byPosition.get(r.position) ?? r),
  };
}

/**
 * The record as first completed and each amendment's changes, from the current values and the
 * stored amendments (oldest first): undoing the amendments newest first gives the original.
 */
export function amendmentHistory(
  current: RecordValues,
  stored: { id: number; reason: string; at: Date; actor: { id: number; displayName: string }; changes: unknown }[],
): { original: RecordValues; amendments: AmendmentView[] } {
  const amendments = stored.map((a) => {
    const changes = storedChanges.parse(a.changes);
    return { id: a.id, reason: a.reason, at: a.at, actor: a.actor, before: changed(changes.before, changes.after), after: changed(changes.after, changes.before) };
  });
  const original = amendments.reduceRight((values, amendment) => apply(values, amendment.before), current);
  return { original, amendments };
}
