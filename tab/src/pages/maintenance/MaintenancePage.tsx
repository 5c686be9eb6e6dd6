import { useState } from "react";
import { Field, Input, Select, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { FREQUENCIES, type Assignee, type Frequency, type Page, type RecordPage } from "../../api/types.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useDebounced } from "../../components/useDebounced.ts";
import { useLoad } from "../../components/useLoad.ts";
import { Loading } from "../../components/Loading.tsx";
import { sortQuery, type TableSort } from "../../components/DataTable.tsx";
import { RecordTable } from "./RecordTable.tsx";
import { RecordDialog } from "./RecordDialog.tsx";

const useStyles = makeStyles({
  // Wide enough for the placeholder that says what the search looks in.
  search: { width: "300px" },
  filters: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", marginBottom: tokens.spacingVerticalL },
  tables: { display: "grid", gap: tokens.spacingVerticalXL },
});

export type StatusFilter = "open" | "overdue" | "due" | "completed";
const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: "open", label: "Open (overdue and due)" },
  { value: "overdue", label: "Overdue" },
  { value: "due", label: "Due, not overdue" },
  { value: "completed", label: "Completed" },
];

/** The assignee filter: "" anyone, "me", "none" (unassigned) or a person's id (the API's `assignee`). */
type AssigneeChoice = string;

const PAGE_SIZE = 200;
const COMPLETED_PAGE_SIZE = 25;

/** What a table shows before a header is clicked: open work overdue first (the server's order), completed newest period first. */
function defaultSort(status: StatusFilter): TableSort | null {
  return status === "completed" ? { column: "due", direction: "descending" } : null;
}

/**
 * The seed's index page: one table per frequency, overdue first, scrolling inside each table.
 * Each table pages and sorts on the server (a header click sorts that frequency's table).
 */
export function MaintenancePage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const { labId } = useSession();
  const can = useCan();
  const initialStatus = rest[0] === "status" && STATUS_OPTIONS.some((o) => o.value === rest[1]) ? (rest[1] as StatusFilter) : "open";
  const [status, setStatus] = useState<StatusFilter>(initialStatus);
  const [search, setSearch] = useState("");
  const query = useDebounced(search, 250);
  // A person chosen at one lab is not a filter at another: the lab picker puts it back to Anyone.
  const [assigneeChoice, setAssigneeChoice] = useState<{ value: AssigneeChoice; labId: number | null }>({ value: "", labId });
  const assignee = /^\d+$/.test(assigneeChoice.value) && assigneeChoice.labId !== labId ? "" : assigneeChoice.value;
  // Those who may assign (the amend right) also pick among the people work may be given to.
  const mayAssign = labId !== null && can("record", "amend", labId);
  const people = useLoad(
    "assignee-filter",
    async () => (mayAssign ? (await api.get<Page<Assignee>>(`/api/labs/${labId}/assignees`)).items : []),
    [labId, mayAssign],
  );
  // Completed records are many: those tables page on the server, one page per frequency.
  const [pageNumbers, setPageNumbers] = useState<Partial<Record<Frequency, number>>>({});
  const [sorts, setSorts] = useState<Partial<Record<Frequency, TableSort>>>({});
  const sortOf = (frequency: Frequency) => sorts[frequency] ?? defaultSort(status);
  const pageSize = status === "completed" ? COMPLETED_PAGE_SIZE : PAGE_SIZE;
  const { data: pages, error, loading, reload } = useLoad(
    "records",
    async () => {
      if (labId === null) return {};
      const results = await Promise.all(
        FREQUENCIES.map((frequency) => api.get<RecordPage>("/api/records", { labId, frequency, status, search: query, assignee, ...sortQuery(sortOf(frequency)), page: pageNumbers[frequency] ?? 1, pageSize })),
      );
      return Object.fromEntries(FREQUENCIES.map((frequency, index) => [frequency, results[index]])) as Partial<Record<Frequency, RecordPage>>;
    },
    [labId, status, query, assignee, JSON.stringify(pageNumbers), JSON.stringify(sorts)],
  );
  const filter = <T,>(setter: (value: T) => void) => (value: T) => { setter(value); setPageNumbers({}); setSorts({}); };

  const recordId = rest[0] === "record" && rest[1] ? Number(rest[1]) : null;
  const shown = FREQUENCIES.filter((frequency) => (pages?.[frequency]?.total ?? 0) > 0);

  return (
    <section aria-labelledby="maintenance-title">
      <Title2 as="h1" id="maintenance-title">Maintenance</Title2>
      <div className={styles.filters} role="search">
        <Field label="Status">
          <Select value={status} onChange={(_, data) => filter(setStatus)(data.value as StatusFilter)}>
            {STATUS_OPTIONS.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </Select>
        </Field>
        <Field label="Assigned to">
          <Select value={assignee} onChange={(_, data) => filter(setAssigneeChoice)({ value: data.value, labId })}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
            {(people.data ?? []).map((person) => <option key={person.id} value={String(person.id)}>{person.displayName}</option>)}
          </Select>
        </Field>
        <Field label="Search">
          <Input className={styles.search} type="search" value={search} placeholder="Record, asset tag, model, location" onChange={(_, data) => filter(setSearch)(data.value)} />
        </Field>
        <Loading loading={loading} what="records" />
      </div>
      {error && <ErrorBar message={error} onRetry={reload} />}
      {people.error && <ErrorBar message={people.error} onRetry={people.reload} />}
      {labId === null && <ErrorBar message="You have no lab access yet. Ask a manager to grant it." />}
      <div className={styles.tables} data-testid="maintenance-tables" data-loaded={pages !== null && !loading}>
        {pages && !loading && shown.length === 0 && <p>No records match these filters.</p>}
        {shown.map((frequency) => (
          <RecordTable
            key={frequency}
            frequency={frequency}
            page={pages![frequency]!}
            sort={sortOf(frequency)}
            onSort={(sort) => { setSorts({ ...sorts, [frequency]: sort }); setPageNumbers({ ...pageNumbers, [frequency]: 1 }); }}
            onPage={(page) => setPageNumbers({ ...pageNumbers, [frequency]: page })}
            onOpen={(id) => navigate(`#/maintenance/record/${id}`)}
          />
        ))}
      </div>
      {recordId !== null && (
        <RecordDialog recordId={recordId} onClose={() => navigate("#/maintenance")} onChanged={reload} />
      )}
    </section>
  );
}
