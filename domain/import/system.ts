import { systemActor } from "../audit/events.ts";
import type { Clock } from "../clock.ts";
import type { ServiceContext } from "../context.ts";
import type { Db } from "../db/client.ts";

/**
 * The command line's context: whoever can run `npm run data:import` on the server already holds
 * the database, so it acts with the Administrator's rights; its events carry source SYSTEM and no user.
 */
export function commandLineContext(db: Db, clock: Clock): ServiceContext {
  const name = "Labkeep command line";
  return {
    db,
    clock,
    currentLabId: null,
    actor: systemActor("SYSTEM", name),
    principal: { userId: 0, aadObjectId: "system", displayName: name, status: "ACTIVE", primaryLabId: null, grants: [{ labId: null, role: "ADMINISTRATOR" }] },
  };
}
