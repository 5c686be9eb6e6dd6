import { writeAudit } from "../audit/audit.service.ts";
import { reasonForChange } from "../audit/regulated.ts";
import type { ServiceContext } from "../context.ts";
import type { ChecklistTask } from "../db/generated/client.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { notFound } from "../errors.ts";
import { changedValues, parseId, parseInput, validationFailed } from "../input.ts";
import { loadModel } from "./model.access.ts";
import { AddTaskInput, ReorderTasksInput, taskShapeProblems, UpdateTaskInput } from "./model.schemas.ts";
import { taskValues, taskView, type TaskView } from "./model.view.ts";
import { afterEligibilityChange } from "./on-demand.ts";

/*
 * Editing tasks changes the checklist of open records (they show the model's active tasks) but
 * never a completed record: its results keep a snapshot of each task as it was.
 */

async function loadTask(ctx: ServiceContext, modelId: unknown, taskId: unknown) {
  const model = await loadModel(ctx, modelId, "edit");
  const task = await ctx.db.checklistTask.findUnique({ where: { id: parseId(taskId, "taskId") } });
  if (!task || task.modelId !== model.id) throw notFound("Task");
  return { model, task };
}

/** Appends a task to the end of its frequency's checklist. */
export async function addTask(ctx: ServiceContext, modelId: unknown, input: unknown): Promise<TaskView> {
  const model = await loadModel(ctx, modelId, "edit");
  const body = parseInput(AddTaskInput, input);
  const now = ctx.clock.now();
  const task = await ctx.db.$transaction(async (tx) => {
    const last = await tx.checklistTask.aggregate({ where: { modelId: model.id, frequency: body.frequency }, _max: { position: true } });
    const created = await tx.checklistTask.create({
      data: { ...body, unit: body.unit ?? null, min: body.min ?? null, max: body.max ?? null, modelId: model.id, position: (last._max.position ?? 0) + 1 },
    });
    await writeAudit(tx, ctx.actor, now, { action: "task.created", entityId: created.id, after: taskValues(created) });
    return created;
  });
  if (task.active && model.active && model.frequencies.includes(task.frequency)) await afterEligibilityChange(ctx, { modelIds: [model.id] });
  return taskView(task);
}

/** Edits a task; the merged task must still make sense (a reading keeps a unit, min ≤ max). */
export async function updateTask(ctx: ServiceContext, modelId: unknown, taskId: unknown, input: unknown): Promise<TaskView> {
  const { model, task } = await loadTask(ctx, modelId, taskId);
  const { reason, ...body } = parseInput(UpdateTaskInput, input);
  const merged = { ...task, ...body };
  // Turning a reading into a check or text drops its unit and limits unless they are given.
  if (body.kind && body.kind !== "READING" && task.kind === "READING") {
    merged.unit = body.unit ?? null;
    merged.min = body.min ?? null;
    merged.max = body.max ?? null;
  }
  const problems = taskShapeProblems(merged);
  if (problems.length) throw validationFailed(problems);
  const now = ctx.clock.now();
  const updated = await ctx.db.$transaction(async (tx) => {
    const saved = await tx.checklistTask.update({
      where: { id: task.id },
      data: { title: merged.title, kind: merged.kind, unit: merged.unit, min: merged.min, max: merged.max, required: merged.required, active: merged.active },
    });
    const diff = changedValues(taskValues(task), taskValues(saved));
    if (diff) {
      const action = task.active === saved.active ? "task.updated" : saved.active ? "task.reactivated" : "task.deactivated";
      await writeAudit(tx, ctx.actor, now, { action, entityId: task.id, ...diff, reason: reasonForChange("task", Object.keys(diff.after), reason) });
    }
    return saved;
  });
  if (!task.active && updated.active && model.active && model.frequencies.includes(updated.frequency)) await afterEligibilityChange(ctx, { modelIds: [model.id] });
  return taskView(updated);
}

/** Deactivating hides a task from open checklists; it stays in completed records' snapshots. */
export async function deactivateTask(ctx: ServiceContext, modelId: unknown, taskId: unknown, reason?: unknown): Promise<TaskView> {
  const { task } = await loadTask(ctx, modelId, taskId);
  if (!task.active) return taskView(task);
  return updateTask(ctx, task.modelId, task.id, { active: false, reason });
}

function ordered(tasks: ChecklistTask[]): ChecklistTask[] {
  return [...tasks].sort((a, b) => a.position - b.position || a.id - b.id);
}

/**
 * Puts a frequency's checklist in the given order. The list must name every active task of that
 * frequency once; inactive tasks not named keep their relative order after them.
 */
export async function reorderTasks(ctx: ServiceContext, modelId: unknown, frequency: unknown, taskIds: unknown, reason?: unknown): Promise<TaskView[]> {
  const model = await loadModel(ctx, modelId, "edit");
  const body = parseInput(ReorderTasksInput, { frequency, taskIds, reason });
  const tasks = ordered(await ctx.db.checklistTask.findMany({ where: { modelId: model.id, frequency: body.frequency as Frequency } }));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const problems = body.taskIds.flatMap((id, index) =>
    !byId.has(id)
      ? [{ field: `taskIds.${index}`, message: `Task ${id} is not a ${body.frequency.toLowerCase()} task of this model.` }]
      : body.taskIds.indexOf(id) !== index
        ? [{ field: `taskIds.${index}`, message: `Task ${id} is listed twice.` }]
        : [],
  );
  const missing = tasks.filter((t) => t.active && !body.taskIds.includes(t.id));
  if (missing.length) problems.push({ field: "taskIds", message: `Every active task must be listed; missing: ${missing.map((t) => t.id).join(", ")}.` });
  if (problems.length) throw validationFailed(problems);
  const order = [...body.taskIds, ...tasks.filter((t) => !body.taskIds.includes(t.id)).map((t) => t.id)];
  const before = tasks.map((t) => t.id);
  if (order.every((id, index) => before[index] === id && tasks[index]!.position === index + 1)) return tasks.map(taskView);
  const why = reasonForChange("task", ["order"], body.reason);
  const now = ctx.clock.now();
  const result = await ctx.db.$transaction(async (tx) => {
    for (const [index, id] of order.entries()) await tx.checklistTask.update({ where: { id }, data: { position: index + 1 } });
    await writeAudit(tx, ctx.actor, now, {
      action: "task.reordered",
      entityId: `${model.id}:${body.frequency}`,
      before: { modelId: model.id, frequency: body.frequency, taskIds: before },
      after: { modelId: model.id, frequency: body.frequency, taskIds: order },
      reason: why,
    });
    return ordered(await tx.checklistTask.findMany({ where: { modelId: model.id, frequency: body.frequency as Frequency } }));
  });
  return result.map(taskView);
}
