import { useState } from "react";
import { Badge, Button, Field, Input, Link, Switch, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { canCreateUserAt } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { Page, User } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { ListCount } from "../../components/ListCount.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { DataTable, type Column } from "../../components/DataTable.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { RoleList } from "./RoleList.tsx";
import { AddUserDialog } from "./AddUserDialog.tsx";
import { UserDetails } from "./UserDetails.tsx";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", marginBottom: tokens.spacingVerticalL },
});

const text = (a: string, b: string) => a.localeCompare(b);
// The whole visible list is one page, so its columns sort here.
const COLUMNS: Column<User>[] = [
  { id: "name", header: "Name", compare: (a, b) => text(a.displayName, b.displayName), cell: (user) => <Link href={`#/users/${user.id}`}>{user.displayName}</Link> },
  { id: "upn", header: "Sign-in name", compare: (a, b) => text(a.upn, b.upn), cell: (user) => user.upn },
  { id: "primaryLab", header: "Primary lab", compare: (a, b) => text(a.primaryLab?.code ?? "", b.primaryLab?.code ?? ""), cell: (user) => user.primaryLab?.code ?? "" },
  { id: "roles", header: "Roles (from)", cell: (user) => <RoleList roles={user.roles} /> },
  { id: "status", header: "Status", compare: (a, b) => text(a.status, b.status), cell: (user) => (user.status === "ACTIVE" ? <Badge appearance="tint" color="success">Active</Badge> : <Badge appearance="tint" color="subtle">Disabled</Badge>) },
];

/** The seed's users page: users the viewer may see (SPEC §2), disabled hidden unless asked for. */
export default function UsersPage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const session = useSession();
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [filter, setFilter] = useState("");
  const [adding, setAdding] = useState(false);
  const { data, error, loading, reload } = useLoad(
    "users",
    () => api.get<Page<User>>("/api/users", { includeDisabled }),
    [includeDisabled, session.labId],
  );
  const users = (data?.items ?? []).filter((u) =>
    `${u.displayName} ${u.upn}`.toLowerCase().includes(filter.trim().toLowerCase()));
  const openId = rest[0] ? Number(rest[0]) : null;
  const mayAdd = session.labId !== null && canCreateUserAt(session.principal, session.labId);

  return (
    <section aria-labelledby="users-title">
      <Title2 as="h1" id="users-title">Users</Title2>
      <div className={styles.bar}>
        <Field label="Filter by name"><Input type="search" value={filter} onChange={(_, d) => setFilter(d.value)} /></Field>
        <Switch label="Show disabled" checked={includeDisabled} onChange={(_, d) => setIncludeDisabled(d.checked)} />
        {mayAdd && <Button appearance="primary" onClick={() => setAdding(true)}>Add user</Button>}
      </div>
      <Loading loading={loading} what="users" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && <ListCount total={users.length} one="user" many="users" />}
      <DataTable items={users} columns={COLUMNS} getRowId={(user) => user.id} label="Users" testId="users-grid" empty={data ? "No users match." : undefined} />
      {adding && <AddUserDialog onClose={() => setAdding(false)} onSaved={(user) => { setAdding(false); reload(); navigate(`#/users/${user.id}`); }} />}
      {openId !== null && <UserDetails id={openId} onClose={() => navigate("#/users")} onChanged={reload} />}
    </section>
  );
}
