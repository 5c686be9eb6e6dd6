import { capabilities, GLOBAL_ROLES, rolesAt, globalRoles } from "../../domain/policy/policy.ts";
import { listLabs } from "../../domain/lab/lab.service.ts";
import type { Identity } from "../auth/identity.ts";
import type { VerifiedToken } from "../auth/tokens.ts";
import type { Call, Route } from "./route.ts";

async function me(call: Call) {
  const { principal, ctx } = call;
  const token = (call as Call & { token: VerifiedToken }).token;
  const labs = await listLabs(ctx);
  const labIds = labs.map((lab) => lab.id);
  return {
    user: {
      id: principal.userId,
      aadObjectId: principal.aadObjectId,
      upn: token.upn,
      displayName: principal.displayName,
      status: principal.status,
      primaryLabId: principal.primaryLabId,
    },
    labs: labs.map((lab) => ({ id: lab.id, code: lab.code, name: lab.name, timeZone: lab.timeZone, roles: rolesAt(principal, lab.id).filter((role) => !GLOBAL_ROLES.includes(role)) })),
    globalRoles: globalRoles(principal),
    currentLabId: ctx.currentLabId !== null && labIds.includes(ctx.currentLabId) ? ctx.currentLabId : (principal.primaryLabId !== null && labIds.includes(principal.primaryLabId) ? principal.primaryLabId : (labIds[0] ?? null)),
    capabilities: capabilities(principal, labIds),
  };
}

export function meRoutes(identity: Identity): Route[] {
  return [
    {
      method: "GET",
      path: "/api/me",
      summary: "The signed-in user: identity, labs with roles, current lab, capabilities",
      access: { kind: "signedIn" },
      handler: async (call) => ({ json: await me(call) }),
    },
    {
      method: "POST",
      path: "/api/me/refresh",
      summary: "Read the user's group memberships again now instead of waiting for the cache",
      access: { kind: "signedIn" },
      handler: async (call) => {
        const token = (call as Call & { token: VerifiedToken }).token;
        identity.forget(token.tenantId, token.objectId);
        const fresh = await identity.authenticate(call.req.header("authorization"));
        return { json: await me({ ...call, principal: fresh.principal, ctx: { ...call.ctx, principal: fresh.principal } }) };
      },
    },
    {
      method: "GET",
      path: "/api/labs",
      summary: "Labs the user may see",
      access: { kind: "permission", entity: "lab", action: "view" },
      handler: async ({ ctx }) => ({ json: { items: await listLabs(ctx) } }),
    },
  ];
}
