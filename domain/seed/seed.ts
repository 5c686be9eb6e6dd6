import { writeAudit } from "../audit/audit.service.ts";
import { systemActor } from "../audit/events.ts";
import { fixedClock, type Clock } from "../clock.ts";
import { serviceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import { localDateOf } from "../periods/periods.ts";
import { updateUser } from "../user/user.service.ts";
import { findUserByAadObjectId, loadPrincipal, registerUser } from "../user/user.identity.ts";
import { playHistory } from "./history.ts";
import { DEMO_LABS, DEMO_USERS, type DemoLabCode } from "./identities.ts";
import { castDemoUsers } from "./people.ts";
import { seededRandom } from "./random.ts";
import { createDemoFleet, createDemoLabs, createDemoModels, enableDemoFrequencies } from "./setup.ts";
import { seedSummary, type SeedSummary } from "./summary.ts";

export type { SeedSummary } from "./summary.ts";

/** Days of simulated history before `now`. */
export const HISTORY_DAYS = 60;
const DAY_MS = 86_400_000;
const PRNG_SEED = 0x1ab_c0de;

export interface SeedOptions {
  /** The end of the demo history ("today"); the story starts HISTORY_DAYS before it. */
  now: Date;
  /** Time of the final `data.seeded` audit event; `now` when absent. */
  clock?: Clock;
}

/** Nothing in it yet: no lab, no user, no model (what `npm start` checks before seeding). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [labs, users, models] = await Promise.all([db.lab.count(), db.user.count(), db.equipmentModel.count()]);
  return labs + users + models === 0;
}

/**
 * Loads the demo data (docs/demo-data.md): three labs, their models, fleet and users, and 60 days
 * of history played through the domain services, so every row has its audit event and the
 * chain verifies. Deterministic for a given `now`. Call it on an empty database only.
 * Accepts a Clock instead of options (then `now` is the clock's time).
 */
export async function seedDemoData(db: Db, options: SeedOptions | Clock): Promise<SeedSummary> {
  const started = performance.now();
  const now = typeof options.now === "function" ? (options as Clock).now() : (options as SeedOptions).now;
  const finalClock = typeof options.now === "function" ? (options as Clock) : ((options as SeedOptions).clock ?? fixedClock(now));
  const random = seededRandom(PRNG_SEED);
  // Set-up happens on the first morning, 08:00 in Boston.
  const start = new Date(Date.parse(`${new Date(now.getTime() - HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10)}T13:00:00Z`));
  const clock = fixedClock(start);

  const ada = DEMO_USERS.find((u) => u.groups.some((g) => g.role === "ADMINISTRATOR"))!;
  const adaUser = (await findUserByAadObjectId(db, ada.aadObjectId)) ?? (await registerUser(db, clock, { aadObjectId: ada.aadObjectId, upn: ada.upn, displayName: ada.displayName, email: ada.upn }, "TAB"));
  const admin = serviceContext(db, await loadPrincipal(db, adaUser, [{ labId: null, role: "ADMINISTRATOR" }]), "TAB", clock);
  const labs = await createDemoLabs(admin, clock);
  await updateUser(admin, adaUser.id, { primaryLabId: labs[ada.primaryLab] });
  const models = await createDemoModels(admin, clock);
  const cast = await castDemoUsers(db, clock, labs);
  const managers = { BOS: cast["marie.manager"]!.as("TAB", "BOS"), SFO: cast["marie.manager"]!.as("TAB", "SFO"), LON: cast["lena.manager"]!.as("TAB", "LON") } satisfies Record<DemoLabCode, unknown>;
  const equipment = await createDemoFleet(managers, clock, labs, models, random, localDateOf(start, DEMO_LABS[0].timeZone));
  await enableDemoFrequencies(admin, clock, models);
  await playHistory({ db, cast, labs, equipment, clock, random, start, now });

  const summary = await seedSummary(db, now, Math.round(performance.now() - started));
  await db.$transaction((tx) => writeAudit(tx, systemActor("SYSTEM", "Demo data"), finalClock.now(), { action: "data.seeded", entityId: "demo", after: { ...summary } }));
  return summary;
}
