import { z } from "zod";
import { serviceContext, type ServiceContext } from "../../domain/context.ts";
import { isAppError } from "../../domain/errors.ts";
import { can } from "../../domain/policy/policy.ts";
import { completeRecord, getRecord, type RecordDetail } from "../../domain/record/record.service.ts";
import type { TaskResultInput } from "../../domain/record/record.schemas.ts";
import { checklistCard, completedCard, COMMENT_INPUT_ID, taskInputId } from "../cards/checklist.ts";
import { messageCard } from "../cards/common.ts";
import type { Card, ChecklistAnswer, ChecklistTask } from "../cards/types.ts";
import { links, type BotDeps, type Turn } from "../context.ts";
import { findInstallation } from "../../domain/installation/installation.service.ts";
import { labById } from "../../domain/installation/labs.ts";
import { errorCard, principalOf, refreshUsers } from "./turn.ts";

/** Card action data: the record, and on submit the inputs Teams merged in. */
const ActionData = z.object({ recordId: z.coerce.number().int().positive() }).passthrough();

interface Shown {
  ctx: ServiceContext;
  record: RecordDetail;
  timeZone: string;
  userIds: string[];
  url: string;
}

async function load(deps: BotDeps, turn: Turn, data: unknown): Promise<Shown> {
  const { recordId } = ActionData.parse(data);
  const principal = await principalOf(deps, turn);
  const ctx = serviceContext(deps.db, principal, "BOT", deps.clock);
  const record = await getRecord(ctx, recordId);
  const lab = await labById(deps.db, record.labId);
  const installation = await findInstallation(deps.db, turn.conversationKey);
  return { ctx, record, timeZone: lab?.timeZone ?? "UTC", userIds: refreshUsers(installation, turn), url: links(deps.settings).record(record.id) };
}

function tasksOf(record: RecordDetail): ChecklistTask[] {
  return record.checklist.filter((t) => t.taskId !== null).map((t) => ({ taskId: t.taskId!, title: t.title, kind: t.kind, unit: t.unit, min: t.min, max: t.max, required: t.required }));
}

function answerText(r: RecordDetail["results"][number]): string {
  if (r.kind === "CHECK") return r.outcome === "DONE" ? "Done" : r.outcome === "NOT_DONE" ? "Not done" : r.outcome === "NOT_APPLICABLE" ? "N/A" : "—";
  if (r.kind === "READING") return r.reading === null ? "—" : `${r.reading}${r.unit ? ` ${r.unit}` : ""}`;
  return r.text ?? "—";
}

function completed(shown: Shown, alreadyCompleted: boolean): Card {
  const { record } = shown;
  return completedCard({
    recordId: record.id,
    number: record.number,
    equipment: `${record.equipment.assetTag} · ${record.equipment.modelName}`,
    completedBy: record.completedBy?.displayName ?? "someone",
    completedAt: record.completedAt ?? new Date(0),
    timeZone: shown.timeZone,
    result: record.result,
    results: record.results.map((r) => ({ title: r.title, value: answerText(r), passed: r.passed })),
    comment: record.comment,
    alreadyCompleted,
    url: shown.url,
    userIds: shown.userIds,
  });
}

function checklist(shown: Shown, extra: { answers?: Record<number, ChecklistAnswer>; comment?: string; problems?: Record<number, string[]> } = {}): Card {
  const { record } = shown;
  return checklistCard({
    recordId: record.id,
    number: record.number,
    equipment: `${record.equipment.assetTag} · ${record.equipment.modelName}`,
    location: record.equipment.location,
    frequency: record.frequency,
    dueAt: record.dueAt,
    overdue: record.overdue,
    timeZone: shown.timeZone,
    tasks: tasksOf(record),
    url: shown.url,
    userIds: shown.userIds,
    ...extra,
  });
}

/** The record's current state: its checklist while open (for those who may complete it), or who completed it. */
function current(shown: Shown): Card {
  if (shown.record.status === "COMPLETED") return completed(shown, false);
  if (!can(shown.ctx.principal, "record", "complete", shown.record.labId)) {
    return messageCard(`${shown.record.number} is open`, "You can see this checklist but your role does not allow completing it.", [{ title: "Open in Labkeep", url: shown.url }]);
  }
  return checklist(shown);
}

/** Opening a record from a digest row, and the card's automatic refresh. */
export async function openRecord(deps: BotDeps, turn: Turn, data: unknown): Promise<Card> {
  try {
    return current(await load(deps, turn, data));
  } catch (error) {
    return errorCard(error, deps);
  }
}

/** Reads the card inputs into the completion input of the API; unreadable numbers become problems. */
function readInputs(tasks: ChecklistTask[], data: Record<string, unknown>) {
  const answers: Record<number, ChecklistAnswer> = {};
  const problems: Record<number, string[]> = {};
  const results: TaskResultInput[] = [];
  for (const task of tasks) {
    const raw = data[taskInputId(task.taskId)];
    const value = typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : "";
    if (value === "") continue;
    if (task.kind === "CHECK") {
      const outcome = value as ChecklistAnswer["outcome"];
      if (outcome === "DONE" || outcome === "NOT_DONE" || outcome === "NOT_APPLICABLE") {
        answers[task.taskId] = { outcome };
        results.push({ taskId: task.taskId, outcome });
      } else problems[task.taskId] = [`Choose done, not done or not applicable for "${task.title}".`];
    } else if (task.kind === "READING") {
      answers[task.taskId] = { reading: value };
      const reading = Number(value.replace(",", "."));
      if (Number.isFinite(reading)) results.push({ taskId: task.taskId, reading });
      else problems[task.taskId] = [`The reading of "${task.title}" must be a number.`];
    } else {
      answers[task.taskId] = { text: value };
      results.push({ taskId: task.taskId, text: value });
    }
  }
  const comment = typeof data[COMMENT_INPUT_ID] === "string" ? (data[COMMENT_INPUT_ID] as string).trim() : "";
  return { answers, problems, results, comment };
}

/** Maps the service's field problems ({ fields: [{ field: results.<index> | results[taskId=N] }] }) back to tasks. */
function problemsByTask(details: unknown, results: TaskResultInput[], tasks: ChecklistTask[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  const list = Array.isArray(fields) ? (fields as { field?: string; message?: string }[]) : [];
  for (const p of list) {
    const byIndex = /^results\.(\d+)/.exec(p.field ?? "");
    const byTask = /taskId=(\d+)/.exec(p.field ?? "");
    let taskId = byTask ? Number(byTask[1]) : byIndex ? results[Number(byIndex[1])]?.taskId : undefined;
    if (taskId === undefined || !tasks.some((t) => t.taskId === taskId)) taskId = 0;
    (out[taskId] ??= []).push(p.message ?? "Invalid value.");
  }
  return out;
}

/** Submitting the checklist: validated and completed through completeRecord, like the API. */
export async function submitRecord(deps: BotDeps, turn: Turn, data: Record<string, unknown>): Promise<{ card: Card; completedNow: boolean }> {
  let shown: Shown;
  try {
    shown = await load(deps, turn, data);
  } catch (error) {
    return { card: errorCard(error, deps), completedNow: false };
  }
  if (shown.record.status === "COMPLETED") return { card: completed(shown, true), completedNow: false };
  const tasks = tasksOf(shown.record);
  const input = readInputs(tasks, data);
  if (Object.keys(input.problems).length > 0) {
    return { card: checklist(shown, { answers: input.answers, comment: input.comment, problems: { 0: ["Some answers need attention."], ...input.problems } }), completedNow: false };
  }
  try {
    const record = await completeRecord(shown.ctx, shown.record.id, { results: input.results, comment: input.comment || undefined });
    return { card: completed({ ...shown, record }, false), completedNow: true };
  } catch (error) {
    if (isAppError(error) && error.code === "already_completed") {
      const record = await getRecord(shown.ctx, shown.record.id);
      return { card: completed({ ...shown, record }, true), completedNow: false };
    }
    if (isAppError(error) && error.code === "validation_failed") {
      const problems = problemsByTask(error.details, input.results, tasks);
      (problems[0] ??= []).unshift(error.message);
      return { card: checklist(shown, { answers: input.answers, comment: input.comment, problems }), completedNow: false };
    }
    return { card: errorCard(error, deps), completedNow: false };
  }
}
