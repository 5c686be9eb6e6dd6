import { useState } from "react";
import {
  Badge, Button, DataGrid, DataGridBody, DataGridCell, DataGridHeader, DataGridHeaderCell, DataGridRow, Dialog, DialogActions,
  DialogBody, DialogContent, DialogSurface, DialogTitle, Switch, Title2, createTableColumn, makeStyles, tokens, type TableColumnDefinition,
} from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Lab, Page } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { useCan } from "../../shell/session.ts";
import { LabDialog } from "./LabDialog.tsx";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "center", marginBottom: tokens.spacingVerticalL },
  grid: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium, maxHeight: "70vh", overflowY: "auto" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

interface RowActions {
  edit: (lab: Lab) => void;
  toggle: (lab: Lab) => void;
  canEdit: boolean;
  canChangeStatus: boolean;
  className: string;
}

function columns(actions: RowActions): TableColumnDefinition<Lab>[] {
  return [
    createTableColumn<Lab>({ columnId: "code", compare: (a, b) => a.code.localeCompare(b.code), renderHeaderCell: () => "Code", renderCell: (lab) => lab.code }),
    createTableColumn<Lab>({ columnId: "name", compare: (a, b) => a.name.localeCompare(b.name), renderHeaderCell: () => "Name", renderCell: (lab) => lab.name }),
    createTableColumn<Lab>({ columnId: "timeZone", compare: (a, b) => a.timeZone.localeCompare(b.timeZone), renderHeaderCell: () => "Time zone", renderCell: (lab) => lab.timeZone }),
    createTableColumn<Lab>({ columnId: "digestHour", compare: (a, b) => a.digestHour - b.digestHour, renderHeaderCell: () => "Digest", renderCell: (lab) => `${String(lab.digestHour).padStart(2, "0")}:00 ${lab.code} time` }),
    createTableColumn<Lab>({
      columnId: "status",
      compare: (a, b) => Number(b.active) - Number(a.active),
      renderHeaderCell: () => "Status",
      renderCell: (lab) => (lab.active ? <Badge appearance="tint" color="success">Active</Badge> : <Badge appearance="tint" color="subtle">Inactive</Badge>),
    }),
    createTableColumn<Lab>({
      columnId: "actions",
      renderHeaderCell: () => "Actions",
      renderCell: (lab) => (
        <span className={actions.className}>
          {actions.canEdit && <Button size="small" aria-label={`Edit ${lab.code}`} onClick={() => actions.edit(lab)}>Edit</Button>}
          {actions.canChangeStatus && (
            <Button size="small" aria-label={`${lab.active ? "Deactivate" : "Reactivate"} ${lab.code}`} onClick={() => actions.toggle(lab)}>
              {lab.active ? "Deactivate" : "Reactivate"}
            </Button>
          )}
        </span>
      ),
    }),
  ];
}

/** Lab administration (R-LAB): Administrators add, edit, deactivate and reactivate labs. */
export default function LabsPage() {
  const styles = useStyles();
  const can = useCan();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<Lab | "new" | null>(null);
  const [confirming, setConfirming] = useState<Lab | null>(null);
  const status = useSubmit();
  const { data, error, loading, reload } = useLoad("labs", () => api.get<Page<Lab>>("/api/labs", { includeInactive }), [includeInactive]);
  const setActive = async (lab: Lab, active: boolean) => {
    if (await status.run(() => api.post<Lab>(`/api/labs/${lab.id}/status`, { active }))) {
      setConfirming(null);
      reload();
    }
  };
  const rowActions = {
    edit: (lab: Lab) => setEditing(lab),
    // Deactivating stops records and digests: ask first. Reactivating is harmless.
    toggle: (lab: Lab) => (lab.active ? setConfirming(lab) : void setActive(lab, true)),
    canEdit: can("lab", "edit"),
    canChangeStatus: can("lab", "changeStatus"),
    className: styles.actions,
  };
  return (
    <section aria-labelledby="labs-title">
      <Title2 as="h1" id="labs-title">Labs</Title2>
      <div className={styles.bar}>
        <Switch label="Show inactive" checked={includeInactive} onChange={(_, d) => setIncludeInactive(d.checked)} />
        {can("lab", "create") && <Button appearance="primary" onClick={() => setEditing("new")}>Add lab</Button>}
      </div>
      <Loading loading={loading} what="labs" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {status.error && !confirming && <ErrorBar message={status.error} />}
      {data && (
        <div className={styles.grid}>
          <DataGrid items={data.items} columns={columns(rowActions)} sortable getRowId={(lab: Lab) => lab.id} size="small" aria-label="Labs" data-testid="labs-grid">
            <DataGridHeader>
              <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
            </DataGridHeader>
            <DataGridBody<Lab>>
              {({ item, rowId }) => <DataGridRow<Lab> key={rowId}>{({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}</DataGridRow>}
            </DataGridBody>
          </DataGrid>
          {data.items.length === 0 && <p>No labs yet.</p>}
        </div>
      )}
      {editing && (
        <LabDialog
          lab={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {confirming && (
        <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) setConfirming(null); }}>
          <DialogSurface aria-describedby={undefined}>
            <DialogBody>
              <DialogTitle>{`Deactivate ${confirming.code}?`}</DialogTitle>
              <DialogContent>
                {`${confirming.name} disappears from lab pickers and lists, gets no new maintenance records and no digests. Its history stays, and you can reactivate it.`}
                {status.error && <ErrorBar message={status.error} />}
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirming(null)} disabled={status.busy}>Cancel</Button>
                <Button appearance="primary" onClick={() => void setActive(confirming, false)} disabled={status.busy}>Deactivate</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
