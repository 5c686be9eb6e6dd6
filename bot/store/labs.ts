import type { Db } from "../../domain/db/client.ts";

export interface LabInfo {
  id: number;
  code: string;
  name: string;
  timeZone: string;
  digestHour: number;
}

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
