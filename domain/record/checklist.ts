import type { CheckOutcome, TaskKind } from "../db/generated/enums.ts";
import type { FieldProblem } from "../input.ts";
import type { TaskResultInput } from "./record.schemas.ts";

/** A checklist task as it is answered: the live task while open, the stored snapshot once completed. */
export interface TaskSnapshot {
  taskId: number | null;
  position: number;
  title: string;
  kind: TaskKind;
  unit: string | null;
  min: number | null;
  max: number | null;
  required: boolean;
}

/** A stored answer: the snapshot plus what was entered and whether it passed. */
export interface EvaluatedResult extends TaskSnapshot {
  outcome: CheckOutcome | null;
  reading: number | null;
  text: string | null;
  passed: boolean;
  note: string | null;
}

/**
 * Applies the completion rules to one task: a required task must be answered; a check passes
 * when done or not applicable; a reading outside its limits fails; text is free.
 */
export function evaluateTask(task: TaskSnapshot, answer: TaskResultInput | undefined, field: string): EvaluatedResult | FieldProblem {
  const note = answer?.note?.trim() || null;
  const base = { ...task, outcome: null, reading: null, text: null, note };
  switch (task.kind) {
    case "CHECK": {
      const outcome = answer?.outcome;
      if (outcome === undefined) {
        if (task.required) return { field, message: `"${task.title}" is required: mark it done, not done or not applicable.` };
        return { ...base, passed: true };
      }
      return { ...base, outcome, passed: outcome !== "NOT_DONE" };
    }
    case "READING": {
      const reading = answer?.reading;
      if (reading === undefined) {
        if (task.required) return { field, message: `"${task.title}" needs a reading${task.unit ? ` in ${task.unit}` : ""}.` };
        return { ...base, passed: true };
      }
      if (!Number.isFinite(reading)) return { field, message: `The reading of "${task.title}" must be a number.` };
      const inLimits = (task.min === null || reading >= task.min) && (task.max === null || reading <= task.max);
      return { ...base, reading, passed: inLimits };
    }
    case "TEXT": {
      const text = answer?.text?.trim() ?? "";
      if (text === "" && task.required) return { field, message: `"${task.title}" needs an answer.` };
      return { ...base, text: text === "" ? null : text, passed: true };
    }
  }
}

/** A problem with one answer; `taskId` lets each door mark the task itself, whatever the field path. */
export interface ChecklistProblem extends FieldProblem {
  taskId: number | null;
}

export function isProblem(value: EvaluatedResult | FieldProblem): value is FieldProblem {
  return "message" in value && !("passed" in value);
}

/**
 * Evaluates answers against a checklist. Answers to tasks not on the checklist (unknown or
 * inactive) and repeated answers are problems; `only` limits evaluation to the answered tasks
 * (amendments correct some answers and keep the rest).
 */
export function evaluateChecklist(
  tasks: readonly TaskSnapshot[],
  answers: readonly TaskResultInput[],
  options: { only?: boolean } = {},
): { results: EvaluatedResult[]; problems: ChecklistProblem[] } {
  const problems: ChecklistProblem[] = [];
  const byTask = new Map<number, { answer: TaskResultInput; index: number }>();
  const known = new Set(tasks.map((t) => t.taskId));
  answers.forEach((answer, index) => {
    const field = `results.${index}.taskId`;
    if (!known.has(answer.taskId)) problems.push({ field, taskId: answer.taskId, message: `Task ${answer.taskId} is not on this checklist (unknown or inactive).` });
    else if (byTask.has(answer.taskId)) problems.push({ field, taskId: answer.taskId, message: `Task ${answer.taskId} is answered twice.` });
    else byTask.set(answer.taskId, { answer, index });
  });
  const results: EvaluatedResult[] = [];
  for (const task of tasks) {
    const entry = task.taskId === null ? undefined : byTask.get(task.taskId);
    if (options.only && !entry) continue;
    const evaluated = evaluateTask(task, entry?.answer, entry ? `results.${entry.index}` : `results[taskId=${task.taskId}]`);
    if (isProblem(evaluated)) problems.push({ ...evaluated, taskId: task.taskId });
    else results.push(evaluated);
  }
  return { results, problems };
}

export function overallResult(results: readonly { passed: boolean }[]): "PASS" | "FAIL" {
  return results.every((r) => r.passed) ? "PASS" : "FAIL";
}
