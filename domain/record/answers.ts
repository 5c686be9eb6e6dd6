/**
 * Checklist answers as the doors receive them (the tab's form fields, the bot card's inputs):
 * raw strings in, the completion input out, problems keyed by task id. Both doors call this one
 * module, so an answer reads the same whichever door it came through. Pure: the tab imports it.
 */
import { evaluateTask, type TaskSnapshot } from "./checklist.ts";
import type { TaskResultInput } from "./record.schemas.ts";

/** What someone picked or typed for one task; blank (or absent) means not answered. */
export interface RawAnswer {
  outcome?: string;
  reading?: string;
  text?: string;
  note?: string;
}

/** One message per task id. */
export type ProblemsByTask = Record<number, string>;

export const CHECK_OUTCOMES = ["DONE", "NOT_DONE", "NOT_APPLICABLE"] as const;
export type CheckOutcomeValue = (typeof CHECK_OUTCOMES)[number];

export const OUTCOME_LABEL: Record<CheckOutcomeValue, string> = { DONE: "Done", NOT_DONE: "Not done", NOT_APPLICABLE: "N/A" };

/** Shown for an optional task left blank: distinct from an explicit "N/A". */
export const NOT_ANSWERED = "Not answered";

function isOutcome(value: string): value is CheckOutcomeValue {
  return (CHECK_OUTCOMES as readonly string[]).includes(value);
}

/** A reading as typed: "4.5" or "4,5" (a decimal comma); anything else is not a number. */
export function parseReading(value: string): number | null {
  const reading = Number(value.trim().replace(",", "."));
  return value.trim() !== "" && Number.isFinite(reading) ? reading : null;
}

/** The task's answer as completion input, or the problem that stops it from being one. */
function readOne(task: TaskSnapshot & { taskId: number }, raw: RawAnswer | undefined): TaskResultInput | string {
  const input: TaskResultInput = { taskId: task.taskId };
  const note = raw?.note?.trim();
  if (note) input.note = note;
  if (task.kind === "CHECK") {
    const outcome = raw?.outcome?.trim() ?? "";
    if (outcome !== "" && !isOutcome(outcome)) return `Choose done, not done or not applicable for "${task.title}".`;
    if (outcome !== "") input.outcome = outcome as CheckOutcomeValue;
  } else if (task.kind === "READING") {
    const typed = raw?.reading?.trim() ?? "";
    const reading = parseReading(typed);
    if (typed !== "" && reading === null) return `The reading of "${task.title}" must be a number.`;
    if (reading !== null) input.reading = reading;
  } else {
    const text = raw?.text?.trim() ?? "";
    if (text !== "") input.text = text;
  }
  // The completion rules themselves (required answers) are the domain's, applied as the service will.
  const evaluated = evaluateTask(task, input, `task.${task.taskId}`);
  return "passed" in evaluated ? input : evaluated.message;
}

/**
 * Turns raw answers (by task id) into the completion input. A task left blank is sent as nothing:
 * the service records it as not answered (no outcome), never as N/A. Tasks without an id (an old
 * snapshot's deleted tasks) cannot be answered and are skipped.
 */
export function readAnswers(
  tasks: readonly TaskSnapshot[],
  raw: Readonly<Record<number, RawAnswer | undefined>>,
): { results: TaskResultInput[]; problems: ProblemsByTask } {
  const results: TaskResultInput[] = [];
  const problems: ProblemsByTask = {};
  for (const task of tasks) {
    if (task.taskId === null) continue;
    const read = readOne({ ...task, taskId: task.taskId }, raw[task.taskId]);
    if (typeof read === "string") problems[task.taskId] = read;
    else if (Object.keys(read).length > 1) results.push(read);
  }
  return { results, problems };
}

/**
 * The service's field problems (AppError "validation_failed" details) by task id: the checklist
 * rules name the task of each problem; problems of no task on this checklist go under 0.
 */
export function serviceProblemsByTask(details: unknown, taskIds: readonly number[]): Record<number, string[]> {
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  const out: Record<number, string[]> = {};
  for (const problem of Array.isArray(fields) ? (fields as { taskId?: unknown; message?: unknown }[]) : []) {
    const taskId = typeof problem.taskId === "number" && taskIds.includes(problem.taskId) ? problem.taskId : 0;
    (out[taskId] ??= []).push(typeof problem.message === "string" ? problem.message : "Invalid value.");
  }
  return out;
}

/** A stored answer as text: "Done", "N/A", "4.5 °C", … or "Not answered" for an optional task left blank. */
export function answerText(result: { kind: TaskSnapshot["kind"]; unit: string | null; outcome?: string | null; reading?: number | null; text?: string | null }): string {
  if (result.kind === "CHECK") return result.outcome != null && isOutcome(result.outcome) ? OUTCOME_LABEL[result.outcome] : NOT_ANSWERED;
  if (result.kind === "READING") return result.reading == null ? NOT_ANSWERED : `${result.reading}${result.unit ? ` ${result.unit}` : ""}`;
  return result.text || NOT_ANSWERED;
}
