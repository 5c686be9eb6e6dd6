import { z } from "zod";
import { notFound } from "../../domain/errors.ts";
import { onePage } from "../../domain/page.ts";
import { DEMO_USERS, describeDemoUser } from "../../domain/seed/identities.ts";
import { parseInput } from "../../domain/input.ts";
import type { DevIssuer } from "../auth/dev-issuer.ts";
import type { Route } from "./route.ts";

export const DevTokenInput = z.object({ upn: z.string().trim().toLowerCase().email().max(320) }).strict();

/** R-AUTH-DEV: pick a demo user, get a token from the local issuer. Mounted only when DEV_SIGN_IN is on. */
export function devRoutes(issuer: DevIssuer): Route[] {
  return [
    {
      method: "GET",
      path: "/api/dev/users",
      summary: "Demo users of the development sign-in (development only)",
      access: { kind: "public" },
      handler: async () => ({ json: onePage(DEMO_USERS.map(describeDemoUser)) }),
    },
    {
      method: "POST",
      path: "/api/dev/token",
      summary: "A development token for a demo user (development only)",
      access: { kind: "public" },
      body: DevTokenInput,
      handler: async ({ body }) => {
        const { upn } = parseInput(DevTokenInput, body);
        const user = DEMO_USERS.find((u) => u.upn === upn);
        if (!user) throw notFound("That demo user");
        return { json: { token: await issuer.issue(user) } };
      },
    },
  ];
}
