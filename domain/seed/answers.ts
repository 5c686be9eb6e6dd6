import type { Db } from "../db/client.ts";
import type { Frequency, TaskKind } from "../db/generated/enums.ts";
import type { TaskResultInput } from "../record/record.schemas.ts";
import { DEMO_MODELS, type DemoTask } from "./catalogue.ts";
import type { Random } from "./random.ts";

interface LiveTask {
  id: number;
  title: string;
  kind: TaskKind;
  min: number | null;
  max: number | null;
  sim?: DemoTask["sim"];
}

/** The active tasks of every model and frequency, read once, with the catalogue's simulation hints. */
export async function loadChecklists(db: Db): Promise<Map<string, LiveTask[]>> {
  const tasks = await db.checklistTask.findMany({
    where: { active: true },
    orderBy: [{ modelId: "asc" }, { frequency: "asc" }, { position: "asc" }, { id: "asc" }],
    include: { model: { select: { name: true } } },
  });
  const byKey = new Map<string, LiveTask[]>();
  for (const task of tasks) {
    const demo = DEMO_MODELS.find((m) => m.name === task.model.name)?.tasks[task.frequency]?.find((t) => t.title === task.title);
    const key = checklistKey(task.modelId, task.frequency);
    byKey.set(key, [...(byKey.get(key) ?? []), { id: task.id, title: task.title, kind: task.kind, min: task.min, max: task.max, sim: demo?.sim }]);
  }
  return byKey;
}

export const checklistKey = (modelId: number, frequency: Frequency): string => `${modelId}:${frequency}`;

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** A reading outside the limits: beyond the nearer limit by one to three spreads. */
function outOfLimits(task: LiveTask, random: Random): number {
  const sim = task.sim!;
  const step = sim.spread * random.int(1, 3) + 10 ** -sim.decimals;
  if (task.max !== null && (task.min === null || random.chance(0.7))) return round(task.max + step, sim.decimals);
  return round(task.min! - step, sim.decimals);
}

function inLimits(task: LiveTask, random: Random): number {
  const sim = task.sim ?? { typical: 0, spread: 0, decimals: 0 };
  for (let tries = 0; tries < 10; tries++) {
    const value = round(random.normal(sim.typical, sim.spread), sim.decimals);
    if ((task.min === null || value >= task.min) && (task.max === null || value <= task.max)) return value;
  }
  return sim.typical;
}

const TEXT_ANSWERS = ["CERT-", "SR-", "INSP-"];

/**
 * Answers to a checklist as a technician would give them: readings near their typical value,
 * checks done; with probability `failRate` one reading is out of limits (or one check not done),
 * which fails the record.
 */
export function answerChecklist(tasks: readonly LiveTask[], random: Random, failRate: number): { results: TaskResultInput[]; failed: boolean } {
  const failing = random.chance(failRate) ? random.int(0, tasks.length - 1) : -1;
  const results = tasks.map((task, index): TaskResultInput => {
    const fail = index === failing;
    switch (task.kind) {
      case "READING":
        return fail && task.sim
          ? { taskId: task.id, reading: outOfLimits(task, random), note: "Out of range; repeated the measurement, same value. Manager informed." }
          : { taskId: task.id, reading: inLimits(task, random) };
      case "CHECK":
        return fail ? { taskId: task.id, outcome: "NOT_DONE", note: "Could not be done today; follow-up raised." } : { taskId: task.id, outcome: "DONE" };
      case "TEXT":
        return { taskId: task.id, text: `${random.pick(TEXT_ANSWERS)}${random.int(10000, 99999)}` };
    }
  });
  return { results, failed: failing >= 0 && (tasks[failing]!.kind !== "TEXT") };
}
