import { useState } from "react";
import {
  Badge, Button, DataGrid, DataGridBody, DataGridCell, DataGridHeader, DataGridHeaderCell, DataGridRow, Field, Select, Switch, Title2,
  createTableColumn, makeStyles, tokens, type TableColumnDefinition,
} from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CorrectiveAction, Page } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { equipmentStatusLabel } from "../../components/format.ts";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { navigate } from "../../shell/routes.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { CorrectiveActionDetails } from "./CorrectiveActionDetails.tsx";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "end", marginBottom: tokens.spacingVerticalL },
  grid: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium, maxHeight: "70vh", overflowY: "auto" },
});

function columns(): TableColumnDefinition<CorrectiveAction>[] {
  return [
    createTableColumn<CorrectiveAction>({
      columnId: "number",
      renderHeaderCell: () => "Number",
      renderCell: (ca) => <Button appearance="transparent" aria-label={`Open ${ca.number} (${ca.equipment.assetTag})`} onClick={() => navigate(`#/corrective/${ca.id}`)}>{ca.number}</Button>,
    }),
    createTableColumn<CorrectiveAction>({ columnId: "equipment", renderHeaderCell: () => "Instrument", renderCell: (ca) => `${ca.equipment.assetTag} · ${equipmentStatusLabel(ca.equipment.status)}` }),
    createTableColumn<CorrectiveAction>({ columnId: "problem", renderHeaderCell: () => "What is wrong", renderCell: (ca) => ca.problem }),
    createTableColumn<CorrectiveAction>({ columnId: "assignee", renderHeaderCell: () => "Assigned to", renderCell: (ca) => ca.assignee?.displayName ?? "—" }),
    createTableColumn<CorrectiveAction>({ columnId: "due", renderHeaderCell: () => "Due", renderCell: (ca) => `${ca.dueOn} (${ca.lab.code})` }),
    createTableColumn<CorrectiveAction>({
      columnId: "age",
      renderHeaderCell: () => "Age",
      renderCell: (ca) => (
        <>
          {ca.ageDays} d{" "}
          {ca.status === "CLOSED" ? <Badge appearance="tint" color="success">Closed</Badge> : ca.overdue ? <Badge appearance="filled" color="danger">Overdue</Badge> : <Badge appearance="tint" color="informative">Open</Badge>}
        </>
      ),
    }),
  ];
}

/** Corrective actions (R-QUAR): the list with ageing, oldest first; a row opens its detail. */
export default function CorrectiveActionsPage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const session = useSession();
  const can = useCan();
  const [status, setStatus] = useState<"open" | "closed" | "all">("open");
  const [mine, setMine] = useState(false);
  const query = { labId: session.labId, status, assignedToMe: mine, pageSize: 200 };
  const list = useLoad("corrective-actions", () => api.get<Page<CorrectiveAction>>("/api/corrective-actions", query), [session.labId, status, mine]);
  const download = useSubmit();
  const id = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
  if (id !== null) return <CorrectiveActionDetails id={id} onBack={() => { list.reload(); navigate("#/corrective"); }} />;
  return (
    <section aria-labelledby="ca-title">
      <Title2 id="ca-title" as="h1">Corrective actions</Title2>
      <div className={styles.bar}>
        <Field label="Show">
          <Select value={status} onChange={(_, d) => setStatus(d.value as typeof status)}>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
            <option value="all">All</option>
          </Select>
        </Field>
        <Switch label="Assigned to me" checked={mine} onChange={(_, d) => setMine(d.checked)} />
        {can("correctiveAction", "export", session.labId) && (
          <Button disabled={download.busy} onClick={() => void download.run(() => api.download("/api/corrective-actions/export.csv", query, `labkeep-corrective-actions-${status}.csv`))}>
            Export CSV
          </Button>
        )}
      </div>
      {download.error && <ErrorBar message={download.error} />}
      {list.error && <ErrorBar message={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading loading what="corrective actions" />}
      {list.data && (
        <DataGrid items={list.data.items} columns={columns()} getRowId={(ca) => ca.id} className={styles.grid} aria-label="Corrective actions">
          <DataGridHeader>
            <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
          </DataGridHeader>
          <DataGridBody<CorrectiveAction>>{({ item, rowId }) => <DataGridRow<CorrectiveAction> key={rowId}>{({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}</DataGridRow>}</DataGridBody>
        </DataGrid>
      )}
      {list.data?.items.length === 0 && <p>No corrective actions to show.</p>}
    </section>
  );
}
