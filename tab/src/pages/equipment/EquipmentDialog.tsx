import { useState } from "react";
import { Field, Input, Select, Textarea } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Equipment, Model, Page } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { changedKeys, ReasonField, useRegulated } from "../../components/ReasonField.tsx";

/** Add (equipment null) or edit the details of a piece of equipment; lab and status change elsewhere. */
export function EquipmentDialog({ equipment, onClose, onSaved }: { equipment: Equipment | null; onClose: () => void; onSaved: (saved: Equipment) => void }) {
  const { labId } = useSession();
  const models = useLoad("models-active", () => api.get<Page<Model>>("/api/models"), []);
  const modelList = (models.data?.items ?? []).filter((m) => m.active || m.id === equipment?.model.id);
  const [assetTag, setAssetTag] = useState(equipment?.assetTag ?? "");
  const [serialNumber, setSerial] = useState(equipment?.serialNumber ?? "");
  const [modelId, setModelId] = useState(equipment ? String(equipment.model.id) : "");
  const [location, setLocation] = useState(equipment?.location ?? "");
  const [commissionedOn, setCommissioned] = useState(equipment?.commissionedOn?.slice(0, 10) ?? "");
  const [notes, setNotes] = useState(equipment?.notes ?? "");
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const regulatedOf = useRegulated("equipment");

  const body = {
    assetTag: assetTag.trim(),
    serialNumber: serialNumber.trim() || null,
    modelId: Number(modelId),
    location: location.trim() || null,
    commissionedOn: commissionedOn || null,
    notes: notes.trim() || null,
  };
  // Only an edit of a regulated field needs a reason; adding equipment does not.
  const regulated = equipment
    ? regulatedOf(changedKeys({ ...equipment, modelId: equipment.model.id, commissionedOn: equipment.commissionedOn?.slice(0, 10) ?? null }, body))
    : [];
  const missing = { assetTag: assetTag.trim() === "", modelId: modelId === "", reason: regulated.length > 0 && !reason.trim() };
  const save = async () => {
    setTried(true);
    if (missing.assetTag || missing.modelId || missing.reason) return;
    let saved: Equipment | undefined;
    const ok = await submit.run(async () => {
      saved = equipment
        ? await api.patch<Equipment>(`/api/equipment/${equipment.id}`, { ...body, ...(reason.trim() && regulated.length ? { reason: reason.trim() } : {}) })
        : await api.post<Equipment>("/api/equipment", { ...body, labId });
    });
    if (ok && saved) onSaved(saved);
  };

  return (
    <FormDialog title={equipment ? `Edit ${equipment.assetTag}` : "Add equipment"} submitLabel={equipment ? "Save" : "Add"} busy={submit.busy} error={submit.error ?? models.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Asset tag" required validationMessage={tried && missing.assetTag ? "Enter the asset tag." : undefined}>
        <Input value={assetTag} maxLength={40} onChange={(_, d) => setAssetTag(d.value)} />
      </Field>
      <Field label="Model" required validationMessage={tried && missing.modelId ? "Choose a model." : undefined}>
        <Select value={modelId} onChange={(_, d) => setModelId(d.value)}>
          <option value="">Choose a model…</option>
          {modelList.map((m) => <option key={m.id} value={m.id}>{m.manufacturer} {m.name}</option>)}
        </Select>
      </Field>
      <Field label="Serial number"><Input value={serialNumber} maxLength={100} onChange={(_, d) => setSerial(d.value)} /></Field>
      <Field label="Location"><Input value={location} maxLength={200} onChange={(_, d) => setLocation(d.value)} /></Field>
      <Field label="Commissioned on"><Input type="date" value={commissionedOn} onChange={(_, d) => setCommissioned(d.value)} /></Field>
      <Field label="Notes"><Textarea value={notes} maxLength={4000} onChange={(_, d) => setNotes(d.value)} /></Field>
      {regulated.length > 0 && <ReasonField value={reason} onChange={setReason} missing={tried && missing.reason} regulated={regulated} />}
    </FormDialog>
  );
}
