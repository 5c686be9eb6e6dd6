import { useState, type FormEvent } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button, Field, Input, Select, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { CheckOutcome, RecordDetail } from "../../api/types.ts";
import { useSignature } from "../../components/signature.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { OUTCOME_LABELS } from "./answers.ts";
import { limitsText, outsideLimits } from "./limits.ts";
import { AmendRecordInput, TaskResultInput as TaskResultSchema } from "../../../../domain/record/record.schemas.ts";
import { domainResolver, maxLengthOf, problem } from "../../components/form.ts";
import { answerKey, answerProblem, readForm, withAnswerProblems, type AnswerValues } from "./answerForm.ts";

/** Lengths from the schema the server checks an amendment with. */
const MAX = { comment: maxLengthOf(AmendRecordInput, "comment"), reason: maxLengthOf(AmendRecordInput, "reason"), text: maxLengthOf(TaskResultSchema, "text") };

const useStyles = makeStyles({
  form: { display: "grid", gridTemplateColumns: "minmax(0, 1fr)", gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

type Result = RecordDetail["results"][number] & { taskId: number };

interface AmendValues {
  answers: AnswerValues;
  comment: string;
  reason: string;
}

/** What the form holds for a recorded answer: the outcome, or the reading or text as it would be typed. */
function draftOf(r: Result): string {
  if (r.kind === "CHECK") return r.outcome ?? "";
  if (r.kind === "READING") return r.reading == null ? "" : String(r.reading);
  return r.text ?? "";
}

/**
 * Corrects a completed record: any answer or the comment, with a reason; only what changed is
 * sent. Changed answers are read by the domain's checklist rules (the same the completion form
 * and the bot use), the body by the server's own schema.
 */
export function AmendForm({ record, onDone, onCancel }: { record: RecordDetail; onDone: () => void; onCancel: () => void }) {
  const styles = useStyles();
  const amendable = record.results.filter((r): r is Result => r.taskId !== null);
  const changedIn = (answers: AnswerValues) => amendable.filter((r) => answers[answerKey(r.taskId)] !== draftOf(r));
  const commentChangedIn = (comment: string) => comment.trim() !== (record.comment ?? "");
  const toBody = (form: AmendValues) => {
    const changed = changedIn(form.answers);
    const { results } = readForm(amendable, form.answers);
    // A changed answer left blank is sent as the task alone: the amendment clears it.
    return {
      reason: form.reason,
      ...(commentChangedIn(form.comment) ? { comment: form.comment } : {}),
      ...(changed.length ? { results: changed.map((r) => results.find((x) => x.taskId === r.taskId) ?? { taskId: r.taskId }) } : {}),
    };
  };
  const { control, register, handleSubmit, watch, formState: { errors, isSubmitted } } = useForm<AmendValues, unknown, AmendRecordInput>({
    defaultValues: { answers: Object.fromEntries(amendable.map((r) => [answerKey(r.taskId), draftOf(r)])), comment: record.comment ?? "", reason: "" },
    resolver: withAnswerProblems(
      domainResolver(AmendRecordInput, toBody, { reason: "A reason is required for an amendment." }),
      // Only a changed answer can be refused: the others are sent as recorded, i.e. not at all.
      (form) => {
        const { problems } = readForm(amendable, form.answers);
        return Object.fromEntries(changedIn(form.answers).filter((r) => problems[r.taskId]).map((r) => [r.taskId, problems[r.taskId]!]));
      },
    ),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // R-SIGN: an amendment signed here carries the amender's signature (PERFORMED) bound to the amended record.
  const signature = useSignature("PERFORMED", "this amendment");
  const [answers, comment, reason] = watch(["answers", "comment", "reason"]);
  const nothingChanged = changedIn(answers).length === 0 && !commentChangedIn(comment);

  const send = async (body: AmendRecordInput, signed: boolean) => {
    setBusy(true);
    try {
      const path = `/api/records/${record.id}/amend`;
      if (signed) await signature.run((options) => api.post(path, body, options));
      else await api.post(path, body);
      onDone();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    const signed = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("name") === "sign";
    setError(null);
    void handleSubmit((body) => send(body, signed))(event);
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Amend record">
      {amendable.map((r) => (
        <Controller key={r.taskId} control={control} name={`answers.${answerKey(r.taskId)}`} render={({ field }) => {
          const shown = answerProblem(errors, r.taskId);
          // Flagged as it is typed: a reading outside its limits is allowed, and fails the record.
          const warning = outsideLimits(r, field.value) ? `Outside the limits (${limitsText(r)}): this answer fails.` : undefined;
          const label = r.kind === "READING" && r.unit ? `${r.title} (${r.unit})` : r.title;
          return (
            <Field label={label} required={r.required} validationState={shown ? "error" : warning ? "warning" : "none"} validationMessage={shown ?? warning}
              hint={r.kind === "READING" && limitsText(r) ? `Limits: ${limitsText(r)}` : undefined}>
              {r.kind === "CHECK" ? (
                <Select value={field.value} name={field.name} onChange={(_, d) => field.onChange(d.value)} onBlur={field.onBlur}>
                  <option value="">—</option>
                  {(Object.keys(OUTCOME_LABELS) as CheckOutcome[]).map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
                </Select>
              ) : (
                <Input type={r.kind === "READING" ? "number" : "text"} maxLength={r.kind === "TEXT" ? MAX.text : undefined} value={field.value} name={field.name}
                  onChange={(_, d) => field.onChange(d.value)} onBlur={field.onBlur} />
              )}
            </Field>
          );
        }} />
      ))}
      <Field label="Corrected comment" validationMessage={problem(errors, "comment")}>
        <Textarea {...register("comment")} defaultValue={record.comment ?? ""} maxLength={MAX.comment} />
      </Field>
      <Field label="Reason for the amendment" required validationMessage={problem(errors, "reason")}>
        <Textarea {...register("reason")} defaultValue="" maxLength={MAX.reason} />
      </Field>
      {isSubmitted && reason.trim() && nothingChanged && <ErrorBar message="Nothing changed: correct an answer or the comment." />}
      {signature.fields}
      {error && <ErrorBar message={error} />}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>Save amendment</Button>
        <Button type="submit" name="sign" disabled={busy}>Sign and save amendment</Button>
        <Button onClick={onCancel} disabled={busy}>Cancel</Button>
      </div>
    </form>
  );
}
