import { useState } from "react";
import { Button, Field, Select, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import { canGrantAccess, grantableRoles } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { Lab, Page, User } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { roleLabel } from "../../components/format.ts";
import { roleText } from "./RoleList.tsx";
import { ReasonDialog, useRegulated } from "../../components/ReasonField.tsx";

const useStyles = makeStyles({
  add: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "flex-end", marginTop: tokens.spacingVerticalM },
});

/**
 * Lab access: Administrators grant any role anywhere; a Manager only at labs they manage and only
 * Manager, Local Audit or Technician (R-AUTH-MGR). The rows are the in-app grants; access from Entra
 * groups is read at sign-in and not listed here.
 */
export function AccessEditor({ user, onChanged }: { user: User; onChanged: () => void }) {
  const styles = useStyles();
  const { principal } = useSession();
  const labs = useLoad("labs", () => api.get<Page<Lab>>("/api/labs"), []);
  const allLabs = labs.data?.items ?? [];
  const grantLabs = allLabs.filter((lab) => grantableRoles(principal, lab.id).length > 0);
  const [labId, setLabId] = useState("");
  const roles = labId ? grantableRoles(principal, Number(labId)) : [];
  const [role, setRole] = useState("");
  const change = useSubmit();
  const regulated = useRegulated("access")(["role"]);
  const [asking, setAsking] = useState<{ title: string; label: string; send: (reason: string) => Promise<unknown> } | null>(null);
  // Access is regulated by default: its reason is asked in a dialog; unregulated, the change goes at once.
  const perform = (title: string, label: string, send: (reason?: string) => Promise<unknown>) => {
    if (regulated.length) setAsking({ title, label, send: async (reason) => { await send(reason); onChanged(); } });
    else void change.run(() => send()).then((ok) => ok && onChanged());
  };

  const grant = (event: React.FormEvent) => {
    event.preventDefault();
    if (!labId || !role) { change.setError("Choose a lab and a role."); return; }
    const code = allLabs.find((lab) => lab.id === Number(labId))?.code ?? "";
    perform(`Grant ${roleLabel(role)} at ${code}`, "Grant access", (reason) => api.put(`/api/users/${user.id}/access/${labId}`, { role, reason }));
  };
  const revoke = (lab: number, title: string) => {
    perform(title, "Revoke", (reason) => api.del(`/api/users/${user.id}/access/${lab}${reason ? `?reason=${encodeURIComponent(reason)}` : ""}`));
  };
  const access = user.roles;

  return (
    <section aria-labelledby="access-title">
      <Subtitle2 as="h3" id="access-title">Lab access</Subtitle2>
      {access.length === 0 ? <Text block>No roles yet: none granted in Labkeep, and no Entra group seen at the user's last sign-in.</Text> : (
        <Table size="small" aria-labelledby="access-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Lab</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {access.map((a) => {
              const inApp = a.sources.includes("IN_APP");
              return (
                <TableRow key={`${a.labId}-${a.role}`}>
                  <TableCell>{a.labId === null ? "All labs" : a.labCode}</TableCell>
                  <TableCell>{roleLabel(a.role)}</TableCell>
                  <TableCell>{roleText(a).from}</TableCell>
                  <TableCell>
                    {inApp && a.labId !== null && canGrantAccess(principal, a.labId, a.role) && (
                      <Button size="small" disabled={change.busy} onClick={() => revoke(a.labId!, `Revoke ${roleLabel(a.role)} at ${a.labCode}`)} aria-label={`Revoke ${roleLabel(a.role)} at ${a.labCode}`}>Revoke</Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {grantLabs.length > 0 && (
        <form className={styles.add} onSubmit={grant} noValidate aria-label="Grant lab access">
          <Field label="Lab">
            <Select value={labId} onChange={(_, d) => { setLabId(d.value); setRole(""); }}>
              <option value="">Choose a lab…</option>
              {grantLabs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
            </Select>
          </Field>
          <Field label="Role">
            <Select value={role} onChange={(_, d) => setRole(d.value)}>
              <option value="">Choose a role…</option>
              {roles.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
            </Select>
          </Field>
          <Button type="submit" appearance="primary" disabled={change.busy}>Grant access</Button>
        </form>
      )}
      {asking && <ReasonDialog title={asking.title} submitLabel={asking.label} regulated={regulated} onSubmit={asking.send} onClose={() => setAsking(null)} />}
      {(change.error || labs.error) && <ErrorBar message={change.error ?? labs.error ?? ""} />}
    </section>
  );
}
