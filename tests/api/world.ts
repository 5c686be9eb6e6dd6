import { fixedClock, systemClock } from "../../domain/clock.ts";
import { generateCurrentPeriod } from "../../domain/generator/generator.ts";
import { serviceContext } from "../../domain/context.ts";
import type { Db } from "../../domain/db/client.ts";
import { DEMO_USERS, type DemoLabCode } from "../../domain/seed/identities.ts";
import { setModelFrequencies } from "../../domain/model/model.service.ts";
import { DEMO_MODELS } from "../../domain/seed/catalogue.ts";
import { castDemoUsers } from "../../domain/seed/people.ts";
import { seededRandom } from "../../domain/seed/random.ts";
import { createDemoFleet, createDemoLabs, createDemoModels } from "../../domain/seed/setup.ts";
import { loadPrincipal, registerUser } from "../../domain/user/user.identity.ts";

export interface ApiWorld {
  labs: Record<DemoLabCode, number>;
  models: Record<string, number>;
  equipment: Record<string, number>;
}

/**
 * The demo set-up without the 60 days of history (fast): labs, models with checklists, the demo
 * users with their directory groups and in-app grants, and the fleet, whose creation generates
 * the current period's records. Built with the seed's own building blocks and the services.
 */
export async function buildApiWorld(db: Db): Promise<ApiWorld> {
  const clock = fixedClock(new Date(Date.now() - 3600_000));
  const ada = DEMO_USERS.find((u) => u.upn.startsWith("ada."))!;
  const adaUser = await registerUser(db, clock, { aadObjectId: ada.aadObjectId, upn: ada.upn, displayName: ada.displayName, email: ada.upn }, "TAB");
  const admin = serviceContext(db, await loadPrincipal(db, adaUser, [{ labId: null, role: "ADMINISTRATOR" }]), "TAB", clock);
  const labs = await createDemoLabs(admin, clock);
  const models = await createDemoModels(admin, clock);
  const cast = await castDemoUsers(db, clock, labs);
  const managers = { BOS: cast["marie.manager"]!.as("TAB", "BOS"), SFO: cast["marie.manager"]!.as("TAB", "SFO"), LON: cast["lena.manager"]!.as("TAB", "LON") };
  for (const model of DEMO_MODELS) await setModelFrequencies(admin, models[model.code], Object.keys(model.tasks));
  const equipment = await createDemoFleet(managers, clock, labs, models, seededRandom(7), clock.now().toISOString().slice(0, 10));
  await db.user.update({ where: { id: adaUser.id }, data: { primaryLabId: labs.BOS } });
  // The current period's records of every lab (creating equipment may already have made them).
  await generateCurrentPeriod(db, systemClock);
  return { labs, models, equipment };
}
