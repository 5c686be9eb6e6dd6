import { fixedClock } from "../../domain/clock.ts";
import { serviceContext } from "../../domain/context.ts";
import type { Db } from "../../domain/db/client.ts";
import { generateRecords } from "../../domain/generator/generator.ts";
import { DEMO_LABS, DEMO_USERS, type DemoLabCode } from "../../domain/seed/identities.ts";
import { castDemoUsers } from "../../domain/seed/people.ts";
import { seededRandom } from "../../domain/seed/random.ts";
import { createDemoFleet, createDemoLabs, createDemoModels, enableDemoFrequencies } from "../../domain/seed/setup.ts";
import { loadPrincipal, registerUser } from "../../domain/user/user.service.ts";

export const DAY_MS = 86_400_000;

/**
 * The demo labs, models, fleet and users (without the 60 days of history, which take minutes),
 * with records generated on `start` and again on `now`: yesterday's daily checklists are overdue.
 */
export async function demoFixture(db: Db, now: Date): Promise<{ labs: Record<DemoLabCode, number> }> {
  const start = new Date(now.getTime() - DAY_MS);
  const clock = fixedClock(new Date(start.getTime() - 3_600_000));
  const ada = DEMO_USERS[0]!;
  const adaUser = await registerUser(db, clock, { aadObjectId: ada.aadObjectId, upn: ada.upn, displayName: ada.displayName, email: ada.upn }, "TAB");
  const admin = serviceContext(db, await loadPrincipal(db, adaUser, [{ labId: null, role: "ADMINISTRATOR" }]), "TAB", clock);
  const labs = await createDemoLabs(admin, clock);
  const models = await createDemoModels(admin, clock);
  const cast = await castDemoUsers(db, clock, labs);
  const managers = { BOS: cast["marie.manager"]!.as("TAB", "BOS"), SFO: cast["marie.manager"]!.as("TAB", "SFO"), LON: cast["lena.manager"]!.as("TAB", "LON") };
  const today = start.toISOString().slice(0, 10);
  await createDemoFleet(managers, clock, labs, models, seededRandom(7), today);
  await enableDemoFrequencies(admin, clock, models);
  await generateRecords(db, { now: start });
  await generateRecords(db, { now });
  return { labs };
}

export const demoUser = (handle: string) => DEMO_USERS.find((u) => u.upn.startsWith(`${handle}@`))!;
export const demoLab = (code: DemoLabCode) => DEMO_LABS.find((l) => l.code === code)!;
