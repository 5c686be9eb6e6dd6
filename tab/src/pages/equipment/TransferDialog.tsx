import { useState } from "react";
import { Field, Input, Select, Textarea } from "@fluentui/react-components";
import { canTransfer } from "../../../../domain/policy/policy.ts";
import { api } from "../../api/client.ts";
import type { Equipment, Lab, Page } from "../../api/types.ts";
import { useSession } from "../../shell/session.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";

/** Moves equipment to another lab; the policy needs the transfer right at both ends. */
export function TransferDialog({ equipment, onClose, onSaved }: { equipment: Equipment; onClose: () => void; onSaved: () => void }) {
  const { principal } = useSession();
  const labs = useLoad("labs", () => api.get<Page<Lab>>("/api/labs"), []);
  const targets = (labs.data?.items ?? []).filter((lab) => lab.id !== equipment.labId && canTransfer(principal, equipment.labId, lab.id));
  const [toLabId, setTo] = useState("");
  const [location, setLocation] = useState("");
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const save = async () => {
    setTried(true);
    if (!toLabId || !reason.trim()) return;
    const body = { toLabId: Number(toLabId), location: location.trim() || null, reason: reason.trim() };
    if (await submit.run(() => api.post(`/api/equipment/${equipment.id}/transfer`, body))) onSaved();
  };
  return (
    <FormDialog title={`Transfer ${equipment.assetTag}`} submitLabel="Transfer" busy={submit.busy} error={submit.error ?? labs.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="To lab" required validationMessage={tried && !toLabId ? "Choose the lab." : targets.length === 0 && labs.data ? "You may not transfer to any other lab." : undefined}>
        <Select value={toLabId} onChange={(_, d) => setTo(d.value)}>
          <option value="">Choose a lab…</option>
          {targets.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
        </Select>
      </Field>
      <Field label="Location in the new lab"><Input value={location} maxLength={200} onChange={(_, d) => setLocation(d.value)} /></Field>
      <Field label="Reason" required validationMessage={tried && !reason.trim() ? "Give a reason." : undefined}>
        <Textarea value={reason} maxLength={1000} onChange={(_, d) => setReason(d.value)} />
      </Field>
    </FormDialog>
  );
}
