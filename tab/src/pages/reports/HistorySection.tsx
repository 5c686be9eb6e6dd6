import { useState } from "react";
import { Field, Select, Subtitle1, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { EquipmentHistory } from "../../../../domain/report/history.ts";
import { api } from "../../api/client.ts";
import type { Equipment, Page } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { equipmentStatusLabel, formatDate, formatDueBy, formatLabTime, frequencyLabel } from "../../components/format.ts";
import { resultLabel } from "../maintenance/answers.ts";
import { ExportButtons } from "./ExportButtons.tsx";

const useStyles = makeStyles({
  section: { display: "grid", gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL },
  card: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium },
});

/** One piece of equipment: status changes, transfers and every record with its result. */
export function HistorySection({ labId }: { labId: string }) {
  const styles = useStyles();
  const session = useSession();
  const lab = labId || String(session.labId ?? "");
  const list = useLoad("report-equipment", () => api.get<Page<Equipment>>("/api/equipment", { labId: lab, includeObsolete: true, pageSize: 200 }), [lab]);
  const [equipmentId, setEquipmentId] = useState("");
  const history = useLoad(
    "report-history",
    () => (equipmentId ? api.get<EquipmentHistory>(`/api/reports/equipment-history/${equipmentId}`) : Promise.resolve(null)),
    [equipmentId],
  );
  const h = history.data;

  return (
    <section className={styles.section} aria-labelledby="history-title">
      <Subtitle1 as="h2" id="history-title">Equipment history</Subtitle1>
      <Field label="Equipment">
        <Select value={equipmentId} onChange={(_, d) => setEquipmentId(d.value)}>
          <option value="">Choose equipment…</option>
          {(list.data?.items ?? []).map((e) => <option key={e.id} value={e.id}>{e.assetTag}{e.location ? ` — ${e.location}` : ""}</option>)}
        </Select>
      </Field>
      <Loading loading={list.loading || history.loading} what="equipment history" />
      {(list.error || history.error) && <ErrorBar message={list.error ?? history.error ?? ""} />}
      {h && (
        <>
          <ExportButtons name="equipment-history" query={{ equipmentId: h.equipment.id }} label="equipment history" />
          <div className={styles.card}>
            <Subtitle2 as="h3">{h.equipment.assetTag} — {h.equipment.manufacturer} {h.equipment.modelName}</Subtitle2>
            <Text block>{h.equipment.labCode}, {h.equipment.location ?? "no location"}, {equipmentStatusLabel(h.equipment.status)}, commissioned {formatDate(h.equipment.commissionedOn) || "—"}</Text>
            <Table size="small" aria-label="Status changes and transfers">
              <TableHeader>
                <TableRow><TableHeaderCell>When</TableHeaderCell><TableHeaderCell>Event</TableHeaderCell><TableHeaderCell>Who</TableHeaderCell><TableHeaderCell>Reason</TableHeaderCell></TableRow>
              </TableHeader>
              <TableBody>
                {h.events.map((e, i) => (
                  <TableRow key={i}>
                    <TableCell>{formatLabTime(e.at, { code: h.equipment.labCode, timeZone: h.equipment.timeZone })}</TableCell>
                    <TableCell>{e.kind === "TRANSFERRED" ? `Transferred ${e.fromLabCode} → ${e.toLabCode}` : e.kind === "STATUS_CHANGED" ? `Status → ${e.toStatus ? equipmentStatusLabel(e.toStatus) : ""}` : e.kind === "CREATED" ? "Added" : "Edited"}</TableCell>
                    <TableCell>{e.actorName ?? ""}</TableCell>
                    <TableCell>{e.reason ?? ""}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className={styles.card}>
            <Table size="small" aria-label="Maintenance records of this equipment">
              <TableHeader>
                <TableRow><TableHeaderCell>Record</TableHeaderCell><TableHeaderCell>Frequency</TableHeaderCell><TableHeaderCell>Due</TableHeaderCell><TableHeaderCell>Completed</TableHeaderCell><TableHeaderCell>Result</TableHeaderCell><TableHeaderCell>Amendments</TableHeaderCell></TableRow>
              </TableHeader>
              <TableBody>
                {h.records.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{r.number}</TableCell>
                    <TableCell>{frequencyLabel(r.frequency)}</TableCell>
                    <TableCell>{formatDueBy(r.dueAt, { code: r.labCode, timeZone: r.timeZone })}{r.overdue ? " (overdue)" : ""}</TableCell>
                    <TableCell>{r.completedAt ? `${formatLabTime(r.completedAt, { code: r.labCode, timeZone: r.timeZone })}, ${r.completedBy ?? ""}${Date.parse(r.completedAt) > Date.parse(r.dueAt) ? ", late" : ""}` : "Open"}</TableCell>
                    <TableCell>{r.result ? resultLabel(r.result) : ""}</TableCell>
                    <TableCell>{r.amendments}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </section>
  );
}
