import { z } from "zod";
import { ReasonInput } from "../audit/regulated.ts";
import { dbId, type FieldProblem } from "../input.ts";

export const FrequencySchema = z.enum(["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"]);
export const TaskKindSchema = z.enum(["CHECK", "READING", "TEXT"]);

const booleanish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const ListModelsQuery = z.object({ includeDisabled: booleanish.default(false) });
export type ListModelsQuery = z.input<typeof ListModelsQuery>;

export const ModelFrequencies = z.array(FrequencySchema).max(5).transform((list) => FrequencySchema.options.filter((f) => list.includes(f)));

/** R-REVIEW: null follows the lab's setting; true or false overrides it for this model's records. */
const ReviewRequired = z.boolean({ error: "Yes, no, or null to follow the lab." }).nullable();

export const CreateModelInput = z.object({
  manufacturer: z.string().trim().min(1, "A manufacturer is required.").max(200),
  name: z.string().trim().min(1, "A name is required.").max(200),
  description: z.string().trim().max(4000).nullable().optional(),
  frequencies: ModelFrequencies.default([]),
  reviewRequired: ReviewRequired.optional(),
});
export type CreateModelInput = z.input<typeof CreateModelInput>;

/** `active: false` disables the model: no new records, hidden from lists unless asked for. */
export const UpdateModelInput = z
  .object({
    manufacturer: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).nullable(),
    active: z.boolean(),
    reviewRequired: ReviewRequired,
    reason: ReasonInput,
  })
  .partial()
  .strict();
export type UpdateModelInput = z.input<typeof UpdateModelInput>;

/** Body of `PUT /api/models/:id/frequencies`. */
export const SetModelFrequenciesInput = z.object({ frequencies: ModelFrequencies, reason: ReasonInput });
export type SetModelFrequenciesInput = z.input<typeof SetModelFrequenciesInput>;

const taskFields = {
  title: z.string().trim().min(1, "A title is required.").max(300),
  kind: TaskKindSchema,
  unit: z.string().trim().min(1).max(30).nullable().optional(),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
  required: z.boolean(),
  active: z.boolean(),
};

export interface TaskShape {
  kind: "CHECK" | "READING" | "TEXT";
  unit?: string | null;
  min?: number | null;
  max?: number | null;
}

/** A reading has a unit and limits in order; checks and text have neither. */
export function taskShapeProblems(task: TaskShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (task.kind === "READING") {
    if (!task.unit) problems.push({ field: "unit", message: "A reading needs a unit." });
    if (task.min != null && task.max != null && task.min > task.max) problems.push({ field: "min", message: "The minimum must not be above the maximum." });
  } else {
    for (const key of ["unit", "min", "max"] as const) {
      if (task[key] != null) problems.push({ field: key, message: `Only a reading has a ${key}.` });
    }
  }
  return problems;
}

/** Body of `POST /api/models/:id/tasks`: appended at the end of its frequency's checklist. */
export const AddTaskInput = z
  .object({ frequency: FrequencySchema, ...taskFields, required: taskFields.required.default(true), active: taskFields.active.default(true) })
  .superRefine((task, ctx) => {
    for (const p of taskShapeProblems(task)) ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
  });
export type AddTaskInput = z.input<typeof AddTaskInput>;

/** Body of `PATCH /api/models/:id/tasks/:taskId`; the merged task is checked again. `active: true` reactivates. */
export const UpdateTaskInput = z
  .object({ ...taskFields, reason: ReasonInput })
  .partial()
  .strict();
export type UpdateTaskInput = z.input<typeof UpdateTaskInput>;

/** Body of `POST /api/models/:id/tasks/:taskId/deactivate` (optional: `reason` when task.active is regulated). */
export const DeactivateTaskInput = z.object({ reason: ReasonInput });

/** Body of `PUT /api/models/:id/tasks/order`. */
export const ReorderTasksInput = z.object({
  frequency: FrequencySchema,
  taskIds: z.array(dbId()).min(1).max(500),
  reason: ReasonInput,
});
export type ReorderTasksInput = z.input<typeof ReorderTasksInput>;
