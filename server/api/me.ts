import { describeMe } from "../../domain/user/me.ts";
import { myWork } from "../../domain/assignment/my-work.ts";
import { NotificationSettingsInput } from "../../domain/activity/activity.schemas.ts";
import { getNotificationSettings, updateNotificationSettings } from "../../domain/activity/settings.service.ts";
import type { Identity } from "../auth/identity.ts";
import type { VerifiedToken } from "../auth/tokens.ts";
import type { Call, Route } from "./route.ts";

function me(call: Call) {
  return describeMe(call.ctx, (call as Call & { token: VerifiedToken }).token.upn);
}

export function meRoutes(identity: Identity): Route[] {
  return [
    {
      method: "GET",
      path: "/api/me/work",
      summary: "My work: open records assigned to me or of instruments I answer for, earliest due first",
      access: { kind: "signedIn" },
      handler: async ({ ctx }) => ({ json: await myWork(ctx) }),
    },
    {
      method: "GET",
      path: "/api/me/notifications",
      summary: "My activity-feed settings: the notification types I get and my quiet hours",
      access: { kind: "signedIn" },
      handler: async ({ ctx }) => ({ json: await getNotificationSettings(ctx) }),
    },
    {
      method: "PUT",
      path: "/api/me/notifications",
      summary: "Change my activity-feed settings",
      access: { kind: "signedIn" },
      body: NotificationSettingsInput,
      handler: async ({ ctx, body }) => ({ json: await updateNotificationSettings(ctx, body) }),
    },
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
  ];
}
