import { useState, type FormEvent, type ReactNode } from "react";
import { Button, DialogActions, DialogBody, DialogContent, DialogTitle, Field, Input, Radio, RadioGroup, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { CHECK_OUTCOMES, OUTCOME_LABEL, parseReading, readAnswers, serviceProblemsByTask, type ProblemsByTask, type RawAnswer } from "../../../../domain/record/answers.ts";
import { api, ApiError, errorText } from "../../api/client.ts";
import type { ChecklistItem, RecordDetail } from "../../api/types.ts";
import { uploadAttachment } from "../../components/AttachmentsPanel.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSignature } from "../../components/signature.tsx";
import { RecordFacts } from "./RecordDialog.tsx";
import { limitsText } from "./limits.ts";
import { CompleteRecordInput, TaskResultInput } from "../../../../domain/record/record.schemas.ts";
import { maxLengthOf } from "../../components/form.ts";

/** Lengths from the schema the server checks the checklist with. */
const MAX = { comment: maxLengthOf(CompleteRecordInput, "comment"), text: maxLengthOf(TaskResultInput, "text") };

const useStyles = makeStyles({
  list: { listStyle: "none", padding: 0, margin: 0, display: "grid", gap: tokens.spacingVerticalM },
  task: { padding: tokens.spacingVerticalS, borderRadius: tokens.borderRadiusMedium, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS, marginBottom: tokens.spacingVerticalM },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  comment: { marginTop: tokens.spacingVerticalM },
});

const OUTCOMES = CHECK_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABEL[value] }));

const INVALID = "Some answers are missing or invalid.";

export function ChecklistForm({ record, title, onCancel, onCompleted, extraAction, assign }: {
  record: RecordDetail; title: string; onCancel: () => void; onCompleted: () => void; extraAction?: ReactNode; assign?: ReactNode;
}) {
  const styles = useStyles();
  const [answers, setAnswers] = useState<Record<number, RawAnswer>>({});
  const [comment, setComment] = useState("");
  // Once a submit was refused, the problems follow the answers: each clears as soon as it is fixed.
  const [tried, setTried] = useState(false);
  // What the service refused (a task deactivated meanwhile, say), until that answer changes.
  const [refused, setRefused] = useState<ProblemsByTask>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Photos of failed readings, by task: attached to their answers once the checklist is completed (answers exist only then).
  const [photos, setPhotos] = useState<Record<number, File>>({});
  // R-SIGN: completing is the performer's signature (meaning PERFORMED) when signed here; unsigned, the record awaits it.
  const signature = useSignature("PERFORMED", "this record");

  // An open record's checklist is the live tasks: every item has a task id.
  const tasks = record.checklist.filter((item): item is ChecklistItem & { taskId: number } => item.taskId !== null);
  const answer = (item: { taskId: number }): RawAnswer => answers[item.taskId] ?? {};
  const update = (item: { taskId: number }, change: RawAnswer) => {
    setAnswers((all) => ({ ...all, [item.taskId]: { ...answer(item), ...change } }));
    setRefused(({ [item.taskId]: _fixed, ...rest }) => rest);
  };
  const problems: ProblemsByTask = { ...refused, ...(tried ? readAnswers(tasks, answers).problems : {}) };
  const shownError = error === INVALID && Object.keys(problems).length === 0 ? null : error;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field submits with the first submit button, "Sign and complete".
    const signed = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("name") !== "unsigned";
    const { results, problems: found } = readAnswers(tasks, answers);
    setTried(true);
    if (Object.keys(found).length > 0) {
      setError(INVALID);
      const first = tasks.find((item) => found[item.taskId]);
      if (first) document.getElementById(`task-${first.taskId}`)?.querySelector<HTMLElement>("input, textarea")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = { results, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      const path = `/api/records/${record.id}/complete`;
      const completed = signed ? await signature.run((options) => api.post<RecordDetail>(path, body, options)) : await api.post<RecordDetail>(path, body);
      for (const [taskId, photo] of Object.entries(photos)) {
        const result = completed.results.find((r) => r.taskId === Number(taskId) && !r.passed);
        if (!result) continue;
        try {
          await uploadAttachment(`/api/records/${record.id}/answers/${result.id}/attachments`, photo);
        } catch (caught) {
          setError(`The checklist was completed, but ${photo.name} was not attached: ${errorText(caught)} Attach it from the record.`);
          return;
        }
      }
      onCompleted();
    } catch (caught) {
      // The service's own problems (a task deactivated meanwhile, say) land on their tasks too.
      if (caught instanceof ApiError) setRefused(firstPerTask(serviceProblemsByTask(caught.details, tasks.map((t) => t.taskId))));
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={`Checklist ${record.number}`}>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <RecordFacts record={record} classes={styles} assign={assign} />
          <ol className={styles.list}>
            {tasks.map((item) => (
              <li key={item.taskId} id={`task-${item.taskId}`} className={styles.task}>
                <TaskField item={item} answer={answer(item)} problem={problems[item.taskId]} onChange={(change) => update(item, change)} />
                {failedReading(item, answer(item)) && (
                  <PhotoField
                    task={item.title}
                    file={photos[item.taskId] ?? null}
                    onChange={(file) => setPhotos(({ [item.taskId]: _old, ...rest }) => (file ? { ...rest, [item.taskId]: file } : rest))}
                  />
                )}
              </li>
            ))}
          </ol>
          <Field label="Comment" className={styles.comment}>
            <Textarea value={comment} maxLength={MAX.comment} onChange={(_, data) => setComment(data.value)} resize="vertical" />
          </Field>
          {signature.fields}
          {shownError && <ErrorBar message={shownError} />}
        </DialogContent>
        <DialogActions>
          {extraAction}
          <Button onClick={onCancel} disabled={busy}>Cancel</Button>
          <Button appearance="primary" type="submit" name="sign" disabled={busy}>{busy ? "Submitting…" : "Sign and complete"}</Button>
          <Button type="submit" name="unsigned" disabled={busy} title="Completes without your signature: the record then awaits it.">Submit checklist</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

function firstPerTask(problems: Record<number, string[]>): ProblemsByTask {
  return Object.fromEntries(Object.entries(problems).map(([taskId, messages]) => [taskId, messages.join(" ")]));
}

/** A reading outside its limits: the check will fail, and a photo of it may go with the answer. */
function failedReading(item: ChecklistItem, answer: RawAnswer): boolean {
  if (item.kind !== "READING") return false;
  const value = parseReading(answer.reading ?? "");
  return value !== null && ((item.min !== null && value < item.min) || (item.max !== null && value > item.max));
}

function PhotoField({ task, file, onChange }: { task: string; file: File | null; onChange: (file: File | null) => void }) {
  return (
    <Field label={`Photo of the failed reading (optional)`} hint={file ? `${file.name} will be attached when you submit.` : "A picture of the display or the fault, attached to this answer."}>
      <input type="file" accept="image/png,image/jpeg,image/webp,image/heic,.heic,application/pdf" aria-label={`Photo for ${task}`} onChange={(e) => onChange(e.target.files?.[0] ?? null)} />
    </Field>
  );
}

function TaskField({ item, answer, problem, onChange }: { item: ChecklistItem; answer: RawAnswer; problem: string | undefined; onChange: (change: RawAnswer) => void }) {
  const label = `${item.title}${item.required ? "" : " (optional)"}`;
  const state = problem ? { validationState: "error" as const, validationMessage: problem } : {};
  if (item.kind === "CHECK") {
    return (
      <Field label={label} required={item.required} {...state}>
        <RadioGroup layout="horizontal" value={answer.outcome ?? ""} onChange={(_, data) => onChange({ outcome: data.value })}>
          {OUTCOMES.map((option) => <Radio key={option.value} value={option.value} label={option.label} />)}
        </RadioGroup>
      </Field>
    );
  }
  if (item.kind === "READING") {
    const limits = limitsText(item);
    const value = parseReading(answer.reading ?? "");
    const outside = value !== null && ((item.min !== null && value < item.min) || (item.max !== null && value > item.max));
    const hint = outside ? { validationState: "warning" as const, validationMessage: `Outside the limits (${limits}): the check will fail.` } : {};
    return (
      <Field label={label} required={item.required} hint={limits ? `Limits: ${limits}` : undefined} {...hint} {...state}>
        <Input type="number" inputMode="decimal" step="any" value={answer.reading ?? ""} contentAfter={item.unit ?? undefined} onChange={(_, data) => onChange({ reading: data.value })} />
      </Field>
    );
  }
  return (
    <Field label={label} required={item.required} {...state}>
      <Input value={answer.text ?? ""} maxLength={MAX.text} onChange={(_, data) => onChange({ text: data.value })} />
    </Field>
  );
}
