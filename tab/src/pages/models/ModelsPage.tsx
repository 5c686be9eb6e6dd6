import { useState } from "react";
import { Badge, Button, Link, Switch, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Model, Page } from "../../api/types.ts";
import { useCan } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { ListCount } from "../../components/ListCount.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { DataTable, type Column } from "../../components/DataTable.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { frequencyLabel } from "../../components/format.ts";
import { ModelDialog } from "./ModelDialog.tsx";
import { ModelPage } from "./ModelPage.tsx";

const useStyles = makeStyles({
  bar: { display: "flex", gap: tokens.spacingHorizontalL, alignItems: "center", marginBottom: tokens.spacingVerticalL },
});

const COLUMNS: Column<Model>[] = [
  { id: "name", header: "Model", compare: (a, b) => a.name.localeCompare(b.name), cell: (model) => <Link href={`#/models/${model.id}`}>{model.name}</Link> },
  { id: "manufacturer", header: "Manufacturer", compare: (a, b) => a.manufacturer.localeCompare(b.manufacturer), cell: (model) => model.manufacturer },
  { id: "frequencies", header: "Frequencies", cell: (model) => model.frequencies.map(frequencyLabel).join(", ") },
  { id: "status", header: "Status", compare: (a, b) => Number(b.active) - Number(a.active), cell: (model) => (model.active ? <Badge appearance="tint" color="success">Active</Badge> : <Badge appearance="tint" color="subtle">Disabled</Badge>) },
];

/** The seed's models page; a model opens its own page (modify_models). */
export default function ModelsPage({ rest }: { rest: string[] }) {
  if (rest[0]) return <ModelPage id={Number(rest[0])} />;
  return <ModelList />;
}

function ModelList() {
  const styles = useStyles();
  const can = useCan();
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [adding, setAdding] = useState(false);
  const { data, error, loading, reload } = useLoad("models", () => api.get<Page<Model>>("/api/models", { includeDisabled }), [includeDisabled]);
  return (
    <section aria-labelledby="models-title">
      <Title2 as="h1" id="models-title">Models</Title2>
      <div className={styles.bar}>
        <Switch label="Show disabled" checked={includeDisabled} onChange={(_, d) => setIncludeDisabled(d.checked)} />
        {can("model", "create") && <Button appearance="primary" onClick={() => setAdding(true)}>Add model</Button>}
      </div>
      <Loading loading={loading} what="models" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && <ListCount total={data.total} one="model" many="models" />}
      <DataTable items={data?.items ?? []} columns={COLUMNS} getRowId={(model) => model.id} label="Models" testId="models-grid" empty={data ? "No models yet." : undefined} />
      {adding && <ModelDialog model={null} onClose={() => setAdding(false)} onSaved={(saved) => navigate(`#/models/${saved.id}`)} />}
    </section>
  );
}
