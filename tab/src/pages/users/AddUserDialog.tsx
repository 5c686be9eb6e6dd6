import { useState } from "react";
import { Button, Field, Input, Radio, RadioGroup, Select, Text } from "@fluentui/react-components";
import { canCreateUserAt, grantableRoles } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { DirectoryUser, Page, User } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { roleLabel } from "../../components/format.ts";

/** Adds an Entra user (found through Graph) with a primary lab and a first role there. */
export function AddUserDialog({ onClose, onSaved }: { onClose: () => void; onSaved: (user: User) => void }) {
  const session = useSession();
  const labs = session.labs.filter((lab) => canCreateUserAt(session.principal, lab.id));
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<DirectoryUser[] | null>(null);
  const [picked, setPicked] = useState("");
  const [labId, setLabId] = useState(String(session.labId ?? labs[0]?.id ?? ""));
  const roles = labId ? grantableRoles(session.principal, Number(labId)) : [];
  const [role, setRole] = useState("TECHNICIAN");
  const [tried, setTried] = useState(false);
  const searching = useSubmit();
  const submit = useSubmit();

  const lookUp = async () => {
    await searching.run(async () => {
      const result = await api.get<Page<DirectoryUser>>("/api/directory/users", { search: search.trim() });
      setFound(result.items);
    });
  };
  const save = async () => {
    setTried(true);
    const person = found?.find((u) => u.id === picked);
    if (!person || !labId) return;
    let saved: User | undefined;
    const ok = await submit.run(async () => {
      saved = await api.post<User>("/api/users", {
        aadObjectId: person.id, upn: person.userPrincipalName, displayName: person.displayName, email: person.mail ?? null,
        primaryLabId: Number(labId), role,
      });
    });
    if (ok && saved) onSaved(saved);
  };

  return (
    <FormDialog title="Add a user from Microsoft Entra ID" submitLabel="Add user" busy={submit.busy} error={submit.error ?? searching.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Search the directory" hint="Name or sign-in name">
        <Input value={search} maxLength={100} onChange={(_, d) => setSearch(d.value)}
          onKeyDown={(event) => { if (event.key === "Enter") { event.preventDefault(); void lookUp(); } }}
          contentAfter={<Button size="small" appearance="transparent" onClick={() => void lookUp()} disabled={searching.busy}>Search</Button>} />
      </Field>
      {found && found.length === 0 && <Text>Nobody found.</Text>}
      {found && found.length > 0 && (
        <Field label="Person" required validationMessage={tried && !picked ? "Choose a person." : undefined}>
          <RadioGroup value={picked} onChange={(_, d) => setPicked(d.value)}>
            {found.map((u) => <Radio key={u.id} value={u.id} label={`${u.displayName} (${u.userPrincipalName})`} />)}
          </RadioGroup>
        </Field>
      )}
      <Field label="Primary lab" required>
        <Select value={labId} onChange={(_, d) => setLabId(d.value)}>
          {labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
        </Select>
      </Field>
      <Field label="Role at that lab" required>
        <Select value={role} onChange={(_, d) => setRole(d.value)}>
          {roles.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
        </Select>
      </Field>
    </FormDialog>
  );
}
