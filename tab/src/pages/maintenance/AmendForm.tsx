import { useState, type FormEvent } from "react";
import { Button, Field, Input, Select, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import { parseReading, readAnswers, type RawAnswer } from "../../../../domain/record/answers.ts";
import type { CheckOutcome, RecordDetail, TaskResultInput } from "../../api/types.ts";
import { useSignature } from "../../components/signature.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { OUTCOME_LABELS } from "./answers.ts";
import { limitsText } from "./limits.ts";
import { AmendRecordInput, TaskResultInput as TaskResultSchema } from "../../../../domain/record/record.schemas.ts";
import { maxLengthOf } from "../../components/form.ts";

/** Lengths from the schema the server checks an amendment with. */
const MAX = { comment: maxLengthOf(AmendRecordInput, "comment"), reason: maxLengthOf(AmendRecordInput, "reason"), text: maxLengthOf(TaskResultSchema, "text") };

const useStyles = makeStyles({
  form: { display: "grid", gridTemplateColumns: "minmax(0, 1fr)", gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

type Result = RecordDetail["results"][number];
/** What the form holds for one task: the outcome, or the reading or text as typed. */
type Draft = string;

function draftOf(r: Result): Draft {
  if (r.kind === "CHECK") return r.outcome ?? "";
  if (r.kind === "READING") return r.reading == null ? "" : String(r.reading);
  return r.text ?? "";
}

function rawOf(r: Result, draft: Draft): RawAnswer {
  return r.kind === "CHECK" ? { outcome: draft } : r.kind === "READING" ? { reading: draft } : { text: draft };
}

/**
 * Each answer read by the domain's checklist rules (domain/record/answers.ts, the same the
 * completion form and the bot use; the server checks again): an error, or a warning that an
 * in-range-looking number is outside the limits. Keyed by position.
 */
function readDrafts(amendable: Result[], drafts: Record<number, Draft>) {
  const raw = Object.fromEntries(amendable.map((r) => [r.taskId!, rawOf(r, drafts[r.position] ?? "")]));
  const read = readAnswers(amendable, raw);
  const problems: Record<number, { error?: string; warning?: string }> = {};
  for (const r of amendable) {
    const error = read.problems[r.taskId!];
    const value = r.kind === "READING" ? parseReading(drafts[r.position] ?? "") : null;
    const outside = value !== null && ((r.min !== null && value < r.min) || (r.max !== null && value > r.max));
    problems[r.position] = error ? { error } : outside ? { warning: `Outside the limits (${limitsText(r)}): this answer fails.` } : {};
  }
  // A changed answer left blank is sent as the task alone: the amendment clears it.
  const resultOf = (r: Result): TaskResultInput => read.results.find((x) => x.taskId === r.taskId) ?? { taskId: r.taskId! };
  return { problems, resultOf };
}

/** Corrects a completed record: any answer or the comment, with a reason; only what changed is sent. */
export function AmendForm({ record, onDone, onCancel }: { record: RecordDetail; onDone: () => void; onCancel: () => void }) {
  const styles = useStyles();
  const amendable = record.results.filter((r) => r.taskId !== null);
  const [drafts, setDrafts] = useState<Record<number, Draft>>(() => Object.fromEntries(amendable.map((r) => [r.position, draftOf(r)])));
  const [comment, setComment] = useState(record.comment ?? "");
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // R-SIGN: an amendment signed here carries the amender's signature (PERFORMED) bound to the amended record.
  const signature = useSignature("PERFORMED", "this amendment");

  const changed = amendable.filter((r) => drafts[r.position] !== draftOf(r));
  const commentChanged = comment.trim() !== (record.comment ?? "");
  // Shown once the user tried to save, and recomputed on every change, so a fixed field clears.
  const { problems, resultOf } = readDrafts(amendable, drafts);
  const invalid = changed.some((r) => problems[r.position]?.error) || !reason.trim() || (changed.length === 0 && !commentChanged);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const signed = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("name") === "sign";
    setTried(true);
    setError(null);
    if (invalid) return;
    setBusy(true);
    try {
      const body = {
        reason: reason.trim(),
        ...(commentChanged ? { comment: comment.trim() } : {}),
        ...(changed.length ? { results: changed.map(resultOf) } : {}),
      };
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

  const set = (position: number) => (value: string) => setDrafts((all) => ({ ...all, [position]: value }));
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate aria-label="Amend record">
      {amendable.map((r) => {
        const problem = problems[r.position] ?? {};
        const shown = tried ? problem.error : undefined;
        const message = shown ?? problem.warning;
        const label = r.kind === "READING" && r.unit ? `${r.title} (${r.unit})` : r.title;
        return (
          <Field key={r.position} label={label} required={r.required} validationState={shown ? "error" : problem.warning ? "warning" : "none"} validationMessage={message}
            hint={r.kind === "READING" && limitsText(r) ? `Limits: ${limitsText(r)}` : undefined}>
            {r.kind === "CHECK" ? (
              <Select value={drafts[r.position] ?? ""} onChange={(_, d) => set(r.position)(d.value)}>
                <option value="">—</option>
                {(Object.keys(OUTCOME_LABELS) as CheckOutcome[]).map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
              </Select>
            ) : (
              <Input type={r.kind === "READING" ? "number" : "text"} maxLength={r.kind === "TEXT" ? MAX.text : undefined} value={drafts[r.position] ?? ""} onChange={(_, d) => set(r.position)(d.value)} />
            )}
          </Field>
        );
      })}
      <Field label="Corrected comment">
        <Textarea value={comment} maxLength={MAX.comment} onChange={(_, data) => setComment(data.value)} />
      </Field>
      <Field label="Reason for the amendment" required validationMessage={tried && !reason.trim() ? "A reason is required for an amendment." : undefined}>
        <Textarea value={reason} maxLength={MAX.reason} onChange={(_, data) => setReason(data.value)} />
      </Field>
      {tried && reason.trim() && changed.length === 0 && !commentChanged && <ErrorBar message="Nothing changed: correct an answer or the comment." />}
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
