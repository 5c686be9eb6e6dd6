import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Field, Input, Select, Switch } from "@fluentui/react-components";
import { CreateLabInput } from "../../../../domain/lab/lab.schemas.ts";
import { api } from "../../api/client.ts";
import type { Lab } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { domainResolver, maxLengthOf, problem } from "../../components/form.ts";
import { zoneNames } from "../../components/zones.ts";
import { DigestChannelField } from "./DigestChannelField.tsx";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

interface LabForm {
  code: string;
  name: string;
  timeZone: string;
  digestHour: string;
  /** Hours overdue before the lab's managers are told; empty: never. */
  escalationHours: string;
}

/**
 * Add or edit a lab (R-LAB). The code starts every record number: the server refuses to change
 * it once the lab has records. A new time zone applies from the next period.
 */
export function LabDialog({ lab, onClose, onSaved }: { lab: Lab | null; onClose: () => void; onSaved: (saved: Lab) => void }) {
  const defaults: LabForm = { code: lab?.code ?? "", name: lab?.name ?? "", timeZone: lab?.timeZone ?? "", digestHour: String(lab?.digestHour ?? 7), escalationHours: lab?.escalationHours ? String(lab.escalationHours) : "" };
  const { register, handleSubmit, watch, formState: { errors } } = useForm<LabForm, unknown, CreateLabInput>({
    defaultValues: defaults,
    // The domain's lab schema (the server's): code pattern, IANA zone, whole hour.
    resolver: domainResolver(CreateLabInput, (form: LabForm) => ({
      code: form.code,
      name: form.name,
      timeZone: form.timeZone,
      digestHour: Number(form.digestHour),
      escalationHours: form.escalationHours.trim() === "" ? null : Number(form.escalationHours),
    })),
  });
  const [channelId, setChannelId] = useState<string | null>(null);
  const [reviewRequired, setReviewRequired] = useState(lab?.reviewRequired ?? false);
  const zones = useMemo(zoneNames, []);
  const submit = useSubmit();
  const codeValue = watch("code").trim().toUpperCase();
  const save = handleSubmit(async ({ code, name, timeZone, digestHour, escalationHours }) => {
    // Only what this dialog shows: the schema's defaults (e.g. quarantineOnFailure) must not overwrite a lab's setting.
    const body = { code, name, timeZone, digestHour, reviewRequired, escalationHours };
    let saved: Lab | undefined;
    const ok = await submit.run(async () => {
      saved = lab ? await api.patch<Lab>(`/api/labs/${lab.id}`, body) : await api.post<Lab>("/api/labs", body);
      // A chosen channel is linked after the lab's own fields (its own audited change).
      if (lab && channelId) await api.put(`/api/labs/${lab.id}/channel`, { installationId: Number(channelId) });
    });
    if (ok && saved) onSaved(saved);
  });
  const zoneChanged = lab !== null && watch("timeZone").trim() !== lab.timeZone;
  return (
    <FormDialog title={lab ? `Edit ${lab.code}` : "Add lab"} submitLabel={lab ? "Save" : "Add"} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Code" required hint="Starts every record number, e.g. BOS-000123. Fixed once the lab has records." validationMessage={problem(errors, "code")}>
        <Input {...register("code", { setValueAs: (value: string) => value.toUpperCase() })} defaultValue={defaults.code} maxLength={10} style={{ textTransform: "uppercase" }} />
      </Field>
      <Field label="Name" required validationMessage={problem(errors, "name")}>
        <Input {...register("name")} defaultValue={defaults.name} maxLength={maxLengthOf(CreateLabInput, "name")} />
      </Field>
      <Field
        label="Time zone"
        required
        hint={zoneChanged ? "Records already created keep their periods; the new zone applies from the next period." : "Periods and due times are computed in this zone."}
        validationMessage={problem(errors, "timeZone")}
      >
        <Input {...register("timeZone")} defaultValue={defaults.timeZone} list="labkeep-time-zones" placeholder="Europe/London" maxLength={64} />
      </Field>
      <datalist id="labkeep-time-zones">{zones.map((zone) => <option key={zone} value={zone} />)}</datalist>
      <Field label="Digest hour" hint={lab ? "Local hour of the daily digest." : `Local hour of the daily digest. It goes to the Teams channels linked to the lab: choose one when editing the lab, or type "link ${codeValue || "CODE"}" to Labkeep in the channel.`}>
        <Select {...register("digestHour")} defaultValue={defaults.digestHour}>
          {HOURS.map((hour) => <option key={hour} value={hour}>{`${String(hour).padStart(2, "0")}:00`}</option>)}
        </Select>
      </Field>
      <Field
        label="Escalate overdue checks after (hours)"
        hint="A check still open this many hours after it was due is reported to the lab's managers in their Teams activity feed. Leave empty for never."
        validationMessage={problem(errors, "escalationHours")}
      >
        <Input {...register("escalationHours")} defaultValue={defaults.escalationHours} type="number" min={1} max={2160} step={1} inputMode="numeric" />
      </Field>
      <Field hint="Completed records count as done only once a second person (a Manager or Administrator who did not perform them) has reviewed them. A model can override this.">
        <Switch label="Require second-person review" checked={reviewRequired} onChange={(_, d) => setReviewRequired(d.checked)} />
      </Field>
      {lab && <DigestChannelField labId={lab.id} labCode={lab.code} value={channelId} onChange={setChannelId} />}
    </FormDialog>
  );
}
