import { DateTime } from "luxon";
import type { Clock } from "../clock.ts";
import type { Frequency } from "../db/generated/enums.ts";
import { isAppError } from "../errors.ts";
import { generateRecords } from "../generator/generator.ts";
import { completeRecord } from "../record/record.service.ts";
import { answerChecklist, checklistKey, loadChecklists } from "./answers.ts";
import { DEMO_LABS, type DemoLabCode } from "./identities.ts";
import type { Cast, Person } from "./people.ts";
import { completionComment, completionTime } from "./plan.ts";
import type { Random } from "./random.ts";
import { CALIBRATION_STORY } from "./calibration.ts";
import { DemoReview, REVIEW_STORY, settleQueue } from "./reviews.ts";
import { DEMO_STORY, storyTime, type StoryWorld } from "./story.ts";
import { Timeline } from "./timeline.ts";

/** Probability that a completed record has one failed answer (a reading out of limits, a check not done). */
export const FAIL_RATE = 0.035;

/** Who does the checklists of each lab: its technicians mostly, its manager now and then. */
const CREW: Record<DemoLabCode, { technicians: [string, number][]; manager: string }> = {
  BOS: { technicians: [["tom.tech", 6], ["dan.disabled", 2], ["theo.tech", 2]], manager: "marie.manager" },
  SFO: { technicians: [["tara.tech", 1]], manager: "marie.manager" },
  LON: { technicians: [["theo.tech", 1]], manager: "lena.manager" },
};

export interface HistoryWorld extends Omit<StoryWorld, "schedule" | "review"> {
  clock: Clock & { set(at: Date): void };
  random: Random;
  start: Date;
  now: Date;
}

interface NewRecord {
  id: number;
  labId: number;
  frequency: Frequency;
  periodStart: Date;
  dueAt: Date;
  createdAt: Date;
  equipment: { modelId: number };
}

function pickCompleter(cast: Cast, lab: DemoLabCode, random: Random): Person {
  const crew = CREW[lab];
  if (random.chance(0.12)) return cast[crew.manager]!;
  const available = crew.technicians.filter(([who]) => cast[who]!.active());
  let roll = random.next() * available.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [who, weight] of available) if ((roll -= weight) < 0) return cast[who]!;
  return cast[crew.manager]!;
}

/**
 * Plays 60 days forward: each lab's scheduled generation just after its local midnight, the
 * story's events, and every record's completion at its planned time, all through the domain
 * services with the clock set to the moment they happen, so the audit trail tells the story.
 */
export async function playHistory(world: HistoryWorld): Promise<{ completed: number }> {
  const { db, cast, labs, random, now } = world;
  const zoneOf = new Map(DEMO_LABS.map((lab) => [labs[lab.code], lab.timeZone]));
  const codeOf = new Map(DEMO_LABS.map((lab) => [labs[lab.code], lab.code as DemoLabCode]));
  const checklists = await loadChecklists(db);
  const timeline = new Timeline();
  const review = new DemoReview();
  await review.refresh(db);
  const story: StoryWorld = {
    ...world,
    review,
    schedule: (at, label, run) => {
      if (at <= now) timeline.add({ at, label, run: async () => void (await run()) });
    },
  };
  let lastRecordId = 0;
  let completed = 0;

  const complete = async (record: NewRecord) => {
    const lab = codeOf.get(record.labId)!;
    const who = pickCompleter(cast, lab, random);
    const tasks = checklists.get(checklistKey(record.equipment.modelId, record.frequency)) ?? [];
    const { results, failed } = answerChecklist(tasks, random, FAIL_RATE);
    const source = who.demo.groups.some((g) => g.role === "TECHNICIAN") && random.chance(0.65) ? "BOT" : "TAB";
    const comment = completionComment(failed, random);
    // R-SIGN: where the record will await review, it is completed in the tab and signed with the PIN.
    const ctx = review.requires(record.labId, record.equipment.modelId) ? who.signing("TAB", lab) : who.as(source, lab);
    try {
      await completeRecord(ctx, record.id, { results, comment });
      completed++;
    } catch (error) {
      // Completed already, or closed as not required since it was planned (its equipment left service or the lab).
      if (!isAppError(error) || (error.code !== "already_completed" && error.code !== "conflict")) throw error;
    }
  };

  /** Plans the completion of records created since the last look (scheduled or on demand). */
  const discover = async () => {
    const fresh: NewRecord[] = await db.pmRecord.findMany({
      where: { id: { gt: lastRecordId } },
      select: { id: true, labId: true, frequency: true, periodStart: true, dueAt: true, createdAt: true, equipment: { select: { modelId: true } } },
      orderBy: { id: "asc" },
    });
    for (const record of fresh) {
      lastRecordId = record.id;
      const at = completionTime(record, zoneOf.get(record.labId)!, now, random);
      if (at) timeline.add({ at, label: `complete ${record.id}`, run: () => complete(record) });
    }
  };

  for (const lab of DEMO_LABS) {
    const zone = lab.timeZone;
    const first = DateTime.fromJSDate(world.start, { zone }).startOf("day");
    for (let day = first.plus({ days: 1, minutes: 5 }); day.toJSDate() <= now; day = day.plus({ days: 1 })) {
      const at = day.toJSDate();
      timeline.add({ at, label: `generate ${lab.code}`, run: async () => void (await generateRecords(db, { now: at, labIds: [labs[lab.code]] })) });
    }
  }
  for (const event of [...DEMO_STORY, ...CALIBRATION_STORY, ...REVIEW_STORY]) {
    const at = storyTime(event, world.start, DEMO_LABS.find((l) => l.code === event.lab)!.timeZone);
    if (at <= now) timeline.add({ at, label: event.label, run: () => event.run(story) });
  }

  await generateRecords(db, { now: world.start });
  await discover();
  for (let step = timeline.shift(); step; step = timeline.shift()) {
    world.clock.set(step.at);
    await step.run();
    // Completions and review decisions create no records; generation and the story's events may.
    if (!/^(complete|review|return|resubmit|sign) /.test(step.label)) await discover();
  }
  world.clock.set(now);
  await settleQueue(story);
  return { completed };
}
