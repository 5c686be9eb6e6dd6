import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field, Input, Select, Switch, Textarea } from "@fluentui/react-components";
import { CreateModelInput } from "../../../../domain/model/model.schemas.ts";
import { api } from "../../api/client.ts";
import type { ModelDetail } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { domainResolver, maxLengthOf, orNull, problem } from "../../components/form.ts";
import { changedKeys, ReasonField, useRegulated } from "../../components/ReasonField.tsx";

interface ModelForm {
  manufacturer: string;
  name: string;
  description: string;
  active: boolean;
}

/** R-REVIEW: a model follows its lab's review setting unless set either way here. */
type ReviewChoice = "lab" | "required" | "none";
const REVIEW_VALUE: Record<ReviewChoice, boolean | null> = { lab: null, required: true, none: false };
const choiceOf = (value: boolean | null): ReviewChoice => (value === null ? "lab" : value ? "required" : "none");

const max = (field: keyof ModelForm) => maxLengthOf(CreateModelInput, field);

export function ModelDialog({ model, onClose, onSaved }: { model: ModelDetail | null; onClose: () => void; onSaved: (saved: ModelDetail) => void }) {
  const defaults: ModelForm = { manufacturer: model?.manufacturer ?? "", name: model?.name ?? "", description: model?.description ?? "", active: model?.active ?? true };
  const { control, register, handleSubmit, getValues, watch, formState: { errors } } = useForm<ModelForm, unknown, CreateModelInput>({
    defaultValues: defaults,
    // The create body's rules (manufacturer and name required) hold for an edit too; `active` is the edit's own switch.
    resolver: domainResolver(CreateModelInput, (form: ModelForm) => ({ manufacturer: form.manufacturer, name: form.name, description: orNull(form.description) }),
      { manufacturer: "Enter the manufacturer.", name: "Enter the model name." }),
  });
  const [review, setReview] = useState<ReviewChoice>(choiceOf(model?.reviewRequired ?? null));
  const submit = useSubmit();
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const regulatedOf = useRegulated("model");
  // Only an edit of a regulated field needs a reason (Annex 11 §9).
  const form = watch();
  const regulated = model
    ? regulatedOf(changedKeys(model, { manufacturer: form.manufacturer.trim(), name: form.name.trim(), description: orNull(form.description) ?? null, active: form.active }))
    : [];
  const reasonMissing = regulated.length > 0 && !reason.trim();
  const save = handleSubmit(async ({ manufacturer, name, description }) => {
    setTried(true);
    if (reasonMissing) return;
    const body = {
      manufacturer, name, description: description ?? null, reviewRequired: REVIEW_VALUE[review],
      ...(model ? { active: getValues("active") } : {}),
      ...(regulated.length ? { reason: reason.trim() } : {}),
    };
    let saved: ModelDetail | undefined;
    const ok = await submit.run(async () => {
      saved = model ? await api.patch<ModelDetail>(`/api/models/${model.id}`, body) : await api.post<ModelDetail>("/api/models", body);
    });
    if (ok && saved) onSaved(saved);
  });
  return (
    <FormDialog title={model ? `Edit ${model.name}` : "Add model"} submitLabel={model ? "Save" : "Add"} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Manufacturer" required validationMessage={problem(errors, "manufacturer")}>
        <Input {...register("manufacturer")} defaultValue={defaults.manufacturer} maxLength={max("manufacturer")} />
      </Field>
      <Field label="Name" required validationMessage={problem(errors, "name")}>
        <Input {...register("name")} defaultValue={defaults.name} maxLength={max("name")} />
      </Field>
      <Field label="Description" validationMessage={problem(errors, "description")}><Textarea {...register("description")} defaultValue={defaults.description} maxLength={max("description")} /></Field>
      <Field label="Second-person review" hint="Whether completed records of this model need a second person's review before they count as done.">
        <Select value={review} onChange={(_, d) => setReview(d.value as ReviewChoice)}>
          <option value="lab">As the lab says</option>
          <option value="required">Always required</option>
          <option value="none">Never required</option>
        </Select>
      </Field>
      {model && (
        <Controller control={control} name="active" render={({ field }) => (
          <Switch label="Active" checked={field.value} onChange={(_, d) => field.onChange(d.checked)} />
        )} />
      )}
      {regulated.length > 0 && <ReasonField value={reason} onChange={setReason} missing={tried && reasonMissing} regulated={regulated} />}
    </FormDialog>
  );
}
