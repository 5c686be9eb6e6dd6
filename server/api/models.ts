import { onePage } from "../../domain/page.ts";
import { addTask, createModel, deactivateTask, getModel, listModels, reorderTasks, setModelFrequencies, updateModel, updateTask } from "../../domain/model/model.service.ts";
import { AddTaskInput, CreateModelInput, DeactivateTaskInput, ListModelsQuery, ReorderTasksInput, SetModelFrequenciesInput, UpdateModelInput, UpdateTaskInput } from "../../domain/model/model.schemas.ts";
import { idParam, type Route } from "./route.ts";

const field = (body: unknown, name: string): unknown => (body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined);
const edit = { kind: "permission", entity: "model", action: "edit" } as const;

export const modelRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/models",
    summary: "Equipment models (disabled hidden unless asked for)",
    access: { kind: "permission", entity: "model", action: "view" },
    query: ListModelsQuery,
    handler: async ({ ctx, query }) => ({ json: onePage(await listModels(ctx, query as never)) }),
  },
  {
    method: "GET",
    path: "/api/models/:id",
    summary: "One model with its tasks grouped by frequency",
    access: { kind: "permission", entity: "model", action: "view" },
    handler: async ({ ctx, params }) => ({ json: await getModel(ctx, idParam(params, "id")) }),
  },
  {
    method: "POST",
    path: "/api/models",
    summary: "Add a model",
    access: { kind: "permission", entity: "model", action: "create" },
    body: CreateModelInput,
    handler: async ({ ctx, body }) => ({ status: 201, json: await createModel(ctx, body) }),
  },
  {
    method: "PATCH",
    path: "/api/models/:id",
    summary: "Edit or disable a model",
    access: edit,
    body: UpdateModelInput,
    handler: async ({ ctx, params, body }) => ({ json: await updateModel(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "PUT",
    path: "/api/models/:id/frequencies",
    summary: "Set the frequencies a model is maintained at",
    access: edit,
    body: SetModelFrequenciesInput,
    handler: async ({ ctx, params, body }) => ({ json: await setModelFrequencies(ctx, idParam(params, "id"), field(body, "frequencies"), field(body, "reason")) }),
  },
  {
    method: "POST",
    path: "/api/models/:id/tasks",
    summary: "Add a checklist task",
    access: edit,
    body: AddTaskInput,
    handler: async ({ ctx, params, body }) => ({ status: 201, json: await addTask(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "PUT",
    path: "/api/models/:id/tasks/order",
    summary: "Reorder the tasks of one frequency",
    access: edit,
    body: ReorderTasksInput,
    handler: async ({ ctx, params, body }) => ({ json: onePage(await reorderTasks(ctx, idParam(params, "id"), field(body, "frequency"), field(body, "taskIds"), field(body, "reason"))) }),
  },
  {
    method: "PATCH",
    path: "/api/models/:id/tasks/:taskId",
    summary: "Edit a checklist task (completed records keep their snapshot)",
    access: edit,
    body: UpdateTaskInput,
    handler: async ({ ctx, params, body }) => ({ json: await updateTask(ctx, idParam(params, "id"), idParam(params, "taskId"), body) }),
  },
  {
    method: "POST",
    path: "/api/models/:id/tasks/:taskId/deactivate",
    summary: "Deactivate a checklist task",
    access: edit,
    body: DeactivateTaskInput,
    handler: async ({ ctx, params, body }) => ({ json: await deactivateTask(ctx, idParam(params, "id"), idParam(params, "taskId"), field(body, "reason")) }),
  },
];
