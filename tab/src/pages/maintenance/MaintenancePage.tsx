import { useCallback, useEffect, useState } from "react";
import { Field, Input, Select, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import { FREQUENCIES, type Frequency, type RecordPage } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useDebounced } from "../../components/useDebounced.ts";
import { RecordTable } from "./RecordTable.tsx";
import { RecordDialog } from "./RecordDialog.tsx";

const useStyles = makeStyles({
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

const PAGE_SIZE = 200;

/** The seed's index page: one table per frequency, overdue first, scrolling inside each table. */
export function MaintenancePage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const { labId } = useSession();
  const initialStatus = rest[0] === "status" && STATUS_OPTIONS.some((o) => o.value === rest[1]) ? (rest[1] as StatusFilter) : "open";
  const [status, setStatus] = useState<StatusFilter>(initialStatus);
  const [search, setSearch] = useState("");
  const query = useDebounced(search, 250);
  const [pages, setPages] = useState<Partial<Record<Frequency, RecordPage>>>({});
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(async () => {
    if (labId === null) return;
    setError(null);
    try {
      const results = await Promise.all(
        FREQUENCIES.map((frequency) => api.get<RecordPage>("/api/records", { labId, frequency, status, search: query, page: 1, pageSize: PAGE_SIZE })),
      );
      setPages(Object.fromEntries(FREQUENCIES.map((frequency, index) => [frequency, results[index]])));
      setLoaded(true);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, [labId, status, query]);

  useEffect(() => { void load(); }, [load]);

  const recordId = rest[0] === "record" && rest[1] ? Number(rest[1]) : null;
  const shown = FREQUENCIES.filter((frequency) => (pages[frequency]?.total ?? 0) > 0);

  return (
    <section aria-labelledby="maintenance-title">
      <Title2 as="h1" id="maintenance-title">Maintenance</Title2>
      <div className={styles.filters} role="search">
        <Field label="Status">
          <Select value={status} onChange={(_, data) => setStatus(data.value as StatusFilter)}>
            {STATUS_OPTIONS.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </Select>
        </Field>
        <Field label="Search">
          <Input type="search" value={search} placeholder="Record, asset tag, model, location" onChange={(_, data) => setSearch(data.value)} />
        </Field>
      </div>
      {error && <ErrorBar message={error} onRetry={() => void load()} />}
      {labId === null && <ErrorBar message="You have no lab access yet. Ask a manager to grant it." />}
      <div className={styles.tables} data-testid="maintenance-tables" data-loaded={loaded}>
        {loaded && shown.length === 0 && <p>No records match these filters.</p>}
        {shown.map((frequency) => (
          <RecordTable key={frequency} frequency={frequency} page={pages[frequency]!} onOpen={(id) => navigate(`#/maintenance/record/${id}`)} />
        ))}
      </div>
      {recordId !== null && (
        <RecordDialog recordId={recordId} onClose={() => navigate("#/maintenance")} onChanged={() => void load()} />
      )}
    </section>
  );
}
