import type { Db } from "../../domain/db/client.ts";
import { writeAudit } from "../../domain/audit/audit.service.ts";
import type { Actor } from "../../domain/audit/events.ts";

const actor: Actor = { userId: null, name: "Test", source: "SYSTEM" };

/**
 * Runs SQL against audit_event as its owner would to tamper with it: the append-only triggers
 * are switched off for the statements and back on, in one transaction. Only the table's owner
 * or a superuser may do this; the app's production role may not (docs/compliance.md).
 */
export async function tamperAsOwner(db: Db, statements: string[]): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("ALTER TABLE audit_event DISABLE TRIGGER USER");
    for (const sql of statements) await tx.$executeRawUnsafe(sql);
    await tx.$executeRawUnsafe("ALTER TABLE audit_event ENABLE TRIGGER USER");
  });
}

/** Empties the trail (as its owner) and writes `count` events, one transaction each, one second apart. */
export async function freshChain(db: Db, count: number, start = Date.UTC(2026, 0, 1)): Promise<void> {
  await tamperAsOwner(db, ["TRUNCATE audit_event"]);
  await appendEvents(db, count, start);
}

export async function appendEvents(db: Db, count: number, start = Date.UTC(2026, 0, 2)): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.$transaction((tx) =>
      writeAudit(tx, actor, new Date(start + i * 1000), { action: "lab.updated", entityId: i, labId: null, before: { name: `Lab ${i}` }, after: { name: `Lab ${i + 1}` }, reason: "rename" }),
    );
  }
}
