import { useState, type FormEvent } from "react";
import { Button, DialogActions, DialogBody, DialogContent, DialogTitle, Field, Input, Radio, RadioGroup, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { ChecklistItem, CheckOutcome, RecordDetail, TaskResultInput } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { RecordFacts } from "./RecordDialog.tsx";
import { limitsText } from "./limits.ts";

const useStyles = makeStyles({
  list: { listStyle: "none", padding: 0, margin: 0, display: "grid", gap: tokens.spacingVerticalM },
  task: { padding: tokens.spacingVerticalS, borderRadius: tokens.borderRadiusMedium, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS, marginBottom: tokens.spacingVerticalM },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  comment: { marginTop: tokens.spacingVerticalM },
});

interface Answer {
  outcome?: CheckOutcome;
  reading: string;
  text: string;
}

const OUTCOMES: { value: CheckOutcome; label: string }[] = [
  { value: "DONE", label: "Done" },
  { value: "NOT_DONE", label: "Not done" },
  { value: "NOT_APPLICABLE", label: "N/A" },
];

const INVALID = "Some answers are missing or invalid.";

function taskKey(item: ChecklistItem): string {
  return String(item.taskId ?? `p${item.position}`);
}

/** Field problems, by task key; an empty object means the form may be sent. */
export function validateAnswers(items: ChecklistItem[], answers: Record<string, Answer>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const item of items) {
    const answer = answers[taskKey(item)] ?? { reading: "", text: "" };
    if (item.kind === "CHECK" && item.required && !answer.outcome) problems[taskKey(item)] = "Choose Done, Not done or N/A.";
    if (item.kind === "READING") {
      const value = answer.reading.trim();
      if (value === "" && item.required) problems[taskKey(item)] = "Enter the reading.";
      else if (value !== "" && !Number.isFinite(Number(value))) problems[taskKey(item)] = "Enter a number.";
    }
    if (item.kind === "TEXT" && item.required && answer.text.trim() === "") problems[taskKey(item)] = "This answer is required.";
  }
  return problems;
}

export function ChecklistForm({ record, title, onCancel, onCompleted }: { record: RecordDetail; title: string; onCancel: () => void; onCompleted: () => void }) {
  const styles = useStyles();
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [comment, setComment] = useState("");
  // Once a submit was refused, the problems follow the answers: each clears as soon as it is fixed.
  const [tried, setTried] = useState(false);
  const problems = tried ? validateAnswers(record.checklist, answers) : {};
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownError = error === INVALID && Object.keys(problems).length === 0 ? null : error;

  const answer = (item: ChecklistItem): Answer => answers[taskKey(item)] ?? { reading: "", text: "" };
  const update = (item: ChecklistItem, change: Partial<Answer>) => setAnswers((all) => ({ ...all, [taskKey(item)]: { ...answer(item), ...change } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateAnswers(record.checklist, answers);
    setTried(true);
    if (Object.keys(found).length > 0) {
      setError(INVALID);
      const first = record.checklist.find((item) => found[taskKey(item)]);
      if (first) document.getElementById(`task-${taskKey(first)}`)?.querySelector<HTMLElement>("input, textarea")?.focus();
      return;
    }
    const results: TaskResultInput[] = record.checklist
      .filter((item) => item.taskId !== null)
      .map((item) => {
        const a = answer(item);
        if (item.kind === "CHECK") return { taskId: item.taskId!, outcome: a.outcome ?? "NOT_APPLICABLE" };
        if (item.kind === "READING") return a.reading.trim() === "" ? { taskId: item.taskId! } : { taskId: item.taskId!, reading: Number(a.reading) };
        return { taskId: item.taskId!, text: a.text };
      });
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/records/${record.id}/complete`, { results, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      onCompleted();
    } catch (caught) {
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
          <RecordFacts record={record} classes={styles} />
          <ol className={styles.list}>
            {record.checklist.map((item) => (
              <li key={taskKey(item)} id={`task-${taskKey(item)}`} className={styles.task}>
                <TaskField item={item} answer={answer(item)} problem={problems[taskKey(item)]} onChange={(change) => update(item, change)} />
              </li>
            ))}
          </ol>
          <Field label="Comment" className={styles.comment}>
            <Textarea value={comment} maxLength={4000} onChange={(_, data) => setComment(data.value)} resize="vertical" />
          </Field>
          {shownError && <ErrorBar message={shownError} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>Cancel</Button>
          <Button appearance="primary" type="submit" disabled={busy}>{busy ? "Submitting…" : "Submit checklist"}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

function TaskField({ item, answer, problem, onChange }: { item: ChecklistItem; answer: Answer; problem: string | undefined; onChange: (change: Partial<Answer>) => void }) {
  const label = `${item.title}${item.required ? "" : " (optional)"}`;
  const state = problem ? { validationState: "error" as const, validationMessage: problem } : {};
  if (item.kind === "CHECK") {
    return (
      <Field label={label} required={item.required} {...state}>
        <RadioGroup layout="horizontal" value={answer.outcome ?? ""} onChange={(_, data) => onChange({ outcome: data.value as CheckOutcome })}>
          {OUTCOMES.map((option) => <Radio key={option.value} value={option.value} label={option.label} />)}
        </RadioGroup>
      </Field>
    );
  }
  if (item.kind === "READING") {
    const limits = limitsText(item);
    const value = Number(answer.reading);
    const outside = answer.reading.trim() !== "" && Number.isFinite(value) && ((item.min !== null && value < item.min) || (item.max !== null && value > item.max));
    const hint = outside ? { validationState: "warning" as const, validationMessage: `Outside the limits (${limits}): the check will fail.` } : {};
    return (
      <Field label={label} required={item.required} hint={limits ? `Limits: ${limits}` : undefined} {...hint} {...state}>
        <Input type="number" inputMode="decimal" step="any" value={answer.reading} contentAfter={item.unit ?? undefined} onChange={(_, data) => onChange({ reading: data.value })} />
      </Field>
    );
  }
  return (
    <Field label={label} required={item.required} {...state}>
      <Input value={answer.text} maxLength={2000} onChange={(_, data) => onChange({ text: data.value })} />
    </Field>
  );
}
