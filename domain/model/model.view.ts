import type { ChecklistTask, EquipmentModel } from "../db/generated/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { FrequencySchema } from "./model.schemas.ts";

export function taskView(t: ChecklistTask) {
  return { id: t.id, frequency: t.frequency, position: t.position, title: t.title, kind: t.kind, unit: t.unit, min: t.min, max: t.max, required: t.required, active: t.active };
}
export type TaskView = ReturnType<typeof taskView>;

/** The fields an audit event records for a task. */
export function taskValues(t: ChecklistTask) {
  const { id: _id, ...rest } = taskView(t);
  return { modelId: t.modelId, ...rest };
}

export function modelValues(m: EquipmentModel) {
  return { manufacturer: m.manufacturer, name: m.name, description: m.description, active: m.active, frequencies: [...m.frequencies], reviewRequired: m.reviewRequired };
}

/** Tasks by frequency (every frequency present), each list in checklist order. */
export function groupTasks(tasks: readonly ChecklistTask[]): Record<Frequency, TaskView[]> {
  const groups = Object.fromEntries(FrequencySchema.options.map((f) => [f, [] as TaskView[]])) as Record<Frequency, TaskView[]>;
  const ordered = [...tasks].sort((a, b) => a.position - b.position || a.id - b.id);
  for (const task of ordered) groups[task.frequency].push(taskView(task));
  return groups;
}
