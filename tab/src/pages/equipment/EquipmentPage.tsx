import { useState } from "react";
import {
  Button, DataGrid, DataGridBody, DataGridCell, DataGridHeader, DataGridHeaderCell, DataGridRow, Field, Input, Link, Select, Switch,
  Title2, createTableColumn, makeStyles, tokens, type TableColumnDefinition,
} from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { EQUIPMENT_STATUSES, type Equipment, type EquipmentStatus, type Page } from "../../api/types.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { ListCount } from "../../components/ListCount.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { useDebounced } from "../../components/useDebounced.ts";
import { equipmentStatusLabel, formatDate } from "../../components/format.ts";
import { ExportButtons } from "../reports/ExportButtons.tsx";
import { EquipmentDialog } from "./EquipmentDialog.tsx";
import { EquipmentDetails } from "./EquipmentDetails.tsx";
import { modelName } from "./equipmentText.ts";
import { CalibrationBadge } from "./CalibrationBadge.tsx";
import { PrintLabels } from "./PrintLabels.tsx";

const useStyles = makeStyles({
  // Wide enough for the placeholder that says what the search looks in.
  search: { width: "300px" },
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", marginBottom: tokens.spacingVerticalL },
  grid: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium, maxHeight: "70vh", overflowY: "auto" },
});

function columns(onOpen: (id: number) => void): TableColumnDefinition<Equipment>[] {
  return [
    createTableColumn<Equipment>({
      columnId: "assetTag",
      compare: (a, b) => a.assetTag.localeCompare(b.assetTag),
      renderHeaderCell: () => "Asset tag",
      renderCell: (item) => <Link as="button" onClick={() => onOpen(item.id)} aria-label={`Open ${item.assetTag}`}>{item.assetTag}</Link>,
    }),
    createTableColumn<Equipment>({ columnId: "model", compare: (a, b) => modelName(a).localeCompare(modelName(b)), renderHeaderCell: () => "Model", renderCell: modelName }),
    createTableColumn<Equipment>({ columnId: "serial", compare: (a, b) => (a.serialNumber ?? "").localeCompare(b.serialNumber ?? ""), renderHeaderCell: () => "Serial number", renderCell: (item) => item.serialNumber ?? "" }),
    createTableColumn<Equipment>({ columnId: "location", compare: (a, b) => (a.location ?? "").localeCompare(b.location ?? ""), renderHeaderCell: () => "Location", renderCell: (item) => item.location ?? "" }),
    createTableColumn<Equipment>({ columnId: "status", compare: (a, b) => a.status.localeCompare(b.status), renderHeaderCell: () => "Status", renderCell: (item) => equipmentStatusLabel(item.status) }),
    createTableColumn<Equipment>({
      columnId: "calibration",
      compare: (a, b) => (a.calibration.nextDueOn ?? "9999").localeCompare(b.calibration.nextDueOn ?? "9999"),
      renderHeaderCell: () => "Calibration",
      renderCell: (item) => <CalibrationBadge status={item.calibration.status} />,
    }),
    createTableColumn<Equipment>({ columnId: "commissioned", compare: (a, b) => (a.commissionedOn ?? "").localeCompare(b.commissionedOn ?? ""), renderHeaderCell: () => "Commissioned", renderCell: (item) => formatDate(item.commissionedOn) }),
  ];
}

/** The seed's manage page: equipment of the current lab, obsolete hidden unless asked for. */
export default function EquipmentPage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const { labId } = useSession();
  const can = useCan();
  const [showObsolete, setShowObsolete] = useState(false);
  const [status, setStatus] = useState<EquipmentStatus | "">("");
  const [search, setSearch] = useState("");
  const query = useDebounced(search, 250);
  const [adding, setAdding] = useState(false);
  // One set of filters for the grid and the export buttons: the file is the list on the screen.
  const filters = { labId, includeObsolete: showObsolete, status, search: query };
  const { data, error, loading, reload } = useLoad(
    "equipment",
    () => api.get<Page<Equipment>>("/api/equipment", { ...filters, page: 1, pageSize: 200 }),
    [labId, showObsolete, status, query],
  );
  const openId = rest[0] ? Number(rest[0]) : null;
  // Rows ticked for "Print labels" (issue 12 §3).
  const [selected, setSelected] = useState<Set<number>>(new Set());

  return (
    <section aria-labelledby="equipment-title">
      <Title2 as="h1" id="equipment-title">Equipment</Title2>
      <div className={styles.bar} role="search">
        <Field label="Search">
          <Input className={styles.search} type="search" value={search} placeholder="Asset tag, serial, model, location" onChange={(_, d) => setSearch(d.value)} />
        </Field>
        <Field label="Status">
          <Select value={status} onChange={(_, d) => setStatus(d.value as EquipmentStatus | "")}>
            <option value="">Any status</option>
            {EQUIPMENT_STATUSES.map((s) => <option key={s} value={s}>{equipmentStatusLabel(s)}</option>)}
          </Select>
        </Field>
        <Switch label="Show obsolete" checked={showObsolete} onChange={(_, d) => setShowObsolete(d.checked)} />
        {can("equipment", "create") && <Button appearance="primary" onClick={() => setAdding(true)}>Add equipment</Button>}
        <ExportButtons name="equipment" base="/api/equipment/export" query={filters} label="the equipment list" />
        <PrintLabels ids={[...selected]} />
      </div>
      <Loading loading={loading} what="equipment" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && <ListCount total={data.total} shown={data.items.length} one="piece of equipment" many="pieces of equipment" />}
      {data && (
        <div className={styles.grid} tabIndex={0} role="region" aria-label="Equipment list">
          <DataGrid items={data.items} columns={columns((id) => navigate(`#/equipment/${id}`))} sortable getRowId={(item: Equipment) => item.id} size="small"
            selectionMode="multiselect" selectedItems={selected} onSelectionChange={(_, d) => setSelected(new Set([...d.selectedItems].map(Number)))} aria-label="Equipment" data-testid="equipment-grid">
            <DataGridHeader>
              <DataGridRow selectionCell={{ checkboxIndicator: { "aria-label": "Select all" } }}>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
            </DataGridHeader>
            <DataGridBody<Equipment>>
              {({ item, rowId }) => (
                <DataGridRow<Equipment> key={rowId} selectionCell={{ checkboxIndicator: { "aria-label": `Select ${item.assetTag}` } }}>{({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}</DataGridRow>
              )}
            </DataGridBody>
          </DataGrid>
          {data.items.length === 0 && <p>No equipment matches these filters.</p>}
        </div>
      )}
      {adding && <EquipmentDialog equipment={null} onClose={() => setAdding(false)} onSaved={(saved) => { setAdding(false); reload(); navigate(`#/equipment/${saved.id}`); }} />}
      {openId !== null && <EquipmentDetails id={openId} onClose={() => navigate("#/equipment")} onChanged={reload} />}
    </section>
  );
}
