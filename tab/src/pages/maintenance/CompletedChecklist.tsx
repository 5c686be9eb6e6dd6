import { useState, type FormEvent } from "react";
import { Badge, Button, Field, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { answerText } from "../../../../domain/record/answers.ts";
import { api, errorText } from "../../api/client.ts";
import type { ChecklistItem, RecordDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { formatDateTime } from "../../components/format.ts";
import { limitsText } from "./limits.ts";

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalL, display: "grid", gap: tokens.spacingVerticalS },
  amendments: { listStyle: "none", padding: 0, margin: 0, display: "grid", gap: tokens.spacingVerticalS },
  amendment: { padding: tokens.spacingVerticalS, borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorNeutralBackground2 },
  form: { display: "grid", gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/** A completed record is final: it is shown read-only; corrections are amendments with a reason. */
export function CompletedChecklist({ record, canAmend, onAmended }: { record: RecordDetail; canAmend: boolean; onAmended: () => void }) {
  const styles = useStyles();
  const [amending, setAmending] = useState(false);
  const items: ChecklistItem[] = record.results.length ? record.results : record.checklist;
  return (
    <>
      <Table size="small" aria-label="Checklist results">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Task</TableHeaderCell>
            <TableHeaderCell>Answer</TableHeaderCell>
            <TableHeaderCell>Limits</TableHeaderCell>
            <TableHeaderCell>Result</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.position}>
              <TableCell>{item.title}</TableCell>
              <TableCell>{answerText(item)}</TableCell>
              <TableCell>{item.kind === "READING" ? limitsText(item) : ""}</TableCell>
              <TableCell>{item.passed === false ? <Badge color="danger">Failed</Badge> : <Badge color="success" appearance="tint">Passed</Badge>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {record.comment && <Text block>Comment: {record.comment}</Text>}
      <section className={styles.section} aria-labelledby="amendments-title">
        <Subtitle2 as="h3" id="amendments-title">Amendments</Subtitle2>
        {record.amendments.length === 0 ? <Text>None.</Text> : (
          <ul className={styles.amendments}>
            {record.amendments.map((amendment) => (
              <li key={amendment.id} className={styles.amendment}>
                <Text block weight="semibold">{amendment.actor?.displayName ?? "Someone"}, {formatDateTime(amendment.at)}</Text>
                <Text block>Reason: {amendment.reason}</Text>
                <Text block size={200}>{describeChanges(amendment.changes)}</Text>
              </li>
            ))}
          </ul>
        )}
        {canAmend && !amending && <div><Button onClick={() => setAmending(true)}>Amend this record</Button></div>}
        {canAmend && amending && <AmendForm record={record} onDone={() => { setAmending(false); onAmended(); }} onCancel={() => setAmending(false)} />}
      </section>
    </>
  );
}

function describeChanges(changes: unknown): string {
  if (!changes || typeof changes !== "object") return "";
  const after = (changes as { after?: Record<string, unknown> }).after ?? changes;
  return Object.entries(after as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join("; ");
}

function AmendForm({ record, onDone, onCancel }: { record: RecordDetail; onDone: () => void; onCancel: () => void }) {
  const styles = useStyles();
  const [comment, setComment] = useState(record.comment ?? "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) { setError("A reason is required for an amendment."); return; }
    setBusy(true);
    try {
      await api.post(`/api/records/${record.id}/amend`, { reason: reason.trim(), comment: comment.trim() });
      onDone();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate aria-label="Amend record">
      <Field label="Corrected comment">
        <Textarea value={comment} onChange={(_, data) => setComment(data.value)} />
      </Field>
      <Field label="Reason for the amendment" required validationMessage={error ?? undefined}>
        <Textarea value={reason} onChange={(_, data) => setReason(data.value)} />
      </Field>
      {error && !reason.trim() ? null : error && <ErrorBar message={error} />}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>Save amendment</Button>
        <Button onClick={onCancel} disabled={busy}>Cancel</Button>
      </div>
    </form>
  );
}
