import { z } from "zod";
import { serviceContext, type ServiceContext } from "../../domain/context.ts";
import { isAppError } from "../../domain/errors.ts";
import { can } from "../../domain/policy/policy.ts";
import { completeRecord, getRecord, type RecordDetail } from "../../domain/record/record.service.ts";
import { answerText, readAnswers, serviceProblemsByTask, type RawAnswer } from "../../domain/record/answers.ts";
import { checklistCard, completedCard, COMMENT_INPUT_ID, taskInputId } from "../cards/checklist.ts";
import { messageCard } from "../cards/common.ts";
import type { Card, ChecklistTask } from "../cards/types.ts";
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

function checklist(shown: Shown, extra: { answers?: Record<number, RawAnswer>; comment?: string; problems?: Record<number, string[]> } = {}): Card {
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

/** The card's inputs, by task id, as raw answers (Teams sends a number input as a string or a number). */
function rawAnswers(tasks: ChecklistTask[], data: Record<string, unknown>): Record<number, RawAnswer> {
  const raw: Record<number, RawAnswer> = {};
  for (const task of tasks) {
    const value = data[taskInputId(task.taskId)];
    const typed = typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
    raw[task.taskId] = task.kind === "CHECK" ? { outcome: typed } : task.kind === "READING" ? { reading: typed } : { text: typed };
  }
  return raw;
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
  const answers = rawAnswers(tasks, data);
  const comment = typeof data[COMMENT_INPUT_ID] === "string" ? data[COMMENT_INPUT_ID].trim() : "";
  const { results, problems } = readAnswers(shown.record.checklist, answers);
  if (Object.keys(problems).length > 0) {
    const marked = Object.fromEntries(Object.entries(problems).map(([taskId, message]) => [taskId, [message]]));
    return { card: checklist(shown, { answers, comment, problems: { 0: ["Some answers need attention."], ...marked } }), completedNow: false };
  }
  try {
    const record = await completeRecord(shown.ctx, shown.record.id, { results, comment: comment || undefined });
    return { card: completed({ ...shown, record }, false), completedNow: true };
  } catch (error) {
    if (isAppError(error) && error.code === "already_completed") {
      const record = await getRecord(shown.ctx, shown.record.id);
      return { card: completed({ ...shown, record }, true), completedNow: false };
    }
    if (isAppError(error) && error.code === "validation_failed") {
      const marked = serviceProblemsByTask(error.details, tasks.map((t) => t.taskId));
      (marked[0] ??= []).unshift(error.message);
      return { card: checklist(shown, { answers, comment, problems: marked }), completedNow: false };
    }
    return { card: errorCard(error, deps), completedNow: false };
  }
}
