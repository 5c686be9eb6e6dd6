import type { Db } from "../db/client.ts";
import { generateRecords, type LabGeneration } from "./generator.ts";

// Each query runs in a transaction of its own, like every query of the scheduler (see
// domain/scheduling/lease.ts): on the embedded database, parameterised queries from several
// connections outside transactions can interleave their protocol messages.

/** The time zones of the active labs, each once: the scheduler runs one generation job per zone. */
export async function activeLabTimeZones(db: Db): Promise<string[]> {
  const zones = await db.$transaction((tx) => tx.lab.findMany({ where: { active: true }, select: { timeZone: true }, distinct: ["timeZone"], orderBy: { timeZone: "asc" } }));
  return zones.map((zone) => zone.timeZone);
}

/** Generates the records due at `now` for the active labs of one time zone (its local midnight has passed). */
export async function generateRecordsInZone(db: Db, timeZone: string, now: Date): Promise<LabGeneration[]> {
  const labs = await db.$transaction((tx) => tx.lab.findMany({ where: { active: true, timeZone }, select: { id: true } }));
  if (labs.length === 0) return [];
  return generateRecords(db, { now, labIds: labs.map((lab) => lab.id) });
}
