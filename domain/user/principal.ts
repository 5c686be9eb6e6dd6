import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { AuditSource } from "../db/generated/enums.ts";
import { AppError } from "../errors.ts";
import type { Grant, Principal } from "../policy/policy.ts";
import type { PrincipalCache } from "./principal-cache.ts";
import { findSignedInUser, loadPrincipal, registerUser, type PrincipalUser } from "./user.identity.ts";

const NO_ACCESS = "You are signed in, but you have no Labkeep access: ask your Labkeep administrator to add you to a lab's Labkeep group.";

/** Who is calling, as the door that let them in established it (a validated token, or Teams for the bot). */
export interface SignIn {
  aadObjectId: string;
  upn: string | null;
  name: string | null;
  /** Grants from the user's Entra group memberships (`grantsFromGroups`). */
  groupGrants: readonly Grant[];
  /** The door, recorded on a registration: TAB for the tab's API, BOT for the bot. */
  source: AuditSource;
}

/**
 * The principal behind a sign-in (R-AUTH-ID): a newcomer that Entra maps to a lab is registered
 * (audited with the door's source, the primary lab being their first mapped lab); a Disabled
 * user is refused; group grants unite with in-app grants, and no access at all is refused.
 * With a `cache`, a user already resolved costs no query until the database announces a change.
 */
export async function resolvePrincipal(db: Db, clock: Clock, signIn: SignIn, cache?: PrincipalCache): Promise<Principal> {
  const cached = cache?.get(signIn.aadObjectId, signIn.groupGrants);
  if (cached) return cached;
  const stamp = cache?.stamp() ?? 0;
  const found = await findSignedInUser(db, signIn.aadObjectId);
  let user: PrincipalUser | null = found?.user ?? null;
  if (!user) {
    if (signIn.groupGrants.length === 0) throw new AppError("forbidden", NO_ACCESS);
    const primaryLabId = signIn.groupGrants.find((g) => g.labId !== null)?.labId ?? null;
    const displayName = signIn.name ?? signIn.upn ?? signIn.aadObjectId;
    user = await registerUser(db, clock, { aadObjectId: signIn.aadObjectId, upn: signIn.upn ?? signIn.aadObjectId, displayName, primaryLabId }, signIn.source);
  }
  if (user.status === "DISABLED") throw new AppError("user_disabled", "Your Labkeep account is disabled. Ask your lab manager or a Labkeep administrator to enable it.");
  const principal = await loadPrincipal(db, user, signIn.groupGrants, found?.inApp);
  if (principal.grants.length === 0) throw new AppError("forbidden", NO_ACCESS);
  cache?.set(signIn.aadObjectId, signIn.groupGrants, principal, stamp);
  return principal;
}
