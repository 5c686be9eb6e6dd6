import { useState } from "react";
import { Button, Field, Input, Link, Select, Switch, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { EQUIPMENT_STATUSES, type Equipment, type EquipmentStatus, type Page } from "../../api/types.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { ListCount } from "../../components/ListCount.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { DataTable, sortQuery, type Column, type TableSort } from "../../components/DataTable.tsx";
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
});

/** Every column sorts on the server (the list pages), by the API's sort names. */
function columns(onOpen: (id: number) => void): Column<Equipment>[] {
  return [
    { id: "assetTag", header: "Asset tag", sortable: true, cell: (item) => <Link as="button" onClick={() => onOpen(item.id)} aria-label={`Open ${item.assetTag}`}>{item.assetTag}</Link> },
    { id: "model", header: "Model", sortable: true, cell: modelName },
    { id: "serialNumber", header: "Serial number", sortable: true, cell: (item) => item.serialNumber ?? "" },
    { id: "location", header: "Location", sortable: true, cell: (item) => item.location ?? "" },
    { id: "status", header: "Status", sortable: true, cell: (item) => equipmentStatusLabel(item.status) },
    { id: "responsible", header: "Responsible", cell: (item) => item.responsible?.displayName ?? "" },
    { id: "calibration", header: "Calibration", cell: (item) => <CalibrationBadge status={item.calibration.status} /> },
    { id: "commissionedOn", header: "Commissioned", sortable: true, cell: (item) => formatDate(item.commissionedOn) },
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
  const [sort, setSort] = useState<TableSort>({ column: "assetTag", direction: "ascending" });
  // One set of filters for the grid and the export buttons: the file is the list on the screen.
  const filters = { labId, includeObsolete: showObsolete, status, search: query };
  const { data, error, loading, reload } = useLoad(
    "equipment",
    () => api.get<Page<Equipment>>("/api/equipment", { ...filters, ...sortQuery(sort), page: 1, pageSize: 200 }),
    [labId, showObsolete, status, query, sort.column, sort.direction],
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
        <DataTable
          items={data.items}
          columns={columns((id) => navigate(`#/equipment/${id}`))}
          getRowId={(item) => item.id}
          label="Equipment"
          testId="equipment-grid"
          sort={sort}
          onSortChange={setSort}
          maxHeight="70vh"
          empty="No equipment matches these filters."
          selection={{ selected, onChange: (next) => setSelected(new Set([...next].map(Number))) }}
          rowName={(item) => item.assetTag}
        />
      )}
      {adding && <EquipmentDialog equipment={null} onClose={() => setAdding(false)} onSaved={(saved) => { setAdding(false); reload(); navigate(`#/equipment/${saved.id}`); }} />}
      {openId !== null && <EquipmentDetails id={openId} onClose={() => navigate("#/equipment")} onChanged={reload} />}
    </section>
  );
}
