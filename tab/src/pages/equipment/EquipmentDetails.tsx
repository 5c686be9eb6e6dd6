import { useState } from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, Subtitle2,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { EquipmentDetail, EquipmentEvent } from "../../api/types.ts";
import { labClock, labCode, useCan, useSession, type Session } from "../../shell/session.ts";
import { AttachmentsPanel } from "../../components/AttachmentsPanel.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { equipmentStatusLabel, formatDate, formatLabTime } from "../../components/format.ts";
import { EquipmentDialog } from "./EquipmentDialog.tsx";
import { StatusDialog } from "./StatusDialog.tsx";
import { TransferDialog } from "./TransferDialog.tsx";
import { modelName } from "./equipmentText.ts";
import { CalibrationSection } from "./CalibrationSection.tsx";
import { ResponsibleSection } from "./ResponsibleSection.tsx";

const useStyles = makeStyles({
  // Wide enough for the calibration history (a point a line) beside its other columns at 1360 px.
  surface: { maxWidth: "1040px", width: "calc(100vw - 32px)" },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalM} 0` },
});

function describe(event: EquipmentEvent, session: Session): string {
  switch (event.kind) {
    case "CREATED": return "Added";
    case "STATUS_CHANGED": return `Status ${event.fromStatus ? equipmentStatusLabel(event.fromStatus) : "?"} → ${event.toStatus ? equipmentStatusLabel(event.toStatus) : "?"}`;
    case "TRANSFERRED": return `Transferred ${labCode(session, event.fromLabId)} → ${labCode(session, event.toLabId)}`;
    default: return "Details edited";
  }
}

/** One piece of equipment: its details, its history, and the changes the user may make. */
export function EquipmentDetails({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const styles = useStyles();
  const session = useSession();
  const can = useCan();
  const { data: item, error, reload } = useLoad("equipment-item", () => api.get<EquipmentDetail>(`/api/equipment/${id}`), [id]);
  const [open, setOpen] = useState<"edit" | "status" | "transfer" | null>(null);
  const changed = () => { setOpen(null); reload(); onChanged(); };
  const history = item?.history ?? [];

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{item ? `${item.assetTag} — ${modelName(item)}` : "Equipment"}</DialogTitle>
          <DialogContent>
            {error && <ErrorBar message={error} onRetry={reload} />}
            {!item && !error && <Spinner label="Loading…" />}
            {item && (
              <>
                <dl className={styles.facts}>
                  {([
                    ["Lab", item.lab.code],
                    ["Location", item.location ?? ""],
                    ["Status", equipmentStatusLabel(item.status)],
                    ["Serial number", item.serialNumber ?? ""],
                    ["Commissioned", formatDate(item.commissionedOn)],
                    ["Notes", item.notes ?? ""],
                  ] as const).map(([term, value]) => [
                    <dt key={`t-${term}`} className={styles.term}>{term}</dt>,
                    <dd key={`d-${term}`} className={styles.value}>{value}</dd>,
                  ])}
                </dl>
                <div className={styles.actions}>
                  {can("equipment", "edit", item.labId) && <Button onClick={() => setOpen("edit")}>Edit details</Button>}
                  {can("equipment", "changeStatus", item.labId) && <Button onClick={() => setOpen("status")}>Change status</Button>}
                  {can("equipment", "transfer", item.labId) && <Button onClick={() => setOpen("transfer")}>Transfer to another lab</Button>}
                </div>
                <ResponsibleSection equipment={item} onChanged={() => { reload(); onChanged(); }} />
                <CalibrationSection equipmentId={item.id} labId={item.labId} onChanged={() => { reload(); onChanged(); }} />
                <Subtitle2 as="h3">History</Subtitle2>
                <Table size="small" aria-label="Equipment history">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>When</TableHeaderCell>
                      <TableHeaderCell>What</TableHeaderCell>
                      <TableHeaderCell>Who</TableHeaderCell>
                      <TableHeaderCell>Reason</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {history.map((event) => (
                      <TableRow key={event.id}>
                        <TableCell>{formatLabTime(event.at, labClock(session, item.labId))}</TableCell>
                        <TableCell>{describe(event, session)}</TableCell>
                        <TableCell>{event.actor?.displayName ?? ""}</TableCell>
                        <TableCell>{event.reason ?? ""}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                <AttachmentsPanel
                  title="Files"
                  listPath={`/api/equipment/${item.id}/attachments`}
                  uploadPath={can("equipment", "edit", item.labId) ? `/api/equipment/${item.id}/attachments` : null}
                />
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
        {item && open === "edit" && <EquipmentDialog equipment={item} onClose={() => setOpen(null)} onSaved={changed} />}
        {item && open === "status" && <StatusDialog equipment={item} onClose={() => setOpen(null)} onSaved={changed} />}
        {item && open === "transfer" && <TransferDialog equipment={item} onClose={() => setOpen(null)} onSaved={changed} />}
      </DialogSurface>
    </Dialog>
  );
}
