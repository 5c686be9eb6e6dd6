import { useState, type FormEvent } from "react";
import { Button, Field, Input, Select, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { CheckOutcome, RecordDetail, TaskResultInput } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { OUTCOME_LABELS } from "./answers.ts";
import { limitsText } from "./limits.ts";

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

function answerOf(r: Result, draft: Draft): TaskResultInput {
  const taskId = r.taskId!;
  if (r.kind === "CHECK") return draft ? { taskId, outcome: draft as CheckOutcome } : { taskId };
  if (r.kind === "READING") return draft.trim() ? { taskId, reading: Number(draft) } : { taskId };
  return { taskId, text: draft };
}

/** What is wrong with one answer (the checklist's rules, checked again by the server), or a warning. */
function problemOf(r: Result, draft: Draft): { error?: string; warning?: string } {
  if (r.kind === "CHECK") return r.required && !draft ? { error: "Choose Done, Not done or N/A." } : {};
  if (r.kind === "TEXT") return r.required && !draft.trim() ? { error: "This answer is required." } : {};
  if (!draft.trim()) return r.required ? { error: "Enter the reading." } : {};
  const value = Number(draft);
  if (!Number.isFinite(value)) return { error: "Enter a number." };
  if ((r.min !== null && value < r.min) || (r.max !== null && value > r.max)) return { warning: `Outside the limits (${limitsText(r)}): this answer fails.` };
  return {};
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

  const changed = amendable.filter((r) => drafts[r.position] !== draftOf(r));
  const commentChanged = comment.trim() !== (record.comment ?? "");
  // Shown once the user tried to save, and recomputed on every change, so a fixed field clears.
  const problems = Object.fromEntries(amendable.map((r) => [r.position, problemOf(r, drafts[r.position] ?? "")]));
  const invalid = changed.some((r) => problems[r.position]?.error) || !reason.trim() || (changed.length === 0 && !commentChanged);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setError(null);
    if (invalid) return;
    setBusy(true);
    try {
      await api.post(`/api/records/${record.id}/amend`, {
        reason: reason.trim(),
        ...(commentChanged ? { comment: comment.trim() } : {}),
        ...(changed.length ? { results: changed.map((r) => answerOf(r, drafts[r.position] ?? "")) } : {}),
      });
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
              <Input type={r.kind === "READING" ? "number" : "text"} maxLength={r.kind === "TEXT" ? 2000 : undefined} value={drafts[r.position] ?? ""} onChange={(_, d) => set(r.position)(d.value)} />
            )}
          </Field>
        );
      })}
      <Field label="Corrected comment">
        <Textarea value={comment} maxLength={4000} onChange={(_, data) => setComment(data.value)} />
      </Field>
      <Field label="Reason for the amendment" required validationMessage={tried && !reason.trim() ? "A reason is required for an amendment." : undefined}>
        <Textarea value={reason} maxLength={2000} onChange={(_, data) => setReason(data.value)} />
      </Field>
      {tried && reason.trim() && changed.length === 0 && !commentChanged && <ErrorBar message="Nothing changed: correct an answer or the comment." />}
      {error && <ErrorBar message={error} />}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>Save amendment</Button>
        <Button onClick={onCancel} disabled={busy}>Cancel</Button>
      </div>
    </form>
  );
}
