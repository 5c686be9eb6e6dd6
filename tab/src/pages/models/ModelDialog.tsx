import { useState } from "react";
import { Field, Input, Switch, Textarea } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { ModelDetail } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { changedKeys, ReasonField, useRegulated } from "../../components/ReasonField.tsx";

export function ModelDialog({ model, onClose, onSaved }: { model: ModelDetail | null; onClose: () => void; onSaved: (saved: ModelDetail) => void }) {
  const [manufacturer, setManufacturer] = useState(model?.manufacturer ?? "");
  const [name, setName] = useState(model?.name ?? "");
  const [description, setDescription] = useState(model?.description ?? "");
  const [active, setActive] = useState(model?.active ?? true);
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const regulatedOf = useRegulated("model");
  const body = { manufacturer: manufacturer.trim(), name: name.trim(), description: description.trim() || null, ...(model ? { active } : {}) };
  const regulated = model ? regulatedOf(changedKeys(model, body)) : [];
  const reasonMissing = regulated.length > 0 && !reason.trim();
  const save = async () => {
    setTried(true);
    if (!manufacturer.trim() || !name.trim() || reasonMissing) return;
    let saved: ModelDetail | undefined;
    const ok = await submit.run(async () => {
      saved = model ? await api.patch<ModelDetail>(`/api/models/${model.id}`, { ...body, ...(regulated.length ? { reason: reason.trim() } : {}) }) : await api.post<ModelDetail>("/api/models", body);
    });
    if (ok && saved) onSaved(saved);
  };
  return (
    <FormDialog title={model ? `Edit ${model.name}` : "Add model"} submitLabel={model ? "Save" : "Add"} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Manufacturer" required validationMessage={tried && !manufacturer.trim() ? "Enter the manufacturer." : undefined}>
        <Input value={manufacturer} maxLength={200} onChange={(_, d) => setManufacturer(d.value)} />
      </Field>
      <Field label="Name" required validationMessage={tried && !name.trim() ? "Enter the model name." : undefined}>
        <Input value={name} maxLength={200} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field label="Description"><Textarea value={description} maxLength={4000} onChange={(_, d) => setDescription(d.value)} /></Field>
      {model && <Switch label="Active" checked={active} onChange={(_, d) => setActive(d.checked)} />}
      {regulated.length > 0 && <ReasonField value={reason} onChange={setReason} missing={tried && reasonMissing} regulated={regulated} />}
    </FormDialog>
  );
}
