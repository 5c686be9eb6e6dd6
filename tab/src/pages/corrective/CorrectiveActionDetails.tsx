import { useState } from "react";
import { Badge, Button, Field, Input, Link, Subtitle2, Textarea, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CorrectiveActionDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { FormDialog } from "../../components/FormDialog.tsx";
import { Loading } from "../../components/Loading.tsx";
import { equipmentStatusLabel, formatLabTime } from "../../components/format.ts";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { useSignature } from "../../components/signature.tsx";
import { useCan } from "../../shell/session.ts";
import { ImpactTable } from "./ImpactTable.tsx";

const useStyles = makeStyles({
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS, margin: `${tokens.spacingVerticalM} 0` },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  log: { paddingLeft: tokens.spacingHorizontalL, display: "grid", gap: tokens.spacingVerticalXS },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "end", margin: `${tokens.spacingVerticalS} 0` },
  section: { marginTop: tokens.spacingVerticalXL },
});

/** One corrective action: facts, the actions log (append), the re-check, closing, and the impact assessment. */
export function CorrectiveActionDetails({ id, onBack }: { id: number; onBack: () => void }) {
  const styles = useStyles();
  const can = useCan();
  const loaded = useLoad("corrective-action", () => api.get<CorrectiveActionDetail>(`/api/corrective-actions/${id}`), [id]);
  const [text, setText] = useState("");
  const [closing, setClosing] = useState(false);
  const change = useSubmit();
  const ca = loaded.data;
  if (!ca) return loaded.error ? <ErrorBar message={loaded.error} onRetry={loaded.reload} /> : <Loading loading what="corrective action" />;
  const clock = { code: ca.lab.code, timeZone: ca.lab.timeZone };
  const open = ca.status === "OPEN";
  const run = (action: () => Promise<unknown>) => void change.run(action).then((ok) => { if (ok) loaded.reload(); });
  const recheck = ca.recheckRecord;
  const facts: [string, string][] = [
    ["Instrument", `${ca.equipment.assetTag} — ${ca.equipment.modelName} (${equipmentStatusLabel(ca.equipment.status)})`],
    ["What is wrong", ca.problem],
    ["Failed check", ca.triggerRecord ? `${ca.triggerRecord.number}, ${formatLabTime(ca.failedAt, clock)}` : formatLabTime(ca.failedAt, clock)],
    ["Assigned to", ca.assignee?.displayName ?? "—"],
    ["Due", `${ca.dueOn} (${ca.lab.code} day)${ca.overdue ? ", overdue" : ""}`],
    ["Opened", `${ca.openedBy?.displayName ?? "Labkeep"}, ${formatLabTime(ca.openedAt, clock)} (${ca.ageDays} d)`],
  ];
  if (ca.closedAt) facts.push(["Closed", `${ca.closedBy?.displayName ?? ""}, ${formatLabTime(ca.closedAt, clock)}, verified by ${ca.verificationRecord?.number ?? "—"}: ${ca.closingNote ?? ""}`]);
  return (
    <section aria-labelledby="ca-detail-title">
      <Button appearance="subtle" onClick={onBack}>← Corrective actions</Button>
      <Title2 id="ca-detail-title" as="h1">
        {ca.number} · {ca.equipment.assetTag}{" "}
        {open ? <Badge appearance="filled" color={ca.overdue ? "danger" : "warning"}>{ca.overdue ? "Overdue" : "Open"}</Badge> : <Badge appearance="tint" color="success">Closed</Badge>}
      </Title2>
      <dl className={styles.facts}>
        {facts.map(([term, value]) => [<dt key={`t-${term}`} className={styles.term}>{term}</dt>, <dd key={`d-${term}`} className={styles.value}>{value}</dd>])}
      </dl>
      {change.error && <ErrorBar message={change.error} />}

      <Subtitle2 as="h2">Actions taken</Subtitle2>
      <ol className={styles.log} aria-label="Actions taken">
        {ca.actions.map((a) => <li key={a.id}>{formatLabTime(a.at, clock)} · {a.by?.displayName ?? "Labkeep"}: {a.text}</li>)}
      </ol>
      {ca.actions.length === 0 && <p>No action logged yet.</p>}
      {open && can("correctiveAction", "edit", ca.lab.id) && (
        <div className={styles.row}>
          <Field label="Action taken" style={{ flex: 1, minWidth: "240px" }}>
            <Textarea value={text} onChange={(_, d) => setText(d.value)} resize="vertical" />
          </Field>
          <Button disabled={change.busy || text.trim() === ""} onClick={() => run(async () => { await api.post(`/api/corrective-actions/${ca.id}/actions`, { text }); setText(""); })}>Add to log</Button>
        </div>
      )}

      <div className={styles.row}>
        {recheck && <span>Re-check: <Link href={`#/maintenance/record/${recheck.id}`}>{recheck.number}</Link> ({recheck.status === "COMPLETED" ? (recheck.result === "PASS" ? "passed" : "failed") : "open"})</span>}
        {open && can("correctiveAction", "edit", ca.lab.id) && (!recheck || (recheck.status === "COMPLETED" && recheck.result === "FAIL")) && (
          <Button disabled={change.busy} onClick={() => run(() => api.post(`/api/corrective-actions/${ca.id}/recheck`))}>Start re-check</Button>
        )}
        {open && can("correctiveAction", "close", ca.lab.id) && <Button appearance="primary" onClick={() => setClosing(true)}>Close with verification…</Button>}
      </div>
      {closing && <CloseDialog ca={ca} onClose={() => setClosing(false)} onClosed={() => { setClosing(false); loaded.reload(); }} />}

      <div className={styles.section}>
        <ImpactTable ca={ca} onChanged={loaded.reload} />
      </div>
    </section>
  );
}

/** Closing: the verification check (the passing re-check by default) and what was done, signed as approved (R-SIGN). */
function CloseDialog({ ca, onClose, onClosed }: { ca: CorrectiveActionDetail; onClose: () => void; onClosed: () => void }) {
  const passed = ca.recheckRecord?.status === "COMPLETED" && ca.recheckRecord.result === "PASS" ? ca.recheckRecord : null;
  const [recordId, setRecordId] = useState(passed ? String(passed.id) : "");
  const [note, setNote] = useState("");
  const submit = useSubmit();
  const signature = useSignature("APPROVED", "the corrective action");
  const save = () =>
    void submit
      .run(() => signature.run((options) => api.post(`/api/corrective-actions/${ca.id}/close`, { verificationRecordId: Number(recordId), note }, options)))
      .then((ok) => { if (ok) onClosed(); });
  return (
    <FormDialog title={`Close ${ca.number}`} submitLabel="Close and return to Active" busy={submit.busy} error={submit.error} onSubmit={save} onClose={onClose}>
      <Field label="Verification record id" hint={passed ? `The passing re-check ${passed.number}` : "A passing check of this instrument, newer than the failure"} required>
        <Input value={recordId} onChange={(_, d) => setRecordId(d.value)} inputMode="numeric" />
      </Field>
      <Field label="How it was resolved" required>
        <Textarea value={note} onChange={(_, d) => setNote(d.value)} />
      </Field>
      {signature.fields}
    </FormDialog>
  );
}
