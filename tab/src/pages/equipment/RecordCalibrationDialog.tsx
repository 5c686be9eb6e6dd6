import { useState } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { RecordCalibrationAnswer } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { isoDay } from "../../components/format.ts";

const useStyles = makeStyles({
  point: { display: "grid", gridTemplateColumns: "2fr 1fr 1fr 1fr 1fr 1fr", gap: tokens.spacingHorizontalS, alignItems: "end" },
});

interface PointDraft { name: string; unit: string; nominal: string; tolerance: string; asFound: string; asLeft: string }
const EMPTY: PointDraft = { name: "", unit: "", nominal: "", tolerance: "", asFound: "", asLeft: "" };
const num = (text: string) => (text.trim() === "" ? null : Number(text.replace(",", ".")));

/** Record a calibration: date, certificate, and each measured point as found / as left. Pass or fail is computed by the server. */
export function RecordCalibrationDialog({ equipmentId, assetTag, onClose, onSaved }: { equipmentId: number; assetTag: string; onClose: () => void; onSaved: () => void }) {
  const styles = useStyles();
  const [calibratedOn, setCalibratedOn] = useState(isoDay(new Date()));
  const [certificate, setCertificate] = useState("");
  const [points, setPoints] = useState<PointDraft[]>([{ ...EMPTY }]);
  const submit = useSubmit();
  const set = (i: number, key: keyof PointDraft, value: string) => setPoints((all) => all.map((p, j) => (j === i ? { ...p, [key]: value } : p)));
  const save = async () => {
    const body = {
      calibratedOn,
      certificateNumber: certificate.trim() || null,
      points: points.map((p) => ({ name: p.name.trim(), unit: p.unit.trim(), nominal: num(p.nominal), tolerance: num(p.tolerance), asFound: num(p.asFound), asLeft: num(p.asLeft) })),
    };
    if (await submit.run(() => api.post<RecordCalibrationAnswer>(`/api/equipment/${equipmentId}/calibrations`, body))) onSaved();
  };
  return (
    <FormDialog title={`Record a calibration of ${assetTag}`} submitLabel="Record calibration" busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Calibrated on" required>
        <Input type="date" value={calibratedOn} onChange={(_, d) => setCalibratedOn(d.value)} />
      </Field>
      <Field label="Certificate number">
        <Input value={certificate} maxLength={100} onChange={(_, d) => setCertificate(d.value)} />
      </Field>
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
    </FormDialog>
  );
}
