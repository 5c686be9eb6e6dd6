import type { Clock } from "../clock.ts";
import type { ServiceContext } from "../context.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { createEquipment } from "../equipment/equipment.service.ts";
import { createLab } from "../lab/lab.service.ts";
import { addTask, createModel, setModelFrequencies } from "../model/model.service.ts";
import { DEMO_MODELS } from "./catalogue.ts";
import { demoFleet } from "./fleet.ts";
import { DEMO_LABS, type DemoLabCode } from "./identities.ts";
import type { Random } from "./random.ts";

type Tick = Clock & { advance(ms: number): void };

/** The three demo labs, created by the Administrator. */
export async function createDemoLabs(admin: ServiceContext, clock: Tick): Promise<Record<DemoLabCode, number>> {
  const labs = {} as Record<DemoLabCode, number>;
  for (const lab of DEMO_LABS) {
    labs[lab.code] = (await createLab(admin, { code: lab.code, name: lab.name, timeZone: lab.timeZone, digestHour: lab.digestHour })).id;
    clock.advance(30_000);
  }
  return labs;
}

/**
 * The demo models and their checklists, as an Administrator would type them in. Frequencies
 * are switched on later (enableDemoFrequencies), once the fleet exists: one generation per model
 * instead of one per piece of equipment.
 */
export async function createDemoModels(admin: ServiceContext, clock: Tick): Promise<Record<string, number>> {
  const models: Record<string, number> = {};
  for (const model of DEMO_MODELS) {
    const frequencies = Object.keys(model.tasks) as Frequency[];
    const created = await createModel(admin, { manufacturer: model.manufacturer, name: model.name, description: model.description, frequencies: [] });
    for (const frequency of frequencies) {
      for (const task of model.tasks[frequency]!) {
        await addTask(admin, created.id, {
          frequency, title: task.title, kind: task.kind, unit: task.unit ?? null, min: task.min ?? null, max: task.max ?? null, required: task.required ?? true,
        });
      }
    }
    models[model.code] = created.id;
    clock.advance(120_000);
  }
  return models;
}

/** Switches on each model's frequencies: the current period's records appear for its equipment. */
export async function enableDemoFrequencies(admin: ServiceContext, clock: Tick, models: Record<string, number>): Promise<void> {
  for (const model of DEMO_MODELS) {
    await setModelFrequencies(admin, models[model.code], Object.keys(model.tasks));
    clock.advance(10_000);
  }
}

/** The demo fleet, all Active on day one (status changes come later in the story, with reasons). */
export async function createDemoFleet(managers: Record<DemoLabCode, ServiceContext>, clock: Tick, labs: Record<DemoLabCode, number>, models: Record<string, number>, random: Random, today: string): Promise<Record<string, number>> {
  const equipment: Record<string, number> = {};
  for (const item of demoFleet(random, today)) {
    const created = await createEquipment(managers[item.lab], {
      assetTag: item.assetTag, serialNumber: item.serialNumber, modelId: models[item.modelCode]!, labId: labs[item.lab],
      location: item.location, commissionedOn: item.commissionedOn, notes: item.notes,
    });
    equipment[item.assetTag] = created.id;
    clock.advance(20_000);
  }
  return equipment;
}
