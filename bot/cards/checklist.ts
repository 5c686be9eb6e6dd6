import { parseReading } from "../../domain/record/answers.ts";
import { dueByEndOf, labTime } from "../../domain/time/format.ts";
import { refToWire } from "./digest-ref.ts";
import { card, execute, heading, literal, openUrl, submit, subtle, text } from "./common.ts";
import { FREQUENCY_LABEL, type Card, type ChecklistData, type ChecklistForm, type ChecklistTask, type CompletedData } from "./types.ts";

/** Input ids: one per task, so submitted data maps back to tasks. */
export const taskInputId = (taskId: number) => `task_${taskId}`;
export const COMMENT_INPUT_ID = "comment";

function limits(task: ChecklistTask): string {
  if (task.min !== null && task.max !== null) return `${task.min}–${task.max}`;
  if (task.min !== null) return `≥ ${task.min}`;
  if (task.max !== null) return `≤ ${task.max}`;
  return "";
}

function input(task: ChecklistTask, data: ChecklistData): Record<string, unknown> {
  const answer = data.answers?.[task.taskId];
  const base = { id: taskInputId(task.taskId), isRequired: task.required, errorMessage: `${task.title} is required.` };
  switch (task.kind) {
    case "CHECK":
      return {
        type: "Input.ChoiceSet",
        ...base,
        label: task.title,
        style: "expanded",
        value: answer?.outcome,
        choices: [
          { title: "Done", value: "DONE" },
          { title: "Not done", value: "NOT_DONE" },
          { title: "Not applicable", value: "NOT_APPLICABLE" },
        ],
      };
    case "READING": {
      const range = limits(task);
      const unit = task.unit ? ` ${task.unit}` : "";
      // No min/max on the input: a reading outside the limits is recorded (and fails), not refused.
      return {
        type: "Input.Number",
        ...base,
        label: `${task.title}${range ? ` (limits ${range}${unit})` : unit ? ` (${task.unit})` : ""}`,
        placeholder: range ? `${range}${unit}` : task.unit ?? "",
        value: answer?.reading === undefined ? undefined : parseReading(answer.reading) ?? undefined,
      };
    }
    case "TEXT":
      return { type: "Input.Text", ...base, label: task.title, value: answer?.text };
  }
}

/** The record part of a checklist card, carried by its Submit so the card can be drawn again if the database is unreachable. */
export function formOf(data: ChecklistData): ChecklistForm {
  const { recordId, number, equipment, location, frequency, dueAt, overdue, timeZone, labCode, tasks, calibration } = data;
  return { recordId, number, equipment, location, frequency, dueAt, overdue, timeZone, labCode, tasks, calibration };
}

/**
 * The checklist of an open record, with the problems of a rejected submit marked in red. In a
 * dialog its Submit is an Action.Submit (task/submit); in a message a Universal Action with refresh.
 */
export function checklistCard(data: ChecklistData): Card {
  const due = dueByEndOf(data.dueAt, { code: data.labCode, timeZone: data.timeZone }, data.now);
  const body: Record<string, unknown>[] = [
    heading(`${data.number} · ${FREQUENCY_LABEL[data.frequency]} checklist`),
    text(literal(data.location ? `${data.equipment} · ${data.location}` : data.equipment)),
    subtle(`${data.overdue ? "Overdue: was due" : "Due"} ${due}`),
  ];
  if (data.calibration) body.push(subtle(`Calibration: ${literal(data.calibration)}`));
  for (const message of data.problems?.[0] ?? []) body.push(text(message, { color: "Attention", weight: "Bolder" }));
  for (const task of data.tasks) {
    body.push(input(task, data));
    for (const message of data.problems?.[task.taskId] ?? []) body.push(text(message, { color: "Attention", size: "Small", spacing: "None" }));
  }
  body.push({ type: "Input.Text", id: COMMENT_INPUT_ID, label: "Comment", isMultiline: true, maxLength: 4000, value: data.comment });
  const digest = data.digest ? { digest: refToWire(data.digest) } : {};
  const carried = { recordId: data.recordId, ...digest, form: formOf(data) };
  if (data.mode === "dialog") {
    // Dialogs take neither Action.Execute nor refresh.
    return card(body, [submit("Submit", { verb: "record.submit", ...carried }, { style: "positive" }), openUrl("Open in Labkeep", data.url)]);
  }
  return card(
    body,
    [execute("Submit", "record.submit", carried, { style: "positive", associatedInputs: "auto" }), openUrl("Open in Labkeep", data.url)],
    // The digest travels in the refresh too: whoever submits a refreshed card also marks its row done.
    { verb: "record.refresh", data: { recordId: data.recordId, ...digest }, userIds: data.userIds },
  );
}

/** "BOS-000123 completed by Tom Edison at Nov 20, 2026, 10:00 AM (BOS time)" */
export function completedLine(data: Pick<CompletedData, "number" | "completedBy" | "completedAt" | "timeZone" | "labCode">): string {
  return `${data.number} completed by ${data.completedBy} at ${labTime(data.completedAt, { code: data.labCode, timeZone: data.timeZone })}`;
}

/** What a completed card says while the record awaits its performer's signature (R-SIGN). */
export const NOT_SIGNED_YET = "Not signed yet: sign in Labkeep";

/** A completed record: who, when, the result and the answers, and whether it still needs signing. */
export function completedCard(data: CompletedData): Card {
  const body: Record<string, unknown>[] = [heading(literal(completedLine(data))), text(literal(data.equipment))];
  if (data.alreadyCompleted) {
    // Default text colour on the attention container: yellow "Warning" text was unreadable on white.
    body.push({ type: "Container", style: "attention", items: [text("This checklist was already completed; your answers were not saved.", { weight: "Bolder" })] });
  }
  if (data.result) body.push(text(`Result: ${data.result === "PASS" ? "Pass" : "Fail"}`, { weight: "Bolder", color: data.result === "PASS" ? "Good" : "Attention" }));
  if (data.results.length > 0) {
    body.push({ type: "FactSet", facts: data.results.map((r) => ({ title: r.title, value: r.passed ? r.value : `${r.value} (failed)` })) });
  }
  if (data.comment) body.push(text(`Comment: ${literal(data.comment)}`));
  // Files are not sent in the card (Teams would show them to everyone in the chat): the tab checks who may see them.
  const files = data.attachments ?? 0;
  if (files > 0) body.push(subtle(`${files} ${files === 1 ? "file" : "files"} attached (photos, certificates): open in Labkeep to see ${files === 1 ? "it" : "them"}.`));
  if (data.awaitingSignature) {
    body.push(text(NOT_SIGNED_YET, { weight: "Bolder" }));
    body.push(subtle(`${literal(data.completedBy)}, who completed it, signs it as performed in the Labkeep tab: a card cannot ask for the fresh sign-in a signature needs.`));
  }
  // The record's deep link: where the performer signs it, and where anyone sees the files.
  const openTitle = data.awaitingSignature ? "Sign in Labkeep" : files > 0 ? `Open in Labkeep (${files} ${files === 1 ? "file" : "files"})` : "Open in Labkeep";
  const actions = [openUrl(openTitle, data.url)];
  const failure = data.failure;
  if (failure?.correctiveAction) {
    body.push(text(`Corrective action ${failure.correctiveAction.number} is open for this instrument.`, { weight: "Bolder" }));
    if (failure.caUrl) actions.push(openUrl(`Open ${failure.correctiveAction.number}`, failure.caUrl));
  } else if (failure?.offerQuarantine) {
    // R-QUAR: the offer; the lab's setting FORCE would already have done it.
    body.push(text(`Failed: ${literal(failure.problem)}. Take the instrument out of service and open a corrective action?`, { weight: "Bolder", color: "Attention" }));
    actions.unshift(execute("Take out of service", "record.quarantine", { recordId: data.recordId }, { style: "destructive" }));
  }
  return card(body, actions, { verb: "record.refresh", data: { recordId: data.recordId }, userIds: data.userIds });
}
