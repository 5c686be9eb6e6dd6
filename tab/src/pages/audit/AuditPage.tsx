import { useState } from "react";
import { Button, Field, Input, Select, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { AUDIT_ACTIONS } from "../../../../domain/audit/events.ts";
import { labScope } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { AuditEvent, Page, User } from "../../api/types.ts";
import { labClock, labCode, useSession } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { DataTable, sortQuery, type Column, type TableSort } from "../../components/DataTable.tsx";
import { ListCount } from "../../components/ListCount.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { formatLabTime } from "../../components/format.ts";
import { AuditDetails } from "./AuditDetails.tsx";
import { actionLabel, sourceLabel, subjectText } from "./auditText.ts";

const useStyles = makeStyles({
  filters: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", marginBottom: tokens.spacingVerticalL },
  pager: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", marginTop: tokens.spacingVerticalM },
  detail: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

const PAGE_SIZE = 50;
const ENTITY_TYPES = Object.keys(AUDIT_ACTIONS);

/** The audit trail: filters by lab, user, entity and dates; paging; CSV export of the same filters. */
export default function AuditPage() {
  const styles = useStyles();
  const session = useSession();
  const everyLab = labScope(session.principal, "audit", "view") === "all";
  const [labId, setLabId] = useState(String(session.labId ?? ""));
  const [userId, setUserId] = useState("");
  const [entityType, setEntityType] = useState("");
  const [entityId, setEntityId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [reference, setReference] = useState("");
  const [page, setPage] = useState(1);
  // Newest first, as the trail is read; When, Who and Action sort on the server.
  const [sort, setSort] = useState<TableSort>({ column: "at", direction: "descending" });
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const filters = { labId, userId, entityType, entityId: entityId.trim(), reference: reference.trim(), from, to: to ? `${to}T23:59:59.999Z` : "" };
  const { data, error, loading, reload } = useLoad(
    "audit",
    () => api.get<Page<AuditEvent>>("/api/audit", { ...filters, ...sortQuery(sort), page, pageSize: PAGE_SIZE }),
    [labId, userId, entityType, entityId, reference, from, to, page, sort.column, sort.direction],
  );
  const users = useLoad("users-all", () => api.get<Page<User>>("/api/users", { includeDisabled: true }), []);
  const userList = users.data?.items ?? [];
  const exporting = useSubmit();
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const when = (event: AuditEvent) => formatLabTime(event.at, labClock(session, event.labId));
  const columns: Column<AuditEvent>[] = [
    { id: "at", header: "When", sortable: true, cell: when },
    { id: "actor", header: "Who", sortable: true, cell: (event) => <>{event.actor.name} <span className={styles.detail}>({sourceLabel(event.source)})</span></> },
    { id: "action", header: "Action", sortable: true, cell: (event) => actionLabel(event.action) },
    { id: "about", header: "About", cell: subjectText },
    { id: "lab", header: "Lab", cell: (event) => labCode(session, event.labId) },
    { id: "reason", header: "Reason", cell: (event) => event.reason ?? "" },
    { id: "details", header: "Details", cell: (event) => <Button size="small" onClick={() => setOpen(event)} aria-label={`Details: ${actionLabel(event.action)}, ${subjectText(event)}, ${when(event)}`}>Details</Button> },
  ];
  const set = <T,>(setter: (value: T) => void) => (value: T) => { setter(value); setPage(1); };

  return (
    <section aria-labelledby="audit-title">
      <Title2 as="h1" id="audit-title">Audit trail</Title2>
      <div className={styles.filters} role="search">
        <Field label="Lab">
          <Select value={labId} onChange={(_, d) => set(setLabId)(d.value)}>
            {everyLab && <option value="">All labs</option>}
            {session.labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code}</option>)}
          </Select>
        </Field>
        <Field label="User">
          <Select value={userId} onChange={(_, d) => set(setUserId)(d.value)}>
            <option value="">Anyone</option>
            {userList.map((u) => <option key={u.id} value={u.id}>{u.displayName}</option>)}
          </Select>
        </Field>
        <Field label="Entity">
          <Select value={entityType} onChange={(_, d) => set(setEntityType)(d.value)}>
            <option value="">Any</option>
            {ENTITY_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
          </Select>
        </Field>
        <Field label="Entity id"><Input value={entityId} maxLength={100} onChange={(_, d) => set(setEntityId)(d.value)} /></Field>
        <Field label="Record number or asset tag"><Input type="search" value={reference} maxLength={100} placeholder="e.g. BOS-000128" onChange={(_, d) => set(setReference)(d.value)} /></Field>
        <Field label="From"><Input type="date" value={from} onChange={(_, d) => set(setFrom)(d.value)} /></Field>
        <Field label="To"><Input type="date" value={to} onChange={(_, d) => set(setTo)(d.value)} /></Field>
        <Button disabled={exporting.busy} onClick={() => void exporting.run(() => api.download("/api/audit/export.csv", filters, "labkeep-audit.csv"))}>Export CSV</Button>
      </div>
      <Loading loading={loading} what="audit events" />
      {(error || exporting.error) && <ErrorBar message={error ?? exporting.error ?? ""} onRetry={reload} />}
      {data && <ListCount total={data.total} shown={data.items.length} one="event" many="events" />}
      <DataTable
        items={data?.items ?? []}
        columns={columns}
        getRowId={(event) => String(event.seq)}
        label="Audit events"
        testId="audit-table"
        sort={sort}
        onSortChange={(next) => { setSort(next); setPage(1); }}
        empty={data ? "No audit events match these filters." : undefined}
      />
      {open && <AuditDetails event={open} onClose={() => setOpen(null)} />}
      <nav className={styles.pager} aria-label="Audit pages">
        <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</Button>
        <Text>Page {page} of {pages}</Text>
        <Button disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</Button>
      </nav>
    </section>
  );
}
