import { createContext, useContext } from "react";
import { GLOBAL_ROLES, can, type Action, type Entity, type Grant, type Principal } from "../../../domain/policy/policy.ts";
import type { Me, MeLab } from "../api/types.ts";
import { UTC_CLOCK, type LabClock } from "../components/format.ts";

export interface Session {
  me: Me;
  principal: Principal;
  /** Labs the user may see: the lab picker lists only these. */
  labs: MeLab[];
  labId: number | null;
  setLabId: (labId: number) => void;
  signOut: (() => void) | null;
}

/** The policy's Principal, rebuilt from `GET /api/me` so the tab can ask the shared policy what to hide. */
export function principalFromMe(me: Me): Principal {
  const grants: Grant[] = [];
  for (const role of me.globalRoles) grants.push({ labId: null, role });
  for (const lab of me.labs) {
    for (const role of lab.roles) grants.push({ labId: GLOBAL_ROLES.includes(role) ? null : lab.id, role });
  }
  return {
    userId: me.user.id,
    aadObjectId: me.user.aadObjectId,
    displayName: me.user.displayName,
    status: me.user.status,
    primaryLabId: me.user.primaryLabId,
    grants,
  };
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the signed-in app");
  return session;
}

/** May the user do this at the current lab (or, for models, anywhere)? */
export function useCan(): (entity: Entity, action: Action, labId?: number | null) => boolean {
  const { principal, labId } = useSession();
  return (entity, action, at) => can(principal, entity, action, entity === "model" ? undefined : (at === undefined ? labId : at));
}

/** The clock to read a lab's times by (its zone, named by its code); UTC for no lab or a lab not listed. */
export function labClock(session: Session, labId: number | null | undefined): LabClock {
  const lab = labId == null ? undefined : session.labs.find((l) => l.id === labId);
  return lab ? { code: lab.code, timeZone: lab.timeZone } : UTC_CLOCK;
}

export function labCode(session: Session, labId: number | null | undefined): string {
  if (labId == null) return "";
  return session.labs.find((lab) => lab.id === labId)?.code ?? `#${labId}`;
}
