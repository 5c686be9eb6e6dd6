import { useState } from "react";
import { Button, Field, Input, Link, Radio, RadioGroup, Select, Subtitle2, Textarea, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CalibrationRegister, CorrectiveActionDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { FormDialog } from "../../components/FormDialog.tsx";
import { Loading } from "../../components/Loading.tsx";
import { dayCount, daysAgo, equipmentStatusLabel, formatDate, formatDueBy, formatLabTime } from "../../components/format.ts";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { useSignature } from "../../components/signature.tsx";
import { useCan } from "../../shell/session.ts";
import { ImpactTable } from "./ImpactTable.tsx";
import { CaStatusBadge } from "./CaStatus.tsx";

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
    ca.triggerCalibration
      ? ["Failed calibration", `${formatDate(ca.triggerCalibration.calibratedOn)}${ca.triggerCalibration.certificateNumber ? ` (${ca.triggerCalibration.certificateNumber})` : ""}, recorded ${formatLabTime(ca.failedAt, clock)}`]
      : ["Failed check", ca.triggerRecord ? `${ca.triggerRecord.number}, ${formatLabTime(ca.failedAt, clock)}` : formatLabTime(ca.failedAt, clock)],
    ["Assigned to", ca.assignee?.displayName ?? "—"],
    ["Due", `${formatDueBy(ca.dueAt, clock)}${ca.overdue ? ", overdue" : ""}`],
    // Its age in lab-calendar days: since opening while open, from opening to closing once closed.
    ["Opened", `${ca.openedBy?.displayName ?? "Labkeep"}, ${formatLabTime(ca.openedAt, clock)}${open ? ` (${daysAgo(ca.ageDays)})` : ""}`],
  ];
  if (ca.closedAt) facts.push(["Closed", `${ca.closedBy?.displayName ?? ""}, ${formatLabTime(ca.closedAt, clock)}, ${ca.ageDays === 0 ? "the same day it was opened" : `${dayCount(ca.ageDays)} after it was opened`}, verified by ${ca.verificationRecord?.number ?? (ca.verificationCalibration ? `the calibration of ${formatDate(ca.verificationCalibration.calibratedOn)}` : "—")}: ${ca.closingNote ?? ""}`]);
  return (
    <section aria-labelledby="ca-detail-title">
      <Button appearance="subtle" onClick={onBack}>← Corrective actions</Button>
      <Title2 id="ca-detail-title" as="h1">
        {ca.number} · {ca.equipment.assetTag}{" "}
        <CaStatusBadge ca={ca} />
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

/**
 * Closing: the verification, a passing check (the passing re-check by default) or, for an
 * instrument in the calibration register, a passing calibration newer than the failure; and what
 * was done, signed as approved (R-SIGN).
 */
function CloseDialog({ ca, onClose, onClosed }: { ca: CorrectiveActionDetail; onClose: () => void; onClosed: () => void }) {
  const passed = ca.recheckRecord?.status === "COMPLETED" && ca.recheckRecord.result === "PASS" ? ca.recheckRecord : null;
  const register = useLoad("ca-calibrations", () => api.get<CalibrationRegister>(`/api/equipment/${ca.equipment.id}/calibration`), [ca.equipment.id]);
  // The server's rule, to offer only what it accepts: passing, recorded after the failure, with an active plan.
  const calibrations = register.data?.plan?.active ? register.data.history.filter((c) => c.result === "PASS" && Date.parse(c.recordedAt) > Date.parse(ca.failedAt)) : [];
  const [kind, setKind] = useState<"record" | "calibration">("record");
  const [recordId, setRecordId] = useState(passed ? String(passed.id) : "");
  const [calibrationId, setCalibrationId] = useState("");
  const [note, setNote] = useState("");
  const submit = useSubmit();
  const signature = useSignature("APPROVED", "the corrective action");
  const verification = kind === "calibration" ? { verificationCalibrationId: Number(calibrationId) } : { verificationRecordId: Number(recordId) };
  const save = () =>
    void submit
      .run(() => signature.run((options) => api.post(`/api/corrective-actions/${ca.id}/close`, { ...verification, note }, options)))
      .then((ok) => { if (ok) onClosed(); });
  return (
    <FormDialog title={`Close ${ca.number}`} submitLabel="Close and return to Active" busy={submit.busy} error={submit.error} onSubmit={save} onClose={onClose}>
      {register.data?.plan?.active && (
        <RadioGroup aria-label="Verified by" value={kind} onChange={(_, d) => setKind(d.value as "record" | "calibration")} layout="horizontal">
          <Radio value="record" label="A passing check" />
          <Radio value="calibration" label="A passing calibration" />
        </RadioGroup>
      )}
      {kind === "record" ? (
        <Field label="Verification record id" hint={passed ? `The passing re-check ${passed.number}` : "A passing check of this instrument, newer than the failure"} required>
          <Input value={recordId} onChange={(_, d) => setRecordId(d.value)} inputMode="numeric" />
        </Field>
      ) : (
        <Field label="Verifying calibration" required hint={calibrations.length ? undefined : "No passing calibration recorded since the failure: record one on the equipment page."}>
          <Select value={calibrationId} onChange={(_, d) => setCalibrationId(d.value)}>
            <option value="">Choose a calibration…</option>
            {calibrations.map((c) => <option key={c.id} value={c.id}>{formatDate(c.calibratedOn)}{c.certificateNumber ? ` · ${c.certificateNumber}` : ""} · {c.recordedBy?.displayName ?? ""}</option>)}
          </Select>
        </Field>
      )}
      <Field label="How it was resolved" required>
        <Textarea value={note} onChange={(_, d) => setNote(d.value)} />
      </Field>
      {signature.fields}
    </FormDialog>
  );
}
