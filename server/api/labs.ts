import { createLab, listLabs, setLabStatus, updateLab } from "../../domain/lab/lab.service.ts";
import { CreateLabInput, ListLabsQuery, SetLabStatusInput, UpdateLabInput } from "../../domain/lab/lab.schemas.ts";
import { SetDigestChannelInput, listDigestChannels, setDigestChannel } from "../../domain/lab/lab.channels.ts";
import { onePage } from "../../domain/page.ts";
import { listAssignees } from "../../domain/assignment/assignment.service.ts";
import { idParam, type Route } from "./route.ts";

/** Labs (R-LAB): every role lists the labs it sees; only Administrators change them. */
export const labRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/labs",
    summary: "Labs the user may see (inactive hidden unless asked for)",
    access: { kind: "permission", entity: "lab", action: "view" },
    query: ListLabsQuery,
    handler: async ({ ctx, query }) => ({ json: await listLabs(ctx, query) }),
  },
  {
    method: "POST",
    path: "/api/labs",
    summary: "Add a lab",
    access: { kind: "permission", entity: "lab", action: "create" },
    body: CreateLabInput,
    handler: async ({ ctx, body }) => ({ status: 201, json: await createLab(ctx, body) }),
  },
  {
    method: "PATCH",
    path: "/api/labs/:id",
    summary: "Edit a lab (the code is fixed once it has records; a new time zone applies from the next period)",
    access: { kind: "permission", entity: "lab", action: "edit" },
    body: UpdateLabInput,
    handler: async ({ ctx, params, body }) => ({ json: await updateLab(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/labs/:id/status",
    summary: "Deactivate or reactivate a lab",
    access: { kind: "permission", entity: "lab", action: "changeStatus" },
    body: SetLabStatusInput,
    handler: async ({ ctx, params, body }) => ({ json: await setLabStatus(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "GET",
    path: "/api/labs/:id/channels",
    summary: "Channels and group chats where the bot is installed, with the lab each one gets the digest of",
    access: { kind: "permission", entity: "lab", action: "edit" },
    handler: async ({ ctx, params }) => ({ json: await listDigestChannels(ctx, idParam(params, "id")) }),
  },
  {
    method: "PUT",
    path: "/api/labs/:id/channel",
    summary: "Make a channel the lab's digest channel (as typing link <CODE> there; audited installation.linked)",
    access: { kind: "permission", entity: "lab", action: "edit" },
    body: SetDigestChannelInput,
    handler: async ({ ctx, params, body }) => ({ json: await setDigestChannel(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "GET",
    path: "/api/labs/:id/assignees",
    summary: "People who may be given the lab's records or made responsible for its instruments (active, may complete its records), by name",
    access: { kind: "permission", entity: "record", action: "amend" },
    handler: async ({ ctx, params }) => ({ json: onePage(await listAssignees(ctx, idParam(params, "id"))) }),
  },
];
