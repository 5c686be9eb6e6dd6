import { useState } from "react";
import { Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { AUDIT_ACTIONS } from "../../../../domain/audit/events.ts";
import { labScope } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { AuditEvent, Page, User } from "../../api/types.ts";
import { labClock, labCode, useSession } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { formatLabTime } from "../../components/format.ts";

const useStyles = makeStyles({
  filters: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", marginBottom: tokens.spacingVerticalL },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "auto" },
  pager: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", marginTop: tokens.spacingVerticalM },
  detail: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

const PAGE_SIZE = 50;
const ENTITY_TYPES = Object.keys(AUDIT_ACTIONS);

/** A short "field: value" summary of the values after the change; the CSV export has them all. */
function summary(event: AuditEvent): string {
  if (!event.after || typeof event.after !== "object") return "";
  const text = Object.entries(event.after as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== "object")
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

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
  const [page, setPage] = useState(1);
  const filters = { labId, userId, entityType, entityId: entityId.trim(), from, to: to ? `${to}T23:59:59.999Z` : "" };
  const { data, error, reload } = useLoad(
    () => api.get<Page<AuditEvent>>("/api/audit", { ...filters, page, pageSize: PAGE_SIZE }),
    [labId, userId, entityType, entityId, from, to, page],
  );
  const users = useLoad(() => api.get<Page<User> | User[]>("/api/users", { includeDisabled: true }), []);
  const userList = users.data ? (Array.isArray(users.data) ? users.data : users.data.items) : [];
  const exporting = useSubmit();
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
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
        <Field label="Entity id"><Input value={entityId} onChange={(_, d) => set(setEntityId)(d.value)} /></Field>
        <Field label="From"><Input type="date" value={from} onChange={(_, d) => set(setFrom)(d.value)} /></Field>
        <Field label="To"><Input type="date" value={to} onChange={(_, d) => set(setTo)(d.value)} /></Field>
        <Button disabled={exporting.busy} onClick={() => void exporting.run(() => api.download("/api/audit/export.csv", filters, "labkeep-audit.csv"))}>Export CSV</Button>
      </div>
      {(error || exporting.error) && <ErrorBar message={error ?? exporting.error ?? ""} onRetry={reload} />}
      <Table className={styles.table} size="small" aria-label="Audit events" data-testid="audit-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>When</TableHeaderCell>
            <TableHeaderCell>Who</TableHeaderCell>
            <TableHeaderCell>Source</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Entity</TableHeaderCell>
            <TableHeaderCell>Lab</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
            <TableHeaderCell>Values after</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {(data?.items ?? []).map((event) => (
            <TableRow key={String(event.seq)}>
              <TableCell>{formatLabTime(event.at, labClock(session, event.labId))}</TableCell>
              <TableCell>{event.actor.name}</TableCell>
              <TableCell>{event.source}</TableCell>
              <TableCell>{event.action}</TableCell>
              <TableCell>{event.entityType} {event.entityId}</TableCell>
              <TableCell>{labCode(session, event.labId)}</TableCell>
              <TableCell>{event.reason ?? ""}</TableCell>
              <TableCell><span className={styles.detail}>{summary(event)}</span></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav className={styles.pager} aria-label="Audit pages">
        <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</Button>
        <Text>Page {page} of {pages}{data ? ` · ${data.total} events` : ""}</Text>
        <Button disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</Button>
      </nav>
    </section>
  );
}
