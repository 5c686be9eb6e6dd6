import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field, Input, Select, Textarea } from "@fluentui/react-components";
import { CreateEquipmentInput } from "../../../../domain/equipment/equipment.schemas.ts";
import { api } from "../../api/client.ts";
import type { Equipment, Model, Page } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { domainResolver, maxLengthOf, orNull, problem } from "../../components/form.ts";
import { changedKeys, ReasonField, useRegulated } from "../../components/ReasonField.tsx";

interface EquipmentForm {
  assetTag: string;
  serialNumber: string;
  modelId: string;
  location: string;
  commissionedOn: string;
  notes: string;
}

const max = (field: keyof EquipmentForm) => maxLengthOf(CreateEquipmentInput, field);

/** Add (equipment null) or edit the details of a piece of equipment; lab and status change elsewhere. */
export function EquipmentDialog({ equipment, onClose, onSaved }: { equipment: Equipment | null; onClose: () => void; onSaved: (saved: Equipment) => void }) {
  const { labId } = useSession();
  const models = useLoad("models-active", () => api.get<Page<Model>>("/api/models"), []);
  const modelList = (models.data?.items ?? []).filter((m) => m.active || m.id === equipment?.model.id);
  // Checked as the create body (the edit's fields plus the lab): asset tag and model are required either way.
  const defaults: EquipmentForm = {
    assetTag: equipment?.assetTag ?? "",
    serialNumber: equipment?.serialNumber ?? "",
    modelId: equipment ? String(equipment.model.id) : "",
    location: equipment?.location ?? "",
    commissionedOn: equipment?.commissionedOn?.slice(0, 10) ?? "",
    notes: equipment?.notes ?? "",
  };
  const { control, register, handleSubmit, watch, formState: { errors } } = useForm<EquipmentForm, unknown, CreateEquipmentInput>({
    defaultValues: defaults,
    resolver: domainResolver(CreateEquipmentInput, (form: EquipmentForm) => ({
      assetTag: form.assetTag,
      serialNumber: orNull(form.serialNumber),
      modelId: form.modelId === "" ? undefined : Number(form.modelId),
      labId: equipment?.labId ?? labId ?? undefined,
      location: orNull(form.location),
      commissionedOn: orNull(form.commissionedOn),
      notes: orNull(form.notes),
    }), { assetTag: "Enter the asset tag.", modelId: "Choose a model.", commissionedOn: "Enter a date." }),
  });
  const submit = useSubmit();
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const regulatedOf = useRegulated("equipment");
  // Only an edit of a regulated field needs a reason (Annex 11 §9); adding equipment does not.
  const form = watch();
  const regulated = equipment
    ? regulatedOf(changedKeys(
        { ...equipment, modelId: equipment.model.id, commissionedOn: equipment.commissionedOn?.slice(0, 10) ?? null },
        { assetTag: form.assetTag.trim(), serialNumber: orNull(form.serialNumber) ?? null, modelId: Number(form.modelId), location: orNull(form.location) ?? null, commissionedOn: orNull(form.commissionedOn) ?? null, notes: orNull(form.notes) ?? null },
      ))
    : [];
  const reasonMissing = regulated.length > 0 && !reason.trim();

  const save = handleSubmit(async ({ labId: lab, status: _status, ...details }) => {
    setTried(true);
    if (reasonMissing) return;
    let saved: Equipment | undefined;
    const ok = await submit.run(async () => {
      saved = equipment
        ? await api.patch<Equipment>(`/api/equipment/${equipment.id}`, { ...details, ...(regulated.length ? { reason: reason.trim() } : {}) })
        : await api.post<Equipment>("/api/equipment", { ...details, labId: lab });
    });
    if (ok && saved) onSaved(saved);
  });

  return (
    <FormDialog title={equipment ? `Edit ${equipment.assetTag}` : "Add equipment"} submitLabel={equipment ? "Save" : "Add"} busy={submit.busy} error={submit.error ?? models.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Asset tag" required validationMessage={problem(errors, "assetTag")}>
        <Input {...register("assetTag")} defaultValue={defaults.assetTag} maxLength={max("assetTag")} />
      </Field>
      <Field label="Model" required validationMessage={problem(errors, "modelId")}>
        {/* Controlled: the models arrive after the dialog opens, and the chosen one must show once they do. */}
        <Controller control={control} name="modelId" render={({ field }) => (
          <Select value={field.value} onChange={(_, d) => field.onChange(d.value)} onBlur={field.onBlur} name={field.name} ref={field.ref}>
            <option value="">Choose a model…</option>
            {modelList.map((m) => <option key={m.id} value={m.id}>{m.manufacturer} {m.name}</option>)}
          </Select>
        )} />
      </Field>
      <Field label="Serial number" validationMessage={problem(errors, "serialNumber")}><Input {...register("serialNumber")} defaultValue={defaults.serialNumber} maxLength={max("serialNumber")} /></Field>
      <Field label="Location" validationMessage={problem(errors, "location")}><Input {...register("location")} defaultValue={defaults.location} maxLength={max("location")} /></Field>
      <Field label="Commissioned on" validationMessage={problem(errors, "commissionedOn")}><Input type="date" {...register("commissionedOn")} defaultValue={defaults.commissionedOn} /></Field>
      <Field label="Notes" validationMessage={problem(errors, "notes")}><Textarea {...register("notes")} defaultValue={defaults.notes} maxLength={max("notes")} /></Field>
      {regulated.length > 0 && <ReasonField value={reason} onChange={setReason} missing={tried && reasonMissing} regulated={regulated} />}
    </FormDialog>
  );
}
