import { useState } from "react";
import { Button, Field, Select, Switch, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CorrectiveAction, Page } from "../../api/types.ts";
import { DataTable, type Column } from "../../components/DataTable.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { ListCount } from "../../components/ListCount.tsx";
import { Loading } from "../../components/Loading.tsx";
import { dayCount, equipmentStatusLabel, formatDueBy } from "../../components/format.ts";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { navigate } from "../../shell/routes.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { CorrectiveActionDetails } from "./CorrectiveActionDetails.tsx";
import { CaStatusBadge, caStatusRank } from "./CaStatus.tsx";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "end", marginBottom: tokens.spacingVerticalL },
  nowrap: { whiteSpace: "nowrap" },
});

type Show = "open" | "closed" | "all";
const text = (a: string | null | undefined, b: string | null | undefined) => (a ?? "").localeCompare(b ?? "");
/** "CA-12" of BOS: by lab, then by number (CA numbers are per lab). */
const byNumber = (a: CorrectiveAction, b: CorrectiveAction) => text(a.lab.code, b.lab.code) || Number(a.number.slice(3)) - Number(b.number.slice(3));

function columns(nowrap: string): Column<CorrectiveAction>[] {
  return [
    {
      id: "number",
      header: "Number",
      compare: byNumber,
      cell: (ca) => <Button appearance="transparent" aria-label={`Open ${ca.number} (${ca.equipment.assetTag})`} onClick={() => navigate(`#/corrective/${ca.id}`)}>{ca.number}</Button>,
    },
    { id: "equipment", header: "Instrument", compare: (a, b) => text(a.equipment.assetTag, b.equipment.assetTag), cell: (ca) => `${ca.equipment.assetTag} · ${equipmentStatusLabel(ca.equipment.status)}` },
    { id: "problem", header: "What is wrong", compare: (a, b) => text(a.problem, b.problem), cell: (ca) => ca.problem },
    { id: "assignee", header: "Assigned to", compare: (a, b) => text(a.assignee?.displayName, b.assignee?.displayName), cell: (ca) => ca.assignee?.displayName ?? "—" },
    // A CA is due by the end of its lab-local due day: `dueAt` is the instant that day ends, read like every due time.
    { id: "due", header: "Due", compare: (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || byNumber(a, b), cell: (ca) => formatDueBy(ca.dueAt, ca.lab) },
    { id: "age", header: "Age", compare: (a, b) => a.ageDays - b.ageDays || byNumber(a, b), cell: (ca) => <span className={nowrap}>{dayCount(ca.ageDays)}</span> },
    { id: "status", header: "Status", compare: (a, b) => caStatusRank(a) - caStatusRank(b) || byNumber(a, b), cell: (ca) => <CaStatusBadge ca={ca} /> },
  ];
}

/** What the count calls the rows shown: "1 open corrective action", "3 corrective actions assigned to you". */
function countWords(show: Show, mine: boolean): { one: string; many: string } {
  const kind = show === "all" ? "" : `${show} `;
  const whose = mine ? " assigned to you" : "";
  return { one: `${kind}corrective action${whose}`, many: `${kind}corrective actions${whose}` };
}

/**
 * Corrective actions (R-QUAR): the list with ageing, oldest first; a row opens its detail. Up to
 * 200 load at once (the count says when there are more), and the headers sort them here.
 */
export default function CorrectiveActionsPage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const session = useSession();
  const can = useCan();
  const [status, setStatus] = useState<Show>("open");
  const [mine, setMine] = useState(false);
  const query = { labId: session.labId, status, assignedToMe: mine, pageSize: 200 };
  const list = useLoad("corrective-actions", () => api.get<Page<CorrectiveAction>>("/api/corrective-actions", query), [session.labId, status, mine]);
  const download = useSubmit();
  const id = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
  if (id !== null) return <CorrectiveActionDetails id={id} onBack={() => { list.reload(); navigate("#/corrective"); }} />;
  const data = list.data;
  return (
    <section aria-labelledby="ca-title">
      <Title2 id="ca-title" as="h1">Corrective actions</Title2>
      <div className={styles.bar}>
        <Field label="Show">
          <Select value={status} onChange={(_, d) => setStatus(d.value as Show)}>
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
      <Loading loading={list.loading} what="corrective actions" />
      {data && <ListCount total={data.total} shown={data.items.length} {...countWords(status, mine)} />}
      <DataTable
        items={data?.items ?? []}
        columns={columns(styles.nowrap)}
        getRowId={(ca) => ca.id}
        label="Corrective actions"
        testId="corrective-grid"
        maxHeight="70vh"
        empty={data ? "No corrective actions to show." : undefined}
      />
    </section>
  );
}
