import { calibrationBadgeText, instrumentCalibration, type CalibrationBadge } from "../../domain/calibration/badge.ts";
import { z } from "zod";
import { serviceContext, type ServiceContext } from "../../domain/context.ts";
import { isAppError } from "../../domain/errors.ts";
import { findInstallation } from "../../domain/installation/installation.service.ts";
import { can } from "../../domain/policy/policy.ts";
import { completeRecord, getRecord, type RecordDetail } from "../../domain/record/record.service.ts";
import { answerText, readAnswers, serviceProblemsByTask, type RawAnswer } from "../../domain/record/answers.ts";
import { checklistCard, completedCard, completedLine, COMMENT_INPUT_ID, taskInputId } from "../cards/checklist.ts";
import { messageCard } from "../cards/common.ts";
import { labTime } from "../../domain/time/format.ts";
import { DigestRefData } from "../cards/digest-ref.ts";
import type { Card, ChecklistData, ChecklistForm, ChecklistTask, DigestRef } from "../cards/types.ts";
import { links, type BotDeps, type Turn } from "../context.ts";
import { errorCard, principalOf, refreshUsers } from "./turn.ts";

/** Where a checklist is shown: a Teams dialog, or its own message where the client has no dialogs. */
export type ChecklistMode = ChecklistData["mode"];

const Task = z.object({
  taskId: z.number().int().positive(),
  title: z.string().max(500),
  kind: z.enum(["CHECK", "READING", "TEXT"]),
  unit: z.string().max(50).nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  required: z.boolean(),
});

/** The checklist a Submit carries (see formOf): drawn again with the answers when the database is unreachable. */
const Form = z.object({
  recordId: z.number().int().positive(),
  number: z.string().max(40),
  equipment: z.string().max(500),
  location: z.string().max(500).nullable(),
  frequency: z.enum(["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"]),
  dueAt: z.coerce.date(),
  overdue: z.boolean(),
  timeZone: z.string().max(100),
  labCode: z.string().max(20),
  tasks: z.array(Task).max(200),
  calibration: z.string().max(200).nullable().optional(),
});

/** Card action data: the record, the digest it came from, and on submit the form and the inputs Teams merged in. */
const ActionData = z
  .object({ recordId: z.coerce.number().int().positive(), digest: DigestRefData.optional().catch(undefined), form: Form.optional().catch(undefined) })
  .passthrough();
type Action = z.infer<typeof ActionData>;

/** What went wrong was not the user's doing (database or network): the same card again, answers kept. */
const TRY_AGAIN = "Labkeep could not save this just now (it cannot reach its database). Your answers are still here: submit again in a moment.";

interface Shown {
  ctx: ServiceContext;
  settings: BotDeps["settings"];
  record: RecordDetail;
  calibration: CalibrationBadge | null;
  labCode: string;
  timeZone: string;
  userIds: string[];
  url: string;
}

async function load(deps: BotDeps, turn: Turn, action: Action): Promise<Shown> {
  const principal = await principalOf(deps, turn);
  const ctx = serviceContext(deps.db, principal, "BOT", deps.clock);
  const record = await getRecord(ctx, action.recordId);
  const [installation, calibration] = await Promise.all([findInstallation(deps.db, turn.conversationKey), instrumentCalibration(ctx, record.equipment.id)]);
  return { ctx, settings: deps.settings, record, calibration, labCode: record.labCode, timeZone: record.labTimeZone, userIds: refreshUsers(installation, turn), url: links(deps.settings).record(record.id) };
}

function tasksOf(record: RecordDetail): ChecklistTask[] {
  return record.checklist.filter((t) => t.taskId !== null).map((t) => ({ taskId: t.taskId!, title: t.title, kind: t.kind, unit: t.unit, min: t.min, max: t.max, required: t.required }));
}

function completedData(shown: Shown, alreadyCompleted: boolean) {
  const { record } = shown;
  return {
    recordId: record.id,
    number: record.number,
    equipment: `${record.equipment.assetTag} · ${record.equipment.modelName}`,
    completedBy: record.completedBy?.displayName ?? "someone",
    completedAt: record.completedAt ?? new Date(0),
    timeZone: shown.timeZone,
    labCode: shown.labCode,
    result: record.result,
    results: record.results.map((r) => ({ title: r.title, value: answerText(r), passed: r.passed })),
    comment: record.comment,
    attachments: record.attachmentCount,
    alreadyCompleted,
    awaitingSignature: record.awaitingSignature,
    failure: record.failure
      ? { ...record.failure, caUrl: record.failure.correctiveAction ? links(shown.settings).correctiveAction(record.failure.correctiveAction.id) : null }
      : null,
    url: shown.url,
    userIds: shown.userIds,
  };
}

function formOfRecord(shown: Shown): ChecklistForm {
  const { record } = shown;
  return {
    recordId: record.id,
    number: record.number,
    equipment: `${record.equipment.assetTag} · ${record.equipment.modelName}`,
    location: record.equipment.location,
    frequency: record.frequency,
    dueAt: record.dueAt,
    overdue: record.overdue,
    timeZone: shown.timeZone,
    labCode: shown.labCode,
    tasks: tasksOf(record),
    calibration: shown.calibration ? calibrationBadgeText(shown.calibration, shown.labCode) : null,
  };
}

type Extra = { answers?: Record<number, RawAnswer>; comment?: string; problems?: Record<number, string[]> };

interface Showing {
  mode: ChecklistMode;
  digest?: DigestRef;
  now: Date;
  url: string;
  userIds: string[];
}

function checklist(form: ChecklistForm, showing: Showing, extra: Extra = {}): Card {
  return checklistCard({ ...form, ...showing, ...extra });
}

const showingOf = (deps: BotDeps, shown: Shown, mode: ChecklistMode, digest: DigestRef | undefined): Showing => ({ mode, digest, now: deps.clock.now(), url: shown.url, userIds: shown.userIds });

/** A period closed without work: who closed it, when and why; nothing to complete. */
function notRequiredCard(shown: Shown): Card {
  const closed = shown.record.notRequired;
  const when = closed ? ` by ${closed.by?.displayName ?? "Labkeep"} at ${labTime(closed.at, { code: shown.labCode, timeZone: shown.timeZone })}` : "";
  return messageCard(`${shown.record.number} is not required`, `Closed as not required${when}: ${closed?.reason ?? ""}`, [{ title: "Open in Labkeep", url: shown.url }]);
}

/** The record's current state: its checklist while open (for those who may complete it), who completed it, or why it is not required. */
function current(deps: BotDeps, shown: Shown, mode: ChecklistMode, digest: DigestRef | undefined): Card {
  if (shown.record.status === "COMPLETED") return completedCard(completedData(shown, false));
  if (shown.record.status === "NOT_REQUIRED") return notRequiredCard(shown);
  if (!can(shown.ctx.principal, "record", "complete", shown.record.labId)) {
    return messageCard(`${shown.record.number} is open`, "You can see this checklist but your role does not allow completing it.", [{ title: "Open in Labkeep", url: shown.url }]);
  }
  return checklist(formOfRecord(shown), showingOf(deps, shown, mode, digest));
}

/** The digest a row was opened from, with its message id (the action's replyToId) when the card did not carry one. */
function digestOf(action: Action, turn: Turn): DigestRef | undefined {
  if (!action.digest) return undefined;
  const activityId = action.digest.activityId ?? turn.replyToId;
  return { ...action.digest, ...(activityId ? { activityId } : {}) };
}

/** Opening a record from a digest row (in a dialog or as its own message), and the card's automatic refresh. */
export async function openRecord(deps: BotDeps, turn: Turn, data: unknown, mode: ChecklistMode = "message"): Promise<{ card: Card; title: string }> {
  try {
    const action = ActionData.parse(data);
    const shown = await load(deps, turn, action);
    return { card: current(deps, shown, mode, digestOf(action, turn)), title: `${shown.record.number} checklist` };
  } catch (error) {
    return { card: errorCard(error, deps), title: "Labkeep" };
  }
}

export interface Submitted {
  card: Card;
  /**
   * Set when this submit completed the record: the line that says so, the digest to update, and
   * whether the record still awaits its performer's signature (always, from a card: R-SIGN).
   */
  completed?: { line: string; digest?: DigestRef; awaitingSignature: boolean };
}

/** The checklist again with what was typed and a request to try again: the failure was ours, not the user's. */
function tryAgain(deps: BotDeps, error: unknown, form: ChecklistForm | undefined, showing: Omit<Showing, "now">, data: Record<string, unknown>): Submitted {
  if (!form || isAppError(error)) return { card: errorCard(error, deps) };
  deps.log.error({ err: error, recordId: form.recordId }, "checklist submit failed; the card keeps the answers");
  const input = readInputs(form.tasks, data);
  return { card: checklist(form, { ...showing, now: deps.clock.now() }, { answers: input.answers, comment: input.comment, problems: { 0: [TRY_AGAIN], ...input.problems } }) };
}

/** Reads the card inputs into the completion input of the API; unreadable numbers become problems. */
function readInputs(tasks: ChecklistTask[], data: Record<string, unknown>) {
  const answers: Record<number, RawAnswer> = {};
  for (const task of tasks) {
    const value = data[taskInputId(task.taskId)];
    const typed = typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
    answers[task.taskId] = task.kind === "CHECK" ? { outcome: typed } : task.kind === "READING" ? { reading: typed } : { text: typed };
  }
  const read = readAnswers(tasks.map((task, index) => ({ ...task, position: index + 1 })), answers);
  const problems: Record<number, string[]> = Object.fromEntries(Object.entries(read.problems).map(([taskId, message]) => [taskId, [message]]));
  const comment = typeof data[COMMENT_INPUT_ID] === "string" ? (data[COMMENT_INPUT_ID] as string).trim() : "";
  return { answers, problems, results: read.results, comment };
}

/** Maps the service's field problems ({ fields: [{ field: results.<index> | results[taskId=N] }] }) back to tasks. */
/** Submitting the checklist: validated and completed through completeRecord, like the API. */
export async function submitRecord(deps: BotDeps, turn: Turn, data: Record<string, unknown>, mode: ChecklistMode = "message"): Promise<Submitted> {
  let action: Action;
  try {
    action = ActionData.parse(data);
  } catch (error) {
    return { card: errorCard(error, deps) };
  }
  const digest = digestOf(action, turn);
  const fallback = { mode, digest, url: links(deps.settings).record(action.recordId), userIds: turn.from.id ? [turn.from.id] : [] };
  let shown: Shown;
  try {
    shown = await load(deps, turn, action);
  } catch (error) {
    return tryAgain(deps, error, action.form?.recordId === action.recordId ? action.form : undefined, fallback, data);
  }
  if (shown.record.status === "COMPLETED") return { card: completedCard(completedData(shown, true)) };
  if (shown.record.status === "NOT_REQUIRED") return { card: notRequiredCard(shown) };
  const form = formOfRecord(shown);
  const showing = showingOf(deps, shown, mode, digest);
  const input = readInputs(form.tasks, data);
  if (Object.keys(input.problems).length > 0) {
    return { card: checklist(form, showing, { answers: input.answers, comment: input.comment, problems: { 0: ["Some answers need attention."], ...input.problems } }) };
  }
  try {
    const record = await completeRecord(shown.ctx, shown.record.id, { results: input.results, comment: input.comment || undefined });
    const done = completedData({ ...shown, record }, false);
    return { card: completedCard(done), completed: { line: completedLine(done), digest, awaitingSignature: record.awaitingSignature } };
  } catch (error) {
    if (isAppError(error) && error.code === "already_completed") {
      const record = await getRecord(shown.ctx, shown.record.id).catch(() => null);
      if (record) return { card: completedCard(completedData({ ...shown, record }, true)) };
    }
    if (isAppError(error) && error.code === "validation_failed") {
      const problems = serviceProblemsByTask(error.details, form.tasks.map((t) => t.taskId));
      (problems[0] ??= []).unshift(error.message);
      return { card: checklist(form, showing, { answers: input.answers, comment: input.comment, problems }) };
    }
    return tryAgain(deps, error, form, showing, data);
  }
}
