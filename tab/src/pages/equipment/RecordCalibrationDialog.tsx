import { useRef, useState } from "react";
import {
  Button, Caption1, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens,
} from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CalibrationRow, Page, RecordCalibrationAnswer } from "../../api/types.ts";
import { ATTACHMENT_ACCEPT, sizeText, uploadAttachment } from "../../components/AttachmentsPanel.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { formatDate, isoDay } from "../../components/format.ts";
import { CalibrationBadge } from "./CalibrationBadge.tsx";
import { QuarantineOffer } from "../../components/QuarantineOffer.tsx";

const useStyles = makeStyles({
  // Three columns: six inputs side by side do not fit the dialog.
  point: { display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: tokens.spacingHorizontalS, alignItems: "end", margin: 0, "& .fui-Input": { minWidth: 0 } },
  legend: { fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXXS },
  standards: { display: "grid", gap: tokens.spacingVerticalXXS, border: "none", padding: 0, margin: 0 },
  standard: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface PointDraft { name: string; unit: string; nominal: string; tolerance: string; asFound: string; asLeft: string }
const EMPTY: PointDraft = { name: "", unit: "", nominal: "", tolerance: "", asFound: "", asLeft: "" };
const num = (text: string) => (text.trim() === "" ? null : Number(text.replace(",", ".")));

/**
 * Record a calibration: date, certificate number and file, the reference standards used, and each
 * measured point as found / as left. Pass or fail is computed by the server. The certificate file
 * is attached to the calibration once it is saved (the attachments API); an out-of-tolerance
 * result then shows the quarantine offer, as a failed check does.
 */
export function RecordCalibrationDialog({ equipmentId, assetTag, onClose, onSaved }: { equipmentId: number; assetTag: string; onClose: () => void; onSaved: () => void }) {
  const styles = useStyles();
  const [calibratedOn, setCalibratedOn] = useState(isoDay(new Date()));
  const [certificate, setCertificate] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [standardIds, setStandardIds] = useState<number[]>([]);
  const [points, setPoints] = useState<PointDraft[]>([{ ...EMPTY }]);
  const [answer, setAnswer] = useState<RecordCalibrationAnswer | null>(null);
  const [attachError, setAttachError] = useState<string | null>(null);
  const submit = useSubmit();
  // The reference standards the user can see (any lab where they may view calibrations), with their own status.
  const register = useLoad("calibration-standards", () => api.get<Page<CalibrationRow>>("/api/calibrations", { pageSize: 200 }), []);
  const standards = (register.data?.items ?? []).filter((r) => r.referenceStandard && r.equipmentId !== equipmentId);
  const set = (i: number, key: keyof PointDraft, value: string) => setPoints((all) => all.map((p, j) => (j === i ? { ...p, [key]: value } : p)));
  const toggle = (id: number, on: boolean) => setStandardIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  const save = async () => {
    const body = {
      calibratedOn,
      certificateNumber: certificate.trim() || null,
      standardIds,
      points: points.map((p) => ({ name: p.name.trim(), unit: p.unit.trim(), nominal: num(p.nominal), tolerance: num(p.tolerance), asFound: num(p.asFound), asLeft: num(p.asLeft) })),
    };
    let saved: RecordCalibrationAnswer | undefined;
    if (!(await submit.run(async () => { saved = await api.post<RecordCalibrationAnswer>(`/api/equipment/${equipmentId}/calibrations`, body); }))) return;
    if (!saved) return;
    let attachFailed: string | null = null;
    if (file) {
      try {
        await uploadAttachment(`/api/calibrations/${saved.calibration.id}/attachments`, file);
      } catch (caught) {
        attachFailed = caught instanceof Error ? caught.message : String(caught);
      }
    }
    // Done unless there is something to say: an out-of-tolerance result, or a certificate not attached.
    if (!saved.outOfTolerance && !attachFailed) return onSaved();
    setAttachError(attachFailed);
    setAnswer(saved);
  };

  if (answer) {
    return (
      <Dialog open modalType="modal" onOpenChange={(_, d) => { if (!d.open) onSaved(); }}>
        <DialogSurface aria-describedby={undefined}>
          <DialogBody>
            <DialogTitle>Calibration of {assetTag} recorded</DialogTitle>
            <DialogContent>
              <QuarantineOffer
                title={answer.calibration.result === "FAIL" ? "Out of tolerance" : "Found out of tolerance (adjusted)"}
                failure={answer.failure}
                assetTag={assetTag}
                quarantinePath={`/api/calibrations/${answer.calibration.id}/quarantine`}
                offerNote="It lists what was measured since the last good check for a QA decision."
                onDone={onSaved}
              />
              {attachError && <ErrorBar message={`The calibration is recorded, but the certificate was not attached: ${attachError} Attach it from the calibration history.`} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={onSaved}>Close</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    );
  }

  return (
    <FormDialog title={`Record a calibration of ${assetTag}`} submitLabel="Record calibration" busy={submit.busy} error={submit.error ?? register.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Calibrated on" required>
        <Input type="date" value={calibratedOn} onChange={(_, d) => setCalibratedOn(d.value)} />
      </Field>
      <Field label="Certificate number">
        <Input value={certificate} maxLength={100} onChange={(_, d) => setCertificate(d.value)} />
      </Field>
      <Field label="Certificate file" hint={file ? `${file.name}, ${sizeText(file.size)}: attached when the calibration is recorded` : "PDF or image of the certificate (optional)"}>
        <div className={styles.standard}>
          <Button onClick={() => fileInput.current?.click()}>{file ? "Choose another file" : "Choose a file"}</Button>
          {file && <Button appearance="subtle" onClick={() => { setFile(null); if (fileInput.current) fileInput.current.value = ""; }}>Remove</Button>}
          <input ref={fileInput} hidden type="file" accept={ATTACHMENT_ACCEPT} aria-label="Certificate file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
      </Field>
      <fieldset className={styles.standards}>
        {/* Not in a Field: a Checkbox in a Field takes the Field's label as its own name. */}
        <legend className={styles.legend}>Reference standards used</legend>
        {register.data && standards.length === 0 && <Caption1 className={styles.muted}>No reference standard in the register that you can see.</Caption1>}
        {standards.map((s) => (
          <div key={s.equipmentId} className={styles.standard}>
            <Checkbox
              label={`${s.assetTag} — ${s.manufacturer} ${s.model} (${s.labCode})${s.certificateNumber ? `, certificate ${s.certificateNumber}` : ""}`}
              checked={standardIds.includes(s.equipmentId)}
              onChange={(_, d) => toggle(s.equipmentId, d.checked === true)}
            />
            <CalibrationBadge status={s.status} />
            <Caption1 className={styles.muted}>next due {formatDate(s.nextDueOn)}</Caption1>
          </div>
        ))}
      </fieldset>
      {points.map((p, i) => (
        <fieldset key={i} className={styles.point} aria-label={`Point ${i + 1}`}>
          <Field label="Point"><Input value={p.name} onChange={(_, d) => set(i, "name", d.value)} /></Field>
          <Field label="Unit"><Input value={p.unit} onChange={(_, d) => set(i, "unit", d.value)} /></Field>
          <Field label="Nominal"><Input inputMode="decimal" value={p.nominal} onChange={(_, d) => set(i, "nominal", d.value)} /></Field>
          <Field label="± Tolerance"><Input inputMode="decimal" value={p.tolerance} onChange={(_, d) => set(i, "tolerance", d.value)} /></Field>
          <Field label="As found"><Input inputMode="decimal" value={p.asFound} onChange={(_, d) => set(i, "asFound", d.value)} /></Field>
          <Field label="As left"><Input inputMode="decimal" value={p.asLeft} onChange={(_, d) => set(i, "asLeft", d.value)} /></Field>
        </fieldset>
      ))}
      <Button onClick={() => setPoints((all) => [...all, { ...EMPTY }])}>Add a point</Button>
      {standards.some((s) => standardIds.includes(s.equipmentId) && s.status !== "IN_CALIBRATION" && s.status !== "DUE_SOON") && (
        <MessageBar intent="warning"><MessageBarBody>A chosen standard is not in calibration: the server refuses it if it was overdue or out of tolerance on the calibration date.</MessageBarBody></MessageBar>
      )}
    </FormDialog>
  );
}
