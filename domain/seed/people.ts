import { createHash } from "node:crypto";
import type { Clock } from "../clock.ts";
import { serviceContext, type ServiceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import type { AuditSource } from "../db/generated/enums.ts";
import type { Grant, Principal } from "../policy/policy.ts";
import { grantAccess } from "../user/user.access.ts";
import { loadPrincipal, registerUser } from "../user/user.identity.ts";
import { DEMO_USERS, groupName, type DemoLabCode, type DemoUser } from "./identities.ts";
import { DEMO_SIGNING_PINS } from "./pins.ts";
import { withPinSignIn } from "./signing.ts";

/** A stable, GUID-shaped object id for a demo Entra group (derived from its name). */
export function demoGroupId(name: string): string {
  const hex = createHash("sha256").update(`labkeep-demo-group:${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The demo users' Entra groups, as DevDirectoryMembership rows (the development sign-in reads them). */
export function demoMemberships(): { aadObjectId: string; groupId: string; groupName: string }[] {
  return DEMO_USERS.flatMap((user) =>
    user.groups.map((g) => {
      const name = groupName(g.lab, g.role);
      return { aadObjectId: user.aadObjectId, groupId: demoGroupId(name), groupName: name };
    }),
  );
}

export interface Person {
  id: number;
  demo: DemoUser;
  /** A context acting as this user through the tab or the bot, at the seed's clock. */
  as(source: AuditSource, currentLab?: DemoLabCode): ServiceContext;
  /** The same, carrying the fresh sign-in of this user's demo PIN: what signs (R-SIGN). */
  signing(source: AuditSource, currentLab?: DemoLabCode): ServiceContext;
  active(): boolean;
  /** Reloads the principal after grants or status changed. */
  refresh(): Promise<void>;
}

export type Cast = Record<string, Person>;

/** Short name of a demo user: the UPN before the @ ("tom.tech"). */
export const handle = (user: DemoUser): string => user.upn.split("@")[0]!;

/**
 * Demo users sign in once (registered from their group membership, as R-AUTH-ID does on a
 * first sign-in), then the Administrator and a Manager give the in-app grants of identities.ts.
 * Runs after the labs exist.
 */
export async function castDemoUsers(db: Db, clock: Clock, labs: Record<DemoLabCode, number>): Promise<Cast> {
  await db.devDirectoryMembership.createMany({ data: demoMemberships(), skipDuplicates: true });
  const cast: Cast = {};
  for (const demo of DEMO_USERS) {
    const user = await registerUser(db, clock, { aadObjectId: demo.aadObjectId, upn: demo.upn, displayName: demo.displayName, email: demo.upn, primaryLabId: labs[demo.primaryLab] }, "TAB");
    const groupGrants: Grant[] = demo.groups.map((g) => ({ labId: g.lab ? labs[g.lab] : null, role: g.role }));
    let principal: Principal = await loadPrincipal(db, user, groupGrants);
    const as = (source: AuditSource, currentLab?: DemoLabCode) => serviceContext(db, principal, source, clock, currentLab ? labs[currentLab] : labs[demo.primaryLab]);
    cast[handle(demo)] = {
      id: user.id,
      demo,
      active: () => principal.status === "ACTIVE",
      as,
      signing: (source, currentLab) => {
        // Only a demo user with a PIN signs in to sign.
        if (!DEMO_SIGNING_PINS[demo.upn]) throw new Error(`${demo.upn} has no demo signing PIN`);
        return withPinSignIn(as(source, currentLab));
      },
      refresh: async () => {
        principal = await loadPrincipal(db, await db.user.findUniqueOrThrow({ where: { id: user.id } }), groupGrants);
      },
    };
  }
  const admin = cast["ada.admin"]!.as("TAB");
  for (const demo of DEMO_USERS) {
    for (const grant of demo.grants) await grantAccess(admin, cast[handle(demo)]!.id, labs[grant.lab], grant.role, "Demo data: access to help another lab");
    await cast[handle(demo)]!.refresh();
  }
  return cast;
}
