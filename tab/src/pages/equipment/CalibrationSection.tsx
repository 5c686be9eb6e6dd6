import { useState, type ReactNode } from "react";
import { Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
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

const PHONE = "@media (max-width: 599px)";
const WIDE = "@media (min-width: 600px)";

const useStyles = makeStyles({
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalS} 0` },
  // The history scrolls inside its own region should it ever be wider than the dialog; the dialog itself never does.
  scroll: { overflowX: "auto", marginBottom: tokens.spacingVerticalL, ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
  // Columns as wide as their content (a fixed layout shares the width equally and squeezes the points).
  // On a phone each calibration stacks: every cell a line of its own, named by its column.
  table: { tableLayout: "auto", [PHONE]: { display: "block" } },
  head: { [PHONE]: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } },
  body: { [PHONE]: { display: "block" } },
  row: { [PHONE]: { display: "block", paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS } },
  cell: {
    verticalAlign: "top", paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS,
    [PHONE]: {
      display: "grid", gridTemplateColumns: "7.5em 1fr", columnGap: tokens.spacingHorizontalS, height: "auto", paddingTop: 0, paddingBottom: 0,
      "::before": { content: "attr(data-label)", color: tokens.colorNeutralForeground3 },
    },
  },
  // The points take the whole width on a phone, their column's name above them.
  wideCell: { [PHONE]: { gridTemplateColumns: "1fr", rowGap: tokens.spacingVerticalXXS } },
  nowrap: { whiteSpace: "nowrap" },
  // One point a line; on a wide screen each line stays whole.
  points: { listStyleType: "none", margin: 0, padding: 0, display: "grid", rowGap: tokens.spacingVerticalXXS, [WIDE]: { whiteSpace: "nowrap" } },
});

const HISTORY_COLUMNS = ["Date", "Certificate", "Result", "Points (found → left)", "Standards", "By"] as const;
type Column = (typeof HISTORY_COLUMNS)[number];

type Point = CalibrationRegister["history"][number]["points"][number];
/** "pH 7.00 buffer: 7.01 → 7.00 pH (7 ± 0.02)": what was found, what was left, the limits. */
const pointText = (p: Point) => `${p.name}: ${p.asFound ?? "—"} → ${p.asLeft ?? "—"} ${p.unit} (${p.nominal} ± ${p.tolerance})`;

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
        <div className={styles.scroll} role="region" aria-label="Calibration history (scrolls)" tabIndex={0}>
          <Table size="small" aria-label="Calibration history" className={styles.table}>
            <TableHeader className={styles.head}>
              <TableRow>
                {HISTORY_COLUMNS.map((column) => <TableHeaderCell key={column}>{column}</TableHeaderCell>)}
              </TableRow>
            </TableHeader>
            <TableBody className={styles.body}>
              {data.history.map((c) => {
                const cells: [Column, ReactNode][] = [
                  ["Date", <span key="d" className={styles.nowrap}>{formatDate(c.calibratedOn)}</span>],
                  ["Certificate", c.certificateNumber ?? ""],
                  ["Result", c.result === "PASS" ? (c.asFoundPass === false ? "Pass (adjusted; found out of tolerance)" : "Pass") : "Fail"],
                  ["Points (found → left)", (
                    <ul key="p" className={styles.points} aria-label={`Points of ${formatDate(c.calibratedOn)}`}>
                      {c.points.map((p) => <li key={p.position}>{pointText(p)}</li>)}
                    </ul>
                  )],
                  ["Standards", c.standards.map((s) => s.assetTag).join(", ")],
                  ["By", c.recordedBy?.displayName ?? ""],
                ];
                return (
                  <TableRow key={c.id} className={styles.row}>
                    {cells.map(([column, value]) => (
                      <TableCell key={column} className={mergeClasses(styles.cell, column === "Points (found → left)" && styles.wideCell)} data-label={column}>{value}</TableCell>
                    ))}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
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
