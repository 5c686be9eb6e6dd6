import type { Actor } from "./audit/events.ts";
import type { Clock } from "./clock.ts";
import type { Db } from "./db/client.ts";
import type { AuditSource } from "./db/generated/enums.ts";
import type { Principal } from "./policy/policy.ts";
import type { SigningEvidence } from "./signature/signature.types.ts";

/**
 * What every domain service receives: the database, who is acting (for permission checks and
 * the audit trail), the clock, and the lab the user is working in (the tab's lab picker; some
 * R-AUTH-MGR rules depend on it).
 */
export interface ServiceContext {
  db: Db;
  principal: Principal;
  actor: Actor;
  clock: Clock;
  currentLabId: number | null;
  /**
   * R-SIGN: the fresh sign-in sent with this request to sign something (the API's
   * X-Labkeep-Signature header), checked by domain/signature/fresh-auth.ts. Absent: no signature.
   */
  signing?: SigningEvidence | null;
}

export function serviceContext(db: Db, principal: Principal, source: AuditSource, clock: Clock, currentLabId: number | null = null): ServiceContext {
  return { db, principal, actor: { userId: principal.userId, name: principal.displayName, source }, clock, currentLabId };
}
