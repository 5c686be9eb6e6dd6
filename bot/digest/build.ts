import { DateTime } from "luxon";
import { digestGroups, type DigestKind } from "../../domain/installation/digest.query.ts";
import type { LabInfo } from "../../domain/installation/installation.service.ts";
import { digestCard } from "../cards/digest.ts";
import type { Card } from "../cards/types.ts";
import { links, type BotDeps } from "../context.ts";

export type { DigestKind };

/** Rows shown per frequency; the rest are counted and reached through the tab. */
export const ROWS_PER_GROUP = 5;

const TITLES: Record<DigestKind, string> = { digest: "Daily maintenance digest", overdue: "Overdue checklists", today: "Checklists due today" };

/**
 * The digest card for some labs at `now`: a lab channel's daily digest, a technician's personal
 * digest of their labs, or the answer to a chat command. Each lab's "today" ends at its own
 * local midnight (domain/record/status.ts); the subtitle's date is the first lab's.
 */
export async function buildDigestCard(deps: Pick<BotDeps, "db" | "settings">, labs: readonly LabInfo[], now: Date, kind: DigestKind, refresh: { data: Record<string, unknown>; userIds: string[] } | null): Promise<Card> {
  const zone = labs[0]?.timeZone ?? "UTC";
  const groups = await digestGroups(deps.db, labs.map((l) => l.id), now, kind, ROWS_PER_GROUP);
  const where = labs.length === 1 ? labs[0]!.name : labs.length === 0 ? "No lab" : labs.map((l) => l.code).join(", ");
  const link = links(deps.settings).list(labs.length === 1 ? labs[0]!.id : null, kind === "overdue" ? "overdue" : "open");
  return digestCard({
    title: TITLES[kind],
    subtitle: `${DateTime.fromJSDate(now, { zone }).toFormat("cccc, d LLLL yyyy")} · ${where}`,
    timeZone: zone,
    groups,
    listUrl: link,
    refresh: refresh ? { verb: "digest.refresh", data: { ...refresh.data, kind }, userIds: refresh.userIds } : null,
  });
}
