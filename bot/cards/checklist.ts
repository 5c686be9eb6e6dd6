import { parseReading } from "../../domain/record/answers.ts";
import { card, execute, heading, localTime, openUrl, subtle, text } from "./common.ts";
import { FREQUENCY_LABEL, type Card, type ChecklistData, type ChecklistTask, type CompletedData } from "./types.ts";

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

/** The checklist of an open record, with the problems of a rejected submit marked in red. */
export function checklistCard(data: ChecklistData): Card {
  const body: Record<string, unknown>[] = [
    heading(`${data.number} · ${FREQUENCY_LABEL[data.frequency]} checklist`),
    text(data.location ? `${data.equipment} · ${data.location}` : data.equipment),
    subtle(`${data.overdue ? "Overdue since" : "Due"} ${localTime(data.dueAt, data.timeZone)}`),
  ];
  for (const message of data.problems?.[0] ?? []) body.push(text(message, { color: "Attention", weight: "Bolder" }));
  for (const task of data.tasks) {
    body.push(input(task, data));
    for (const message of data.problems?.[task.taskId] ?? []) body.push(text(message, { color: "Attention", size: "Small", spacing: "None" }));
  }
  body.push({ type: "Input.Text", id: COMMENT_INPUT_ID, label: "Comment", isMultiline: true, maxLength: 4000, value: data.comment });
  return card(
    body,
    [execute("Submit", "record.submit", { recordId: data.recordId }, { style: "positive", associatedInputs: "auto" }), openUrl("Open in Labkeep", data.url)],
    { verb: "record.refresh", data: { recordId: data.recordId }, userIds: data.userIds },
  );
}

/** A completed record: who, when, the result and the answers. */
export function completedCard(data: CompletedData): Card {
  const when = localTime(data.completedAt, data.timeZone);
  const body: Record<string, unknown>[] = [
    heading(`${data.number} completed by ${data.completedBy} at ${when}`),
    text(data.equipment),
  ];
  if (data.alreadyCompleted) body.push(text("This checklist was already completed; your answers were not saved.", { color: "Warning" }));
  if (data.result) body.push(text(`Result: ${data.result === "PASS" ? "Pass" : "Fail"}`, { weight: "Bolder", color: data.result === "PASS" ? "Good" : "Attention" }));
  if (data.results.length > 0) {
    body.push({ type: "FactSet", facts: data.results.map((r) => ({ title: r.title, value: r.passed ? r.value : `${r.value} (failed)` })) });
  }
  if (data.comment) body.push(text(`Comment: ${data.comment}`));
  return card(body, [openUrl("Open in Labkeep", data.url)], { verb: "record.refresh", data: { recordId: data.recordId }, userIds: data.userIds });
}
