import { useState } from "react";
import { Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CalibrationRegister } from "../../api/types.ts";
import { useCan } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { formatDate } from "../../components/format.ts";
import { intervalText } from "../../../../domain/calibration/interval.ts";
import { CalibrationBadge } from "./CalibrationBadge.tsx";
import { RecordCalibrationDialog } from "./RecordCalibrationDialog.tsx";
import { CalibrationPlanDialog } from "./CalibrationPlanDialog.tsx";

const useStyles = makeStyles({
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalS} 0` },
});

/** The equipment detail's calibration section (R-CAL): status, plan, history and the record dialog. */
export function CalibrationSection({ equipmentId, labId, onChanged }: { equipmentId: number; labId: number; onChanged: () => void }) {
  const styles = useStyles();
  const can = useCan();
  const { data, error, reload } = useLoad("calibration", () => api.get<CalibrationRegister>(`/api/equipment/${equipmentId}/calibration`), [equipmentId]);
  const [recording, setRecording] = useState(false);
  const [planning, setPlanning] = useState(false);
  if (error) return <ErrorBar message={error} onRetry={reload} />;
  if (!data) return null;
  const plan = data.plan;
  return (
    <section aria-label="Calibration">
      <Subtitle2 as="h3">Calibration</Subtitle2>
      {!plan && <p>Not in the calibration register.</p>}
      {plan && (
        <dl className={styles.facts}>
          {([
            ["Status", <CalibrationBadge key="b" status={data.status} />],
            ["Interval", intervalText({ count: plan.intervalCount, unit: plan.intervalUnit })],
            ["Last calibrated", formatDate(plan.lastCalibratedOn)],
            ["Next due", formatDate(plan.nextDueOn)],
            ["Notice", `${plan.noticeDays} days before`],
            ["Provider", plan.provider === "INTERNAL" ? "Internal" : `External: ${plan.providerName ?? ""}`],
            ["Firmware", plan.firmwareVersion ?? ""],
            ["Acceptance criteria", plan.acceptanceCriteria ?? ""],
            ["Reference standard", plan.referenceStandard ? "Yes" : "No"],
          ] as const).map(([term, value]) => [
            <dt key={`t-${term}`} className={styles.term}>{term}</dt>,
            <dd key={`d-${term}`} className={styles.value}>{value}</dd>,
          ])}
        </dl>
      )}
      <div className={styles.actions}>
        {can("calibration", "edit", labId) && <Button onClick={() => setPlanning(true)}>{plan ? "Edit calibration plan" : "Set up a calibration plan"}</Button>}
        {plan?.active && can("calibration", "complete", labId) && <Button onClick={() => setRecording(true)}>Record a calibration</Button>}
      </div>
      {data.history.length > 0 && (
        <Table size="small" aria-label="Calibration history">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Date</TableHeaderCell>
              <TableHeaderCell>Certificate</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
              <TableHeaderCell>Points (found → left)</TableHeaderCell>
              <TableHeaderCell>Standards</TableHeaderCell>
              <TableHeaderCell>By</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.history.map((c) => (
              <TableRow key={c.id}>
                <TableCell>{formatDate(c.calibratedOn)}</TableCell>
                <TableCell>{c.certificateNumber ?? ""}</TableCell>
                <TableCell>{c.result === "PASS" ? (c.asFoundPass === false ? "Pass (adjusted; found out of tolerance)" : "Pass") : "Fail"}</TableCell>
                <TableCell>{c.points.map((p) => `${p.name}: ${p.asFound ?? "—"} → ${p.asLeft ?? "—"} ${p.unit} (${p.nominal} ± ${p.tolerance})`).join("; ")}</TableCell>
                <TableCell>{c.standards.map((s) => s.assetTag).join(", ")}</TableCell>
                <TableCell>{c.recordedBy?.displayName ?? ""}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {planning && (
        <CalibrationPlanDialog equipmentId={equipmentId} assetTag={data.equipment.assetTag} plan={plan} onClose={() => setPlanning(false)} onSaved={() => { setPlanning(false); reload(); onChanged(); }} />
      )}
      {recording && (
        <RecordCalibrationDialog equipmentId={equipmentId} assetTag={data.equipment.assetTag} onClose={() => setRecording(false)} onSaved={() => { setRecording(false); reload(); onChanged(); }} />
      )}
    </section>
  );
}
