import { writeAudit } from "../audit/audit.service.ts";
import { reasonForChange } from "../audit/regulated.ts";
import type { ServiceContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { changedValues, isUniqueViolation, parseInput } from "../input.ts";
import { assertModelRight, loadModel } from "./model.access.ts";
import { CreateModelInput, ListModelsQuery, SetModelFrequenciesInput, UpdateModelInput } from "./model.schemas.ts";
import { groupTasks, modelValues } from "./model.view.ts";
import { afterEligibilityChange } from "./on-demand.ts";

export { addTask, deactivateTask, reorderTasks, updateTask } from "./model.tasks.ts";

const nameTaken = (manufacturer: string, name: string) =>
  conflict(`A model ${manufacturer} ${name} already exists.`, { fields: [{ field: "name", message: "Already in use for this manufacturer." }] });

/** Models with their frequencies and how many active tasks and pieces of equipment they have. */
export type ModelSummary = Awaited<ReturnType<typeof listModels>>[number];
export type ModelDetail = Awaited<ReturnType<typeof getModel>>;
export type { TaskView } from "./model.view.ts";

export async function listModels(ctx: ServiceContext, filters: ListModelsQuery = {}) {
  assertModelRight(ctx, "view");
  const query = parseInput(ListModelsQuery, filters);
  const models = await ctx.db.equipmentModel.findMany({
    where: query.includeDisabled ? {} : { active: true },
    orderBy: [{ manufacturer: "asc" }, { name: "asc" }],
    include: { _count: { select: { tasks: { where: { active: true } }, equipment: true } } },
  });
  return models.map(({ _count, ...m }) => ({ id: m.id, ...modelValues(m), activeTaskCount: _count.tasks, equipmentCount: _count.equipment }));
}

/** One model with its tasks grouped by frequency, in checklist order (inactive tasks flagged, not hidden). */
export async function getModel(ctx: ServiceContext, id: unknown) {
  const model = await loadModel(ctx, id, "view");
  const [tasks, equipmentCount] = await Promise.all([
    ctx.db.checklistTask.findMany({ where: { modelId: model.id } }),
    ctx.db.equipment.count({ where: { modelId: model.id } }),
  ]);
  return { id: model.id, ...modelValues(model), equipmentCount, tasks: groupTasks(tasks) };
}

export async function createModel(ctx: ServiceContext, input: unknown) {
  assertModelRight(ctx, "create");
  const body = parseInput(CreateModelInput, input);
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.$transaction(async (tx) => {
      const model = await tx.equipmentModel.create({ data: { ...body, description: body.description ?? null, reviewRequired: body.reviewRequired ?? null } });
      await writeAudit(tx, ctx.actor, now, { action: "model.created", entityId: model.id, after: modelValues(model) });
      return model.id;
    });
    return getModel(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(body.manufacturer, body.name);
    throw error;
  }
}

/** Edits details; `active: false` disables the model (its equipment gets no new records), `true` enables it again. */
export async function updateModel(ctx: ServiceContext, id: unknown, input: unknown) {
  const current = await loadModel(ctx, id, "edit");
  const { reason, ...body } = parseInput(UpdateModelInput, input);
  const now = ctx.clock.now();
  try {
    await ctx.db.$transaction(async (tx) => {
      const updated = await tx.equipmentModel.update({ where: { id: current.id }, data: body });
      const diff = changedValues(modelValues(current), modelValues(updated));
      if (diff) await writeAudit(tx, ctx.actor, now, { action: "model.updated", entityId: current.id, ...diff, reason: reasonForChange("model", Object.keys(diff.after), reason) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(body.manufacturer ?? current.manufacturer, body.name ?? current.name);
    throw error;
  }
  if (body.active === true && !current.active) await afterEligibilityChange(ctx, { modelIds: [current.id] });
  return getModel(ctx, current.id);
}

/** Which frequencies the model is maintained at; a frequency gained generates its current period at once. */
export async function setModelFrequencies(ctx: ServiceContext, id: unknown, frequencies: unknown, reason?: unknown) {
  const current = await loadModel(ctx, id, "edit");
  const body = parseInput(SetModelFrequenciesInput, { frequencies, reason });
  const gained = body.frequencies.filter((f) => !current.frequencies.includes(f));
  const lost = current.frequencies.filter((f) => !body.frequencies.includes(f));
  if (gained.length === 0 && lost.length === 0) return getModel(ctx, current.id);
  // A model's first frequencies (none before) set up a new model, they change nothing already in use.
  const why = current.frequencies.length === 0 ? (body.reason ?? null) : reasonForChange("model", ["frequencies"], body.reason);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.equipmentModel.update({ where: { id: current.id }, data: { frequencies: body.frequencies } });
    await writeAudit(tx, ctx.actor, now, {
      action: "model.frequencies_changed",
      entityId: current.id,
      before: { frequencies: [...current.frequencies] },
      after: { frequencies: body.frequencies },
      reason: why,
    });
  });
  if (gained.length > 0 && current.active) await afterEligibilityChange(ctx, { modelIds: [current.id] });
  return getModel(ctx, current.id);
}
