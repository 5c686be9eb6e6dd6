/**
 * The demo's second-person review (R-REVIEW) and electronic signatures (R-SIGN), in LON
 * (docs/demo-data.md, "Review and signatures in LON"):
 *
 * - Day 2, 09:30: Ada (only an Administrator may change a lab or a model) switches on *Require
 *   second-person review* for LON at Lena's request, and sets the −80 °C freezer model to *Never
 *   required* (its daily reading is watched by the alarm system): `lab.updated`, `model.updated`.
 * - From then on every LON checklist that needs review is completed in the tab and signed by its
 *   performer (PERFORMED, with their PIN: history.ts).
 * - Each working day at 17:15 (LON time) Lena reviews the records awaiting review, oldest first,
 *   and signs each one (REVIEWED, with her PIN), leaving the newest three of her queue for the
 *   next round. Records she completed or amended herself are reviewed by Ada: never the performer.
 * - From day 5 the first round with a failed check of Theo's returns it to him instead of
 *   reviewing it (what was done about it?; from day 30 any record of his will do); he corrects the
 *   comment the next working morning, resubmits and signs again, and the next round reviews it.
 * - The first round from day 56 returns another of Theo's records (the logbook page is missing),
 *   which still waits for him (Reviews → Returned to me).
 * - At the end at most MAX_WAITING records wait in Lena's queue (the last round and what was
 *   completed since): between KEEP and MAX_WAITING.
 *
 * No PRNG draw: the rest of the demo data is the same as without this story.
 */
import { DateTime } from "luxon";
import type { Db } from "../db/client.ts";
import { isAppError } from "../errors.ts";
import { updateLab } from "../lab/lab.service.ts";
import { updateModel } from "../model/model.service.ts";
import { signRecordPerformed } from "../record/record.service.ts";
import { resubmitRecord, returnRecord, reviewRecord } from "../review/review.service.ts";
import { reviewRequired } from "../review/review.view.ts";
import { DEMO_LABS, type DemoLabCode } from "./identities.ts";
import type { StoryEvent, StoryWorld } from "./story.ts";

/** The lab that requires review, the model it exempts, and who reviews there. */
export const REVIEW_LAB = "LON" satisfies DemoLabCode;
export const EXEMPT_MODEL = "FRZ";
const MANAGER = "lena.manager";
const STANDIN = "ada.admin";
const PERFORMER = "theo.tech";

/** Lena leaves the newest few of her queue for the next round; at the end no more than MAX_WAITING wait. */
export const KEEP = 3;
export const MAX_WAITING = 6;
const FIRST_RETURN_DAY = 5;
const LAST_RETURN_DAY = 56;
const REVIEW_EVERY_MS = 3 * 60_000;

const zone: string = DEMO_LABS.find((l) => l.code === REVIEW_LAB)!.timeZone;

export const RETURN_FAILED = {
  reason: "Out-of-limit result: say what was done about it and whether the instrument was used afterwards.",
  note: "Added what was done after the out-of-limit result.",
  comment: "Re-checked the next morning: within limits. No samples were run in between.",
};
export const RETURN_LOGBOOK = { reason: "Please add the page of the paper logbook where this check is also recorded." };
export const RETURN_CONFIRM = {
  reason: "Please confirm the results against the instrument's own log and say so in the comment.",
  note: "Results confirmed against the instrument's log.",
  comment: "Results confirmed against the instrument's own log.",
};

/**
 * The review settings as the database holds them, so the history knows which completions need
 * review (and are signed). Also what the story decided so far (the two returns).
 */
export class DemoReview {
  private labs = new Map<number, boolean>();
  private models = new Map<number, boolean | null>();
  /** Returned, then resubmitted; the one still returned. */
  resubmitted: number | null = null;
  waiting: number | null = null;

  async refresh(db: Db): Promise<void> {
    const [labs, models] = await Promise.all([db.lab.findMany({ select: { id: true, reviewRequired: true } }), db.equipmentModel.findMany({ select: { id: true, reviewRequired: true } })]);
    this.labs = new Map(labs.map((l) => [l.id, l.reviewRequired]));
    this.models = new Map(models.map((m) => [m.id, m.reviewRequired]));
  }

  /** Will a record of this lab and model await review once completed (review.view.ts's rule)? */
  requires(labId: number, modelId: number): boolean {
    return reviewRequired({ reviewRequired: this.labs.get(labId) ?? false }, { reviewRequired: this.models.get(modelId) ?? null });
  }
}

async function requireReview(w: StoryWorld): Promise<void> {
  const admin = w.cast[STANDIN]!.as("TAB", REVIEW_LAB);
  await updateLab(admin, w.labs[REVIEW_LAB], { reviewRequired: true });
  const freezer = await w.db.equipmentModel.findFirstOrThrow({ where: { equipment: { some: { assetTag: `${REVIEW_LAB}-${EXEMPT_MODEL}-001` } } }, select: { id: true } });
  await updateModel(admin, freezer.id, { reviewRequired: false, reason: "Daily −80 °C readings are watched by the alarm system; LON asked to exempt them from second-person review" });
  await w.review.refresh(w.db);
}

/** Ignores a decision someone else made first (the record is no longer awaiting review). */
async function unlessDecided(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isAppError(error) || error.code !== "conflict") throw error;
  }
}

/** LON's records awaiting review, oldest completion first, with who amended them. */
function awaitingInLab(w: StoryWorld) {
  return w.db.pmRecord.findMany({
    where: { labId: w.labs[REVIEW_LAB], status: "COMPLETED", reviewState: "AWAITING" },
    orderBy: [{ completedAt: "asc" }, { id: "asc" }],
    select: { id: true, completedById: true, result: true, comment: true, reviewReason: true, amendments: { select: { actorId: true } } },
  });
}

type Awaiting = Awaited<ReturnType<typeof awaitingInLab>>[number];

/** Lena reviews, unless she completed or amended the record: then Ada does (never the performer). */
function review(w: StoryWorld, record: Awaiting): Promise<void> {
  const lena = w.cast[MANAGER]!;
  const reviewer = record.completedById === lena.id || record.amendments.some((a) => a.actorId === lena.id) ? w.cast[STANDIN]! : lena;
  const note =
    record.reviewReason ? "Amendment checked against the instrument log."
    : record.amendments.length > 0 ? "Correction checked: done as asked."
    : record.result === "FAIL" ? "Out-of-limit result followed up with the technician."
    : undefined;
  return unlessDecided(() => reviewRecord(reviewer.signing("TAB", REVIEW_LAB), record.id, note ? { comment: note } : {}));
}

/** One of Lena's rounds: what it reviews, what it returns, what it leaves for the next one. */
async function round(w: StoryWorld, day: number): Promise<void> {
  const at = w.clock.now();
  if (DateTime.fromJSDate(at, { zone }).weekday > 5) return;
  const lena = w.cast[MANAGER]!;
  const awaiting = await awaitingInLab(w);
  const hers = awaiting.filter((r) => r.completedById !== lena.id);
  const left = new Set(hers.slice(-KEEP).map((r) => r.id));
  const due = awaiting.filter((r) => !left.has(r.id));
  const theos = due.filter((r) => r.completedById === w.cast[PERFORMER]!.id && r.reviewReason === null && r.amendments.length === 0);

  let returned: { id: number; how: { reason: string; note?: string; comment?: string } } | null = null;
  const failed = theos.find((r) => r.result === "FAIL");
  // A failed check makes the better story; from day 30 without one, any record will do.
  if (w.review.resubmitted === null && day >= FIRST_RETURN_DAY && (failed || (day >= 30 && theos.length > 0))) {
    returned = { id: (failed ?? theos[0]!).id, how: failed ? RETURN_FAILED : RETURN_CONFIRM };
    w.review.resubmitted = returned.id;
  } else if (w.review.waiting === null && w.review.resubmitted !== null && day >= LAST_RETURN_DAY && theos.length > 0) {
    returned = { id: theos[0]!.id, how: RETURN_LOGBOOK };
    w.review.waiting = returned.id;
  }

  let step = 0;
  for (const record of due) {
    const when = new Date(at.getTime() + step++ * REVIEW_EVERY_MS);
    if (record.id !== returned?.id) {
      w.schedule(when, `review ${record.id}`, () => review(w, record));
      continue;
    }
    const { how } = returned;
    w.schedule(when, `return ${record.id}`, () => unlessDecided(() => returnRecord(lena.as("TAB", REVIEW_LAB), record.id, { reason: how.reason })));
    if (!how.note || !how.comment) continue;
    // Theo corrects the comment the next working morning, resubmits, and signs the corrected record.
    let next = DateTime.fromJSDate(at, { zone }).plus({ days: 1 });
    while (next.weekday > 5) next = next.plus({ days: 1 });
    const morning = next.set({ hour: 9, minute: 40 }).toJSDate();
    const theo = w.cast[PERFORMER]!;
    const comment = record.comment ? `${record.comment} ${how.comment}` : how.comment;
    const note = how.note;
    w.schedule(morning, `resubmit ${record.id}`, () => resubmitRecord(theo.as("TAB", REVIEW_LAB), record.id, { note, comment }));
    w.schedule(new Date(morning.getTime() + 60_000), `sign ${record.id}`, () => signRecordPerformed(theo.signing("TAB", REVIEW_LAB), record.id));
  }
}

/** Ada's settings, then one round a day at 17:15 (weekdays; the round itself checks). */
export const REVIEW_STORY: StoryEvent[] = [
  { day: 2, time: "09:30", lab: REVIEW_LAB, label: "LON requires second-person review", run: requireReview },
  ...Array.from({ length: 58 }, (_, i): StoryEvent => ({ day: i + 3, time: "17:15", lab: REVIEW_LAB, label: `review round day ${i + 3}`, run: (w) => round(w, i + 3) })),
];

/**
 * After the last step of the history (at `now`): when more than MAX_WAITING records of others
 * wait in Lena's queue (a busy weekend), she reviews the oldest of them.
 */
export async function settleQueue(w: StoryWorld): Promise<void> {
  const lena = w.cast[MANAGER]!;
  const hers = (await awaitingInLab(w)).filter((r) => r.completedById !== lena.id);
  for (const record of hers.slice(0, Math.max(0, hers.length - MAX_WAITING))) await review(w, record);
}
