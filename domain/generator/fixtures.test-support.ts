import type { Db } from "../db/client.ts";
import type { EquipmentStatus, Frequency } from "../db/generated/enums.ts";
import { FREQUENCIES } from "../periods/periods.ts";

/** Test data created directly with Prisma (the generator's tests do not go through the services). */
export async function createLab(db: Db, code: string, timeZone: string, generatedThrough: string | null = null) {
  return db.lab.create({ data: { code, name: `Lab ${code}`, timeZone, generatedThrough: generatedThrough ? new Date(`${generatedThrough}T00:00:00Z`) : null } });
}

export async function createModel(
  db: Db,
  name: string,
  options: { frequencies?: Frequency[]; taskFrequencies?: Frequency[]; inactiveTaskFrequencies?: Frequency[]; active?: boolean } = {},
) {
  const frequencies = options.frequencies ?? [...FREQUENCIES];
  const taskFrequencies = options.taskFrequencies ?? frequencies;
  return db.equipmentModel.create({
    data: {
      manufacturer: "Acme",
      name,
      active: options.active ?? true,
      frequencies,
      tasks: {
        create: [
          ...taskFrequencies.map((frequency, i) => ({ frequency, position: i + 1, title: `${frequency} check`, kind: "CHECK" as const })),
          ...(options.inactiveTaskFrequencies ?? []).map((frequency, i) => ({ frequency, position: 100 + i, title: `${frequency} retired`, kind: "CHECK" as const, active: false })),
        ],
      },
    },
  });
}

export async function createEquipment(
  db: Db,
  labId: number,
  modelId: number,
  tags: string[],
  options: { status?: EquipmentStatus; activeSince?: string } = {},
): Promise<number[]> {
  const created = await db.equipment.createManyAndReturn({
    data: tags.map((assetTag) => ({
      assetTag,
      modelId,
      labId,
      status: options.status ?? "ACTIVE",
      activeSince: new Date(options.activeSince ?? "2020-01-01T00:00:00Z"),
    })),
    select: { id: true },
  });
  return created.map((row) => row.id);
}

export async function recordsOf(db: Db, labId: number) {
  return db.pmRecord.findMany({ where: { labId }, orderBy: { number: "asc" }, include: { equipment: { select: { assetTag: true } } } });
}

/** Asserts helper: numbers of a lab are exactly 1..n. */
export function isGapless(numbers: number[]): boolean {
  return numbers.every((n, i) => n === i + 1);
}
