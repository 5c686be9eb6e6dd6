import { useState } from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select, Spinner, Subtitle2,
  Switch, makeStyles, tokens,
} from "@fluentui/react-components";
import { canChangeUserStatus, canEditUserDetails } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { User } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { primaryLabIdOf, userTarget } from "./userTarget.ts";
import { AccessEditor } from "./AccessEditor.tsx";

const useStyles = makeStyles({
  surface: { maxWidth: "720px", width: "calc(100vw - 32px)" },
  form: { display: "grid", gap: tokens.spacingVerticalM, marginBottom: tokens.spacingVerticalL },
  row: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center" },
});

/** User details (R-AUTH-MGR decides what is editable) and the lab access editor. */
export function UserDetails({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const styles = useStyles();
  const { data: user, error, reload } = useLoad("user", () => api.get<User>(`/api/users/${id}`), [id]);
  const changed = () => { reload(); onChanged(); };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{user ? user.displayName : "User"}</DialogTitle>
          <DialogContent>
            {error && <ErrorBar message={error} onRetry={reload} />}
            {!user && !error && <Spinner label="Loading…" />}
            {user && <UserForm key={`${user.id}-${user.status}-${primaryLabIdOf(user)}-${user.displayName}`} user={user} onChanged={changed} />}
            {user && <AccessEditor user={user} onChanged={changed} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function UserForm({ user, onChanged }: { user: User; onChanged: () => void }) {
  const styles = useStyles();
  const session = useSession();
  const target = userTarget(user);
  const editable = canEditUserDetails(session.principal, target, session.labId);
  const statusEditable = canChangeUserStatus(session.principal, target);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? "");
  const primary = primaryLabIdOf(user);
  const [primaryLabId, setPrimary] = useState(primary === null ? "" : String(primary));
  const save = useSubmit();
  const status = useSubmit();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) { save.setError("Enter the name."); return; }
    void save.run(() => api.patch(`/api/users/${user.id}`, {
      displayName: displayName.trim(), email: email.trim() || null, ...(primaryLabId ? { primaryLabId: Number(primaryLabId) } : {}),
    })).then((ok) => ok && onChanged());
  };
  const toggleStatus = (active: boolean) => {
    void status.run(() => api.post(`/api/users/${user.id}/status`, { status: active ? "ACTIVE" : "DISABLED" })).then((ok) => ok && onChanged());
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="User details">
      <Subtitle2 as="h3">Details</Subtitle2>
      <Field label="Sign-in name"><Input value={user.upn} readOnly /></Field>
      <Field label="Display name" required><Input value={displayName} maxLength={200} disabled={!editable} onChange={(_, d) => setDisplayName(d.value)} /></Field>
      <Field label="Email"><Input type="email" value={email} maxLength={320} disabled={!editable} onChange={(_, d) => setEmail(d.value)} /></Field>
      <Field label="Primary lab">
        <Select value={primaryLabId} disabled={!editable} onChange={(_, d) => setPrimary(d.value)}>
          {primary === null && <option value="">None</option>}
          {session.labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
          {primary !== null && !session.labs.some((l) => l.id === primary) && <option value={primary}>{user.primaryLab?.code ?? `Lab #${primary}`}</option>}
        </Select>
      </Field>
      <div className={styles.row}>
        {editable && <Button type="submit" appearance="primary" disabled={save.busy}>Save details</Button>}
        <Switch label={user.status === "ACTIVE" ? "Active" : "Disabled"} checked={user.status === "ACTIVE"} disabled={!statusEditable || status.busy} onChange={(_, d) => toggleStatus(d.checked)} />
      </div>
      {(save.error || status.error) && <ErrorBar message={save.error ?? status.error ?? ""} />}
    </form>
  );
}
