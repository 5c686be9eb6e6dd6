import { onePage } from "../../domain/page.ts";
import { DEMO_USERS } from "../../domain/seed/identities.ts";
import { changeUserStatus, createUser, getUser, grantAccess, listUsers, revokeAccess, updateUser } from "../../domain/user/user.service.ts";
import { DirectorySearchQuery, searchDirectory } from "../../domain/user/user.directory.ts";
import { ChangeUserStatusInput, CreateUserInput, GrantAccessInput, ListUsersQuery, RevokeAccessInput, UpdateUserInput } from "../../domain/user/user.schemas.ts";
import type { DirectoryUser } from "../../domain/user/directory.ts";
import type { GraphReader } from "../auth/graph.ts";
import type { GraphTokens } from "../auth/graph-token.ts";
import type { VerifiedToken } from "../auth/tokens.ts";
import { idParam, type Call, type Route } from "./route.ts";

const field = (body: unknown, name: string): unknown => (body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined);

/** The directory to search: Graph for real tenants (On-Behalf-Of the caller), the demo users in development. */
function directoryOf(call: Call, graph: GraphReader, tokens: GraphTokens): (term: string) => Promise<DirectoryUser[]> {
  const token = (call as Call & { token: VerifiedToken }).token;
  if (token.issuer.kind === "dev") {
    return async (term) => {
      const lower = term.toLowerCase();
      return DEMO_USERS.filter((u) => u.displayName.toLowerCase().includes(lower) || u.upn.includes(lower)).map((u) => ({ id: u.aadObjectId, displayName: u.displayName, userPrincipalName: u.upn, mail: u.upn }));
    };
  }
  return (term) => graph.searchUsers(tokens.onBehalfOf(token.tenantId, token.raw), term);
}

export function userRoutes(graph: GraphReader, tokens: GraphTokens): Route[] {
  return [
    {
      method: "GET",
      path: "/api/users",
      summary: "Users the caller may see (show disabled on demand)",
      access: { kind: "permission", entity: "user", action: "view" },
      query: ListUsersQuery,
      handler: async ({ ctx, query }) => ({ json: await listUsers(ctx, query as never) }),
    },
    {
      method: "GET",
      path: "/api/users/:id",
      summary: "One user with lab access",
      access: { kind: "permission", entity: "user", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await getUser(ctx, idParam(params, "id")) }),
    },
    {
      method: "POST",
      path: "/api/users",
      summary: "Add an Entra user with a primary lab and a role there",
      access: { kind: "permission", entity: "user", action: "create" },
      body: CreateUserInput,
      handler: async ({ ctx, body }) => ({ status: 201, json: await createUser(ctx, body) }),
    },
    {
      method: "PATCH",
      path: "/api/users/:id",
      summary: "Edit a user's details (R-AUTH-MGR)",
      access: { kind: "permission", entity: "user", action: "edit" },
      body: UpdateUserInput,
      handler: async ({ ctx, params, body }) => ({ json: await updateUser(ctx, idParam(params, "id"), body) }),
    },
    {
      method: "POST",
      path: "/api/users/:id/status",
      summary: "Enable or disable a user",
      access: { kind: "permission", entity: "user", action: "changeStatus" },
      body: ChangeUserStatusInput,
      handler: async ({ ctx, params, body }) => ({ json: await changeUserStatus(ctx, idParam(params, "id"), field(body, "status")) }),
    },
    {
      method: "PUT",
      path: "/api/users/:id/access/:labId",
      summary: "Grant lab access with a role (in-app grant, audited)",
      access: { kind: "permission", entity: "user", action: "grantAccess" },
      body: GrantAccessInput,
      handler: async ({ ctx, params, body }) => ({ json: await grantAccess(ctx, idParam(params, "id"), idParam(params, "labId"), field(body, "role"), field(body, "reason")) }),
    },
    {
      method: "DELETE",
      path: "/api/users/:id/access/:labId",
      summary: "Revoke an in-app lab access grant (audited; the reason for change travels in the query, a DELETE has no body)",
      access: { kind: "permission", entity: "user", action: "grantAccess" },
      query: RevokeAccessInput,
      handler: async ({ ctx, params, query }) => ({ json: await revokeAccess(ctx, idParam(params, "id"), idParam(params, "labId"), query.reason) }),
    },
    {
      method: "GET",
      path: "/api/directory/users",
      summary: "Search Entra users to add (through Microsoft Graph)",
      access: { kind: "permission", entity: "user", action: "create" },
      query: DirectorySearchQuery,
      handler: async (call) => ({ json: onePage(await searchDirectory(call.ctx, call.query, directoryOf(call, graph, tokens))) }),
    },
  ];
}
