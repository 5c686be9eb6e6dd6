import type { Db } from "../db/client.ts";
import type { LabInfo } from "./installation.schemas.ts";

/**
 * Lab lookups for the bot, before any user is known (digest timing) or to resolve a code typed
 * in chat. Who may see a lab is decided by the caller with domain/access/guard.ts.
 */
const select = { id: true, code: true, name: true, timeZone: true, digestHour: true } as const;

export function activeLabs(db: Db): Promise<LabInfo[]> {
  return db.lab.findMany({ where: { active: true }, select, orderBy: { id: "asc" } });
}

export function labById(db: Db, id: number): Promise<LabInfo | null> {
  return db.lab.findUnique({ where: { id }, select });
}

export function labByCode(db: Db, code: string): Promise<LabInfo | null> {
  return db.lab.findUnique({ where: { code: code.toUpperCase() }, select });
}
