import { calibrationCounts } from "../../domain/calibration/calibration.list.ts";
import { digestGroups, type DigestKind } from "../../domain/installation/digest.query.ts";
import type { LabInfo } from "../../domain/installation/installation.service.ts";
import { UTC_CLOCK, weekdayDate } from "../../domain/time/format.ts";
import { digestCard } from "../cards/digest.ts";
import { refToWire } from "../cards/digest-ref.ts";
import type { Card, DigestRef } from "../cards/types.ts";
import { links, type BotDeps } from "../context.ts";

export type { DigestKind };

/** Rows shown per frequency; the rest are counted and reached through the tab. */
export const ROWS_PER_GROUP = 5;

const TITLES: Record<DigestKind, string> = { digest: "Daily maintenance digest", overdue: "Overdue checklists", today: "Checklists due today" };

export interface DigestView {
  /** The one lab asked for; none for all the reader's labs. */
  labId?: number;
  /** When the digest was first drawn: drawn again later, it keeps those rows (done ones marked). */
  shownAt?: Date;
  /** Users whose card Teams refreshes (digest.refresh); none for no refresh. */
  userIds: string[];
}

/** What the card's refresh and its rows' Open buttons carry to draw this digest again. */
export function digestRef(kind: DigestKind, view: Pick<DigestView, "labId" | "shownAt">, now: Date): DigestRef {
  // Whole seconds, as the card carries it (digest-ref.ts).
  const at = new Date(Math.floor((view.shownAt ?? now).getTime() / 1000) * 1000);
  return { ...(view.labId === undefined ? {} : { labId: view.labId }), kind, at: at.toISOString() };
}

/**
 * The digest card for some labs at `now`: a lab channel's daily digest, a technician's personal
 * digest of their labs, or the answer to a chat command. Each lab's "today" ends at its own
 * local midnight (domain/record/status.ts) and each row's due day reads in its own lab's zone;
 * the subtitle's date is the first lab's.
 */
export async function buildDigestCard(deps: Pick<BotDeps, "db" | "settings">, labs: readonly LabInfo[], now: Date, kind: DigestKind, view: DigestView): Promise<Card> {
  const clock = labs[0] ?? UTC_CLOCK;
  const shownAt = view.shownAt ?? now;
  const groups = await digestGroups(deps.db, labs.map((l) => l.id), now, kind, ROWS_PER_GROUP, shownAt);
  // The daily digest also counts the calibration register's work for the same labs, at the same instant.
  const calibration = kind === "digest" ? await calibrationTotals(deps, labs, shownAt) : undefined;
  const where = labs.length === 1 ? labs[0]!.name : labs.length === 0 ? "No lab" : labs.map((l) => l.code).join(", ");
  const link = links(deps.settings).list(labs.length === 1 ? labs[0]!.id : null, kind === "overdue" ? "overdue" : "open");
  const ref = digestRef(kind, view, now);
  return digestCard({
    title: TITLES[kind],
    subtitle: `${weekdayDate(shownAt, clock)} · ${where}`,
    timeZone: clock.timeZone,
    groups,
    now,
    ref,
    listUrl: link,
    refresh: view.userIds.length > 0 ? { verb: "digest.refresh", data: { ...refToWire(ref) }, userIds: view.userIds } : null,
    calibration,
  });
}

async function calibrationTotals(deps: Pick<BotDeps, "db">, labs: readonly LabInfo[], at: Date) {
  const counts = await Promise.all(labs.map((l) => calibrationCounts(deps.db, l.id, at)));
  return counts.reduce((sum, c) => ({ dueThisWeek: sum.dueThisWeek + c.dueThisWeek, overdue: sum.overdue + c.overdue, outOfTolerance: sum.outOfTolerance + c.outOfTolerance }), { dueThisWeek: 0, overdue: 0, outOfTolerance: 0 });
}
