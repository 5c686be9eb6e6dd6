/**
 * A small world for service tests: the demo labs and users (domain/seed/identities.ts) written
 * to a test database, principals built from their groups and grants, and helpers for models,
 * equipment and records. Only tests import this file.
 */
import { fixedClock } from "../clock.ts";
import { serviceContext, type ServiceContext } from "../context.ts";
import type { Db, Prisma } from "../db/client.ts";
import type { Frequency, TaskKind } from "../db/generated/enums.ts";
import type { Grant, Principal } from "../policy/policy.ts";
import { DEMO_LABS, DEMO_USERS, type DemoLabCode } from "../seed/identities.ts";

export const NOW = new Date("2026-03-10T15:00:00.000Z");

export interface World {
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  labs: Record<DemoLabCode, number>;
  users: Record<string, { id: number; principal: Principal }>;
  /** A tab context for a demo user, by the first part of the UPN (e.g. "tom.tech"). */
  as(who: string, currentLab?: DemoLabCode | null): ServiceContext;
}

export async function createWorld(db: Db): Promise<World> {
  const clock = fixedClock(NOW);
  const labs = {} as Record<DemoLabCode, number>;
  for (const lab of DEMO_LABS) {
    const row = await db.lab.create({ data: { code: lab.code, name: lab.name, timeZone: lab.timeZone, digestHour: lab.digestHour } });
    labs[lab.code] = row.id;
  }
  const users: World["users"] = {};
  for (const demo of DEMO_USERS) {
    const groupGrants: Grant[] = demo.groups.map((g) => ({ labId: g.lab ? labs[g.lab] : null, role: g.role }));
    // Entra group grants as the sign-in code stores them on the user row (loadPrincipal).
    const user = await db.user.create({
      data: {
        aadObjectId: demo.aadObjectId,
        upn: demo.upn,
        displayName: demo.displayName,
        status: demo.status,
        primaryLabId: labs[demo.primaryLab],
        directoryGrants: groupGrants as unknown as Prisma.InputJsonValue,
      },
    });
    for (const grant of demo.grants) await db.labAccess.create({ data: { userId: user.id, labId: labs[grant.lab], role: grant.role } });
    const grants: Grant[] = [...groupGrants, ...demo.grants.map((g) => ({ labId: labs[g.lab], role: g.role }))];
    const principal: Principal = { userId: user.id, aadObjectId: demo.aadObjectId, displayName: demo.displayName, status: demo.status, primaryLabId: labs[demo.primaryLab], grants };
    users[demo.upn.split("@")[0]!] = { id: user.id, principal };
  }
  return {
    db,
    clock,
    labs,
    users,
    as(who, currentLab = null) {
      const user = users[who];
      if (!user) throw new Error(`no demo user ${who}`);
      return serviceContext(db, user.principal, "TAB", clock, currentLab ? labs[currentLab] : null);
    },
  };
}

export interface TaskSpec {
  title: string;
  kind: TaskKind;
  unit?: string;
  min?: number;
  max?: number;
  required?: boolean;
  active?: boolean;
}

let modelCounter = 0;

/** A model with tasks for one frequency, written directly (the model service has its own tests). */
export async function makeModel(db: Db, frequency: Frequency, tasks: TaskSpec[]) {
  modelCounter++;
  const model = await db.equipmentModel.create({ data: { manufacturer: "Acme", name: `Centrifuge ${modelCounter}`, frequencies: [frequency] } });
  const created = [];
  for (const [index, t] of tasks.entries()) {
    created.push(
      await db.checklistTask.create({
        data: { modelId: model.id, frequency, position: index + 1, title: t.title, kind: t.kind, unit: t.unit ?? null, min: t.min ?? null, max: t.max ?? null, required: t.required ?? true, active: t.active ?? true },
      }),
    );
  }
  return { model, tasks: created };
}

let equipmentCounter = 0;

export async function makeEquipment(db: Db, labId: number, modelId: number, extra: { location?: string; assetTag?: string } = {}) {
  equipmentCounter++;
  return db.equipment.create({ data: { assetTag: extra.assetTag ?? `AT-${String(equipmentCounter).padStart(5, "0")}`, modelId, labId, location: extra.location ?? "Room 1", activeSince: NOW } });
}

/** An open record as the generator would write it (its own tests cover numbering). */
export async function makeRecord(db: Db, equipment: { id: number; labId: number }, frequency: Frequency, periodStart: Date, dueAt: Date) {
  const counter = await db.labRecordCounter.upsert({ where: { labId: equipment.labId }, create: { labId: equipment.labId, lastNumber: 1 }, update: { lastNumber: { increment: 1 } } });
  return db.pmRecord.create({ data: { labId: equipment.labId, number: counter.lastNumber, equipmentId: equipment.id, frequency, periodStart, periodEnd: dueAt, dueAt } });
}
