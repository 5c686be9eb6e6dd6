import { useState } from "react";
import { Field, Select, Textarea } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { EQUIPMENT_STATUSES, type Equipment, type EquipmentStatus } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { equipmentStatusLabel } from "../../components/format.ts";

export function StatusDialog({ equipment, onClose, onSaved }: { equipment: Equipment; onClose: () => void; onSaved: () => void }) {
  const [status, setStatus] = useState<EquipmentStatus>(equipment.status);
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const unchanged = status === equipment.status;
  const save = async () => {
    setTried(true);
    if (unchanged || !reason.trim()) return;
    if (await submit.run(() => api.post(`/api/equipment/${equipment.id}/status`, { status, reason: reason.trim() }))) onSaved();
  };
  return (
    <FormDialog title={`Change the status of ${equipment.assetTag}`} submitLabel="Change status" busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="New status" required validationMessage={tried && unchanged ? "Choose a different status." : undefined}>
        <Select value={status} onChange={(_, d) => setStatus(d.value as EquipmentStatus)}>
          {EQUIPMENT_STATUSES.map((s) => <option key={s} value={s}>{equipmentStatusLabel(s)}</option>)}
        </Select>
      </Field>
      <Field label="Reason" required validationMessage={tried && !reason.trim() ? "Give a reason." : undefined}>
        <Textarea value={reason} maxLength={1000} onChange={(_, d) => setReason(d.value)} />
      </Field>
    </FormDialog>
  );
}
