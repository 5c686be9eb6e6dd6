import type { FieldError, FieldErrors, Resolver, ResolverResult } from "react-hook-form";
import { readAnswers, type ProblemsByTask, type RawAnswer } from "../../../../domain/record/answers.ts";
import type { TaskResultInput } from "../../api/types.ts";

/**
 * Checklist answers in a react-hook-form form: one text per task under `answers.t<taskId>` (the
 * outcome picked, or the reading or text typed), read into completion input by the domain's one
 * answer module (domain/record/answers.ts), which the bot uses too.
 */
export type AnswerValues = Record<string, string>;

interface AnswerTask {
  taskId: number | null;
  kind: "CHECK" | "READING" | "TEXT";
}

export const answerKey = (taskId: number): string => `t${taskId}`;

export function rawOf(task: AnswerTask, typed: string | undefined): RawAnswer {
  const value = typed ?? "";
  return task.kind === "CHECK" ? { outcome: value } : task.kind === "READING" ? { reading: value } : { text: value };
}

/** The answers as the domain reads them: completion input per task, or its problem. */
export function readForm<T extends AnswerTask & Parameters<typeof readAnswers>[0][number]>(tasks: readonly T[], answers: AnswerValues): { results: TaskResultInput[]; problems: ProblemsByTask } {
  const raw = Object.fromEntries(tasks.filter((t) => t.taskId !== null).map((t) => [t.taskId!, rawOf(t, answers[answerKey(t.taskId!)])]));
  return readAnswers(tasks, raw);
}

/**
 * Adds each answer's problem (by task id) to what the body's schema found, on the answer's own
 * field: after a refused submit, react-hook-form checks a field again as it changes, so a fixed
 * answer's message goes.
 */
export function withAnswerProblems<Form extends { answers: AnswerValues }, Out>(
  schema: Resolver<Form, unknown, Out>,
  problemsOf: (form: Form) => ProblemsByTask,
): Resolver<Form, unknown, Out> {
  return async (values, context, options) => {
    const result = await schema(values, context, options);
    const problems = Object.entries(problemsOf(values));
    if (problems.length === 0) return result;
    const answers = Object.fromEntries(problems.map(([taskId, message]) => [answerKey(Number(taskId)), { type: "answer", message }]));
    return { values: {}, errors: { ...result.errors, answers } } as unknown as ResolverResult<Form, Out>;
  };
}

/** The problem shown on one task's answer, if any. */
export function answerProblem<Form extends { answers: AnswerValues }>(errors: FieldErrors<Form>, taskId: number): string | undefined {
  const answers = errors.answers as Record<string, FieldError | undefined> | undefined;
  return answers?.[answerKey(taskId)]?.message;
}
