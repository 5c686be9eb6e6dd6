import { useMemo, useState } from "react";
import { Field, Input, Select, Switch } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Lab } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { DigestChannelField } from "./DigestChannelField.tsx";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const CODE = /^[A-Z0-9]{2,10}$/;

/** The browser's IANA zones, for suggestions; the server decides what is valid. */
function zoneNames(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

/**
 * Add or edit a lab (R-LAB). The code starts every record number: the server refuses to change
 * it once the lab has records. A new time zone applies from the next period.
 */
export function LabDialog({ lab, onClose, onSaved }: { lab: Lab | null; onClose: () => void; onSaved: (saved: Lab) => void }) {
  const [code, setCode] = useState(lab?.code ?? "");
  const [name, setName] = useState(lab?.name ?? "");
  const [timeZone, setTimeZone] = useState(lab?.timeZone ?? "");
  const [digestHour, setDigestHour] = useState(lab?.digestHour ?? 7);
  const [reviewRequired, setReviewRequired] = useState(lab?.reviewRequired ?? false);
  const [channelId, setChannelId] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const zones = useMemo(zoneNames, []);
  const submit = useSubmit();
  const codeValue = code.trim().toUpperCase();
  const problems = {
    code: CODE.test(codeValue) ? undefined : "2 to 10 letters or digits.",
    name: name.trim() ? undefined : "Enter the lab's name.",
    timeZone: knownZone(timeZone.trim()) ? undefined : "Pick an IANA time zone such as Europe/London.",
  };
  const save = async () => {
    setTried(true);
    if (problems.code || problems.name || problems.timeZone) return;
    const body = { code: codeValue, name: name.trim(), timeZone: timeZone.trim(), digestHour, reviewRequired };
    let saved: Lab | undefined;
    const ok = await submit.run(async () => {
      saved = lab ? await api.patch<Lab>(`/api/labs/${lab.id}`, body) : await api.post<Lab>("/api/labs", body);
      // A chosen channel is linked after the lab's own fields (its own audited change).
      if (lab && channelId) await api.put(`/api/labs/${lab.id}/channel`, { installationId: Number(channelId) });
    });
    if (ok && saved) onSaved(saved);
  };
  const zoneChanged = lab !== null && timeZone.trim() !== lab.timeZone;
  return (
    <FormDialog title={lab ? `Edit ${lab.code}` : "Add lab"} submitLabel={lab ? "Save" : "Add"} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Code" required hint="Starts every record number, e.g. BOS-000123. Fixed once the lab has records." validationMessage={tried ? problems.code : undefined}>
        <Input value={code} maxLength={10} onChange={(_, d) => setCode(d.value.toUpperCase())} />
      </Field>
      <Field label="Name" required validationMessage={tried ? problems.name : undefined}>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field
        label="Time zone"
        required
        hint={zoneChanged ? "Records already created keep their periods; the new zone applies from the next period." : "Periods and due times are computed in this zone."}
        validationMessage={tried ? problems.timeZone : undefined}
      >
        <Input value={timeZone} list="labkeep-time-zones" placeholder="Europe/London" onChange={(_, d) => setTimeZone(d.value)} />
      </Field>
      <datalist id="labkeep-time-zones">{zones.map((zone) => <option key={zone} value={zone} />)}</datalist>
      <Field label="Digest hour" hint={lab ? "Local hour of the daily digest." : `Local hour of the daily digest. It goes to the Teams channels linked to the lab: choose one when editing the lab, or type "link ${codeValue || "CODE"}" to Labkeep in the channel.`}>
        <Select value={String(digestHour)} onChange={(_, d) => setDigestHour(Number(d.value))}>
          {HOURS.map((hour) => <option key={hour} value={hour}>{`${String(hour).padStart(2, "0")}:00`}</option>)}
        </Select>
      </Field>
      <Field hint="Completed records count as done only once a second person (a Manager or Administrator who did not perform them) has reviewed them. A model can override this.">
        <Switch label="Require second-person review" checked={reviewRequired} onChange={(_, d) => setReviewRequired(d.checked)} />
      </Field>
      {lab && <DigestChannelField labId={lab.id} labCode={lab.code} value={channelId} onChange={setChannelId} />}
    </FormDialog>
  );
}
