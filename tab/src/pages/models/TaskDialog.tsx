import { useState } from "react";
import { Field, Input, Select, Switch } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Frequency, Task, TaskKind } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { frequencyLabel } from "../../components/format.ts";
import { changedKeys, ReasonField, useRegulated } from "../../components/ReasonField.tsx";

function numberOrNull(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

/** Add or edit a checklist task: title, kind, unit and limits for readings, required, active. */
export function TaskDialog({ modelId, frequency, task, onClose, onSaved }: { modelId: number; frequency: Frequency; task: Task | null; onClose: () => void; onSaved: () => void }) {
  const [title, setTitle] = useState(task?.title ?? "");
  const [kind, setKind] = useState<TaskKind>(task?.kind ?? "CHECK");
  const [unit, setUnit] = useState(task?.unit ?? "");
  const [min, setMin] = useState(task?.min == null ? "" : String(task.min));
  const [max, setMax] = useState(task?.max == null ? "" : String(task.max));
  const [required, setRequired] = useState(task?.required ?? true);
  const [active, setActive] = useState(task?.active ?? true);
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const regulatedOf = useRegulated("task");

  const badNumber = (text: string) => text.trim() !== "" && !Number.isFinite(Number(text));
  const minValue = numberOrNull(min);
  const maxValue = numberOrNull(max);
  const limitsInverted = kind === "READING" && minValue !== null && maxValue !== null && minValue > maxValue;
  const reading = kind === "READING";
  const body = {
    title: title.trim(), kind, required,
    unit: reading ? unit.trim() || null : null,
    min: reading ? minValue : null,
    max: reading ? maxValue : null,
    ...(task ? { active } : { frequency }),
  };
  const regulated = task ? regulatedOf(changedKeys(task, body)) : [];
  const reasonMissing = regulated.length > 0 && !reason.trim();
  const save = async () => {
    setTried(true);
    if (!title.trim() || badNumber(min) || badNumber(max) || limitsInverted || reasonMissing) return;
    const ok = await submit.run(() => (task ? api.patch(`/api/models/${modelId}/tasks/${task.id}`, { ...body, ...(regulated.length ? { reason: reason.trim() } : {}) }) : api.post(`/api/models/${modelId}/tasks`, body)));
    if (ok) onSaved();
  };

  return (
    <FormDialog title={task ? `Edit task` : `Add ${frequencyLabel(frequency).toLowerCase()} task`} submitLabel={task ? "Save" : "Add task"} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Title" required validationMessage={tried && !title.trim() ? "Enter the task." : undefined}>
        <Input value={title} maxLength={300} onChange={(_, d) => setTitle(d.value)} />
      </Field>
      <Field label="Kind">
        <Select value={kind} onChange={(_, d) => setKind(d.value as TaskKind)}>
          <option value="CHECK">Check (done / not done / N/A)</option>
          <option value="READING">Reading (a number)</option>
          <option value="TEXT">Text</option>
        </Select>
      </Field>
      {kind === "READING" && (
        <>
          <Field label="Unit"><Input value={unit} maxLength={30} onChange={(_, d) => setUnit(d.value)} /></Field>
          <Field label="Minimum" validationMessage={tried && badNumber(min) ? "Enter a number." : undefined}>
            <Input type="number" step="any" value={min} onChange={(_, d) => setMin(d.value)} />
          </Field>
          <Field label="Maximum" validationMessage={tried && badNumber(max) ? "Enter a number." : tried && limitsInverted ? "The maximum is below the minimum." : undefined}>
            <Input type="number" step="any" value={max} onChange={(_, d) => setMax(d.value)} />
          </Field>
        </>
      )}
      <Switch label="Required" checked={required} onChange={(_, d) => setRequired(d.checked)} />
      {task && <Switch label="Active" checked={active} onChange={(_, d) => setActive(d.checked)} />}
      {regulated.length > 0 && <ReasonField value={reason} onChange={setReason} missing={tried && reasonMissing} regulated={regulated} />}
    </FormDialog>
  );
}
