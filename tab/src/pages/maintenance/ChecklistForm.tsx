import { useState, type FormEvent, type ReactNode } from "react";
import { Controller, useForm, type Control, type FieldErrors } from "react-hook-form";
import { Button, DialogActions, DialogBody, DialogContent, DialogTitle, Field, Input, Radio, RadioGroup, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { CHECK_OUTCOMES, OUTCOME_LABEL, serviceProblemsByTask } from "../../../../domain/record/answers.ts";
import { api, ApiError, errorText } from "../../api/client.ts";
import type { ChecklistItem, RecordDetail } from "../../api/types.ts";
import { uploadAttachment } from "../../components/AttachmentsPanel.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSignature } from "../../components/signature.tsx";
import { RecordFacts } from "./RecordDialog.tsx";
import { limitsText, outsideLimits } from "./limits.ts";
import { CompleteRecordInput, TaskResultInput } from "../../../../domain/record/record.schemas.ts";
import { domainResolver, maxLengthOf, problem } from "../../components/form.ts";
import { answerKey, answerProblem, readForm, withAnswerProblems, type AnswerValues } from "./answerForm.ts";

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

interface ChecklistValues {
  answers: AnswerValues;
  comment: string;
}

type Task = ChecklistItem & { taskId: number };

export function ChecklistForm({ record, title, onCancel, onCompleted, extraAction, assign }: {
  record: RecordDetail; title: string; onCancel: () => void; onCompleted: () => void; extraAction?: ReactNode; assign?: ReactNode;
}) {
  const styles = useStyles();
  // An open record's checklist is the live tasks: every item has a task id.
  const tasks = record.checklist.filter((item): item is Task => item.taskId !== null);
  // The answers as the domain reads them, then the body as the server's schema checks it.
  const { control, register, handleSubmit, setError: setFieldError, watch, formState: { errors } } = useForm<ChecklistValues, unknown, CompleteRecordInput>({
    defaultValues: { answers: Object.fromEntries(tasks.map((t) => [answerKey(t.taskId), ""])), comment: "" },
    shouldFocusError: false,
    resolver: withAnswerProblems(
      domainResolver(CompleteRecordInput, (form: ChecklistValues) => ({ results: readForm(tasks, form.answers).results, ...(form.comment.trim() ? { comment: form.comment } : {}) })),
      (form) => readForm(tasks, form.answers).problems,
    ),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Photos of failed readings, by task: attached to their answers once the checklist is completed (answers exist only then).
  const [photos, setPhotos] = useState<Record<number, File>>({});
  // R-SIGN: completing is the performer's signature (meaning PERFORMED) when signed here; unsigned, the record awaits it.
  const signature = useSignature("PERFORMED", "this record");
  const answers = watch("answers");
  // Problems follow the answers once a submit was refused: each clears as soon as it is fixed.
  const problems = tasks.filter((t) => answerProblem(errors, t.taskId));
  const shownError = error === INVALID && problems.length === 0 ? null : error;

  const send = async (body: CompleteRecordInput, signed: boolean) => {
    setBusy(true);
    setError(null);
    try {
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
      // The service's own problems (a task deactivated meanwhile, say) land on their tasks too, until that answer changes.
      if (caught instanceof ApiError) {
        for (const [taskId, messages] of Object.entries(serviceProblemsByTask(caught.details, tasks.map((t) => t.taskId)))) {
          if (Number(taskId) !== 0) setFieldError(`answers.${answerKey(Number(taskId))}`, { type: "server", message: messages.join(" ") });
        }
      }
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  const refused = (found: FieldErrors<ChecklistValues>) => {
    setError(INVALID);
    const first = tasks.find((t) => answerProblem(found, t.taskId));
    if (first) document.getElementById(`task-${first.taskId}`)?.querySelector<HTMLElement>("input, textarea")?.focus();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    // Enter in a field submits with the first submit button, "Sign and complete".
    const signed = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("name") !== "unsigned";
    void handleSubmit((body) => send(body, signed), refused)(event);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Checklist ${record.number}`}>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <RecordFacts record={record} classes={styles} assign={assign} />
          <ol className={styles.list}>
            {tasks.map((item) => (
              <li key={item.taskId} id={`task-${item.taskId}`} className={styles.task}>
                <TaskField item={item} control={control} problem={answerProblem(errors, item.taskId)} />
                {outsideLimits(item, answers[answerKey(item.taskId)]) && (
                  <PhotoField
                    task={item.title}
                    file={photos[item.taskId] ?? null}
                    onChange={(file) => setPhotos(({ [item.taskId]: _old, ...rest }) => (file ? { ...rest, [item.taskId]: file } : rest))}
                  />
                )}
              </li>
            ))}
          </ol>
          <Field label="Comment" className={styles.comment} validationMessage={problem(errors, "comment")}>
            <Textarea {...register("comment")} defaultValue="" maxLength={MAX.comment} resize="vertical" />
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

function PhotoField({ task, file, onChange }: { task: string; file: File | null; onChange: (file: File | null) => void }) {
  return (
    <Field label={`Photo of the failed reading (optional)`} hint={file ? `${file.name} will be attached when you submit.` : "A picture of the display or the fault, attached to this answer."}>
      <input type="file" accept="image/png,image/jpeg,image/webp,image/heic,.heic,application/pdf" aria-label={`Photo for ${task}`} onChange={(e) => onChange(e.target.files?.[0] ?? null)} />
    </Field>
  );
}

function TaskField({ item, control, problem }: { item: Task; control: Control<ChecklistValues, unknown, CompleteRecordInput>; problem: string | undefined }) {
  const label = `${item.title}${item.required ? "" : " (optional)"}`;
  const state = problem ? { validationState: "error" as const, validationMessage: problem } : {};
  return (
    <Controller control={control} name={`answers.${answerKey(item.taskId)}`} render={({ field }) => {
      if (item.kind === "CHECK") {
        return (
          <Field label={label} required={item.required} {...state}>
            <RadioGroup layout="horizontal" value={field.value} name={field.name} onChange={(_, data) => field.onChange(data.value)} onBlur={field.onBlur}>
              {OUTCOMES.map((option) => <Radio key={option.value} value={option.value} label={option.label} />)}
            </RadioGroup>
          </Field>
        );
      }
      if (item.kind === "READING") {
        const limits = limitsText(item);
        // Flagged as it is typed: the check will fail, which is allowed (the record fails).
        const hint = outsideLimits(item, field.value) ? { validationState: "warning" as const, validationMessage: `Outside the limits (${limits}): the check will fail.` } : {};
        return (
          <Field label={label} required={item.required} hint={limits ? `Limits: ${limits}` : undefined} {...hint} {...state}>
            <Input type="number" inputMode="decimal" step="any" value={field.value} name={field.name} contentAfter={item.unit ?? undefined} onChange={(_, data) => field.onChange(data.value)} onBlur={field.onBlur} />
          </Field>
        );
      }
      return (
        <Field label={label} required={item.required} {...state}>
          <Input value={field.value} name={field.name} maxLength={MAX.text} onChange={(_, data) => field.onChange(data.value)} onBlur={field.onBlur} />
        </Field>
      );
    }} />
  );
}
