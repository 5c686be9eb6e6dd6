import { useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button, Field, Input, Radio, RadioGroup, Select, Text } from "@fluentui/react-components";
import { canCreateUserAt, grantableRoles } from "../../../../domain/policy/policy.ts";
import { CreateUserInput } from "../../../../domain/user/user.schemas.ts";
import { api } from "../../api/client.ts";
import type { DirectoryUser, Page, User } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { roleLabel } from "../../components/format.ts";
import { domainResolver, problem } from "../../components/form.ts";

interface UserForm {
  /** The chosen directory person's object id. */
  aadObjectId: string;
  primaryLabId: string;
  role: string;
}

/** Adds an Entra user (found through Graph) with a primary lab and a first role there. */
export function AddUserDialog({ onClose, onSaved }: { onClose: () => void; onSaved: (user: User) => void }) {
  const session = useSession();
  const labs = session.labs.filter((lab) => canCreateUserAt(session.principal, lab.id));
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<DirectoryUser[] | null>(null);
  // The resolver is made once; it reads the latest search's people through this.
  const people = useRef<DirectoryUser[]>([]);
  people.current = found ?? [];
  const defaults: UserForm = { aadObjectId: "", primaryLabId: String(session.labId ?? labs[0]?.id ?? ""), role: "TECHNICIAN" };
  const { control, register, handleSubmit, watch, formState: { errors } } = useForm<UserForm, unknown, CreateUserInput>({
    defaultValues: defaults,
    // The server's body: the person found in the directory, a primary lab and a first role there.
    resolver: domainResolver(CreateUserInput, (form: UserForm) => {
      const person = people.current.find((u) => u.id === form.aadObjectId);
      return {
        aadObjectId: person?.id ?? "", upn: person?.userPrincipalName ?? "", displayName: person?.displayName ?? "", email: person?.mail ?? null,
        primaryLabId: Number(form.primaryLabId), role: form.role,
      };
    }, { aadObjectId: "Choose a person.", primaryLabId: "Choose the primary lab.", role: "Choose a role." }),
  });
  const labId = watch("primaryLabId");
  const roles = labId ? grantableRoles(session.principal, Number(labId)) : [];
  const searching = useSubmit();
  const submit = useSubmit();

  const lookUp = async () => {
    await searching.run(async () => {
      const result = await api.get<Page<DirectoryUser>>("/api/directory/users", { search: search.trim() });
      setFound(result.items);
    });
  };
  const save = handleSubmit(async (body) => {
    let saved: User | undefined;
    const ok = await submit.run(async () => {
      saved = await api.post<User>("/api/users", body);
    });
    if (ok && saved) onSaved(saved);
  });

  return (
    <FormDialog title="Add a user from Microsoft Entra ID" submitLabel="Add user" busy={submit.busy} error={submit.error ?? searching.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Search the directory" hint="Name or sign-in name">
        <Input value={search} maxLength={100} onChange={(_, d) => setSearch(d.value)}
          onKeyDown={(event) => { if (event.key === "Enter") { event.preventDefault(); void lookUp(); } }}
          contentAfter={<Button size="small" appearance="transparent" onClick={() => void lookUp()} disabled={searching.busy}>Search</Button>} />
      </Field>
      {found && found.length === 0 && <Text>Nobody found.</Text>}
      {found && found.length > 0 && (
        <Field label="Person" required validationMessage={problem(errors, "aadObjectId")}>
          <Controller control={control} name="aadObjectId" render={({ field }) => (
            <RadioGroup value={field.value} onChange={(_, d) => field.onChange(d.value)}>
              {found.map((u) => <Radio key={u.id} value={u.id} label={`${u.displayName} (${u.userPrincipalName})`} />)}
            </RadioGroup>
          )} />
        </Field>
      )}
      <Field label="Primary lab" required validationMessage={problem(errors, "primaryLabId")}>
        <Select {...register("primaryLabId")} defaultValue={defaults.primaryLabId}>
          {labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
        </Select>
      </Field>
      <Field label="Role at that lab" required validationMessage={problem(errors, "role")}>
        <Select {...register("role")} defaultValue={defaults.role}>
          {roles.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
        </Select>
      </Field>
    </FormDialog>
  );
}
