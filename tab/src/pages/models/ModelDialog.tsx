import { useState } from "react";
import { Field, Input, Select, Switch, Textarea } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { ModelDetail } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";

/** R-REVIEW: a model follows its lab's review setting unless set either way here. */
type ReviewChoice = "lab" | "required" | "none";
const REVIEW_VALUE: Record<ReviewChoice, boolean | null> = { lab: null, required: true, none: false };
const choiceOf = (value: boolean | null): ReviewChoice => (value === null ? "lab" : value ? "required" : "none");

export function ModelDialog({ model, onClose, onSaved }: { model: ModelDetail | null; onClose: () => void; onSaved: (saved: ModelDetail) => void }) {
  const [manufacturer, setManufacturer] = useState(model?.manufacturer ?? "");
  const [name, setName] = useState(model?.name ?? "");
  const [description, setDescription] = useState(model?.description ?? "");
  const [active, setActive] = useState(model?.active ?? true);
  const [review, setReview] = useState<ReviewChoice>(choiceOf(model?.reviewRequired ?? null));
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const save = async () => {
    setTried(true);
    if (!manufacturer.trim() || !name.trim()) return;
    const body = { manufacturer: manufacturer.trim(), name: name.trim(), description: description.trim() || null, reviewRequired: REVIEW_VALUE[review], ...(model ? { active } : {}) };
    let saved: ModelDetail | undefined;
    const ok = await submit.run(async () => {
      saved = model ? await api.patch<ModelDetail>(`/api/models/${model.id}`, body) : await api.post<ModelDetail>("/api/models", body);
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
      <Field label="Second-person review" hint="Whether completed records of this model need a second person's review before they count as done.">
        <Select value={review} onChange={(_, d) => setReview(d.value as ReviewChoice)}>
          <option value="lab">As the lab says</option>
          <option value="required">Always required</option>
          <option value="none">Never required</option>
        </Select>
      </Field>
      {model && <Switch label="Active" checked={active} onChange={(_, d) => setActive(d.checked)} />}
    </FormDialog>
  );
}
