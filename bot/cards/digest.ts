import { dueByEndOf } from "../../domain/time/format.ts";
import { refToWire } from "./digest-ref.ts";
import { card, heading, literal, openDialog, openUrl, subtle, text } from "./common.ts";
import { FREQUENCY_LABEL, type Card, type DigestData, type DigestRef, type RecordRow } from "./types.ts";

function countLine(overdue: number, dueToday: number): string {
  return `${overdue} overdue · ${dueToday} due today`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "3 calibrations due this week · 1 calibration overdue · 1 instrument out of tolerance"; null when all are zero. */
export function calibrationLine(c: { dueThisWeek: number; overdue: number; outOfTolerance: number }): string | null {
  const parts: string[] = [];
  if (c.dueThisWeek) parts.push(`${plural(c.dueThisWeek, "calibration")} due this week`);
  if (c.overdue) parts.push(`${plural(c.overdue, "calibration")} overdue`);
  if (c.outOfTolerance) parts.push(`${plural(c.outOfTolerance, "instrument")} out of tolerance`);
  return parts.length ? parts.join(" · ") : null;
}

/** What a row's Open button carries: the record, and the digest to update once it is completed. */
export const openData = (recordId: number, digest: DigestRef) => ({ verb: "record.open", recordId, digest: refToWire(digest) });

/**
 * One listed record. An open one has a visible Open button (a row-wide tap target is invisible on
 * phones) that opens a Teams dialog (task/fetch). Clients without dialogs send nothing for it
 * (the Agents Playground only warns), so tapping the row itself is a Universal Action that posts
 * the checklist as a message of its own. A row completed since the digest was drawn stays, marked
 * done.
 */
function row(r: RecordRow, data: DigestData): Record<string, unknown> {
  const what = r.location ? `${r.equipment} · ${r.location}` : r.equipment;
  const state = r.doneBy
    ? // Default colour, bold: Teams' light "Good" green and "Warning" yellow are hard to read on white.
      text(`✓ Done by ${literal(r.doneBy)}`, { weight: "Bolder", size: "Small", spacing: "None" })
    : text(r.overdue ? "Overdue" : "Due today", { color: r.overdue ? "Attention" : "Default", weight: "Bolder", size: "Small", spacing: "None" });
  const columns: Record<string, unknown>[] = [
    { type: "Column", width: "stretch", items: [text(`**${r.number}** · ${literal(what)}`), subtle(`Due ${dueByEndOf(r.dueAt, { code: r.labCode, timeZone: r.timeZone }, data.now)}`), state] },
  ];
  if (r.doneBy) return { type: "ColumnSet", spacing: "Small", columns };
  columns.push({ type: "Column", width: "auto", verticalContentAlignment: "Center", items: [{ type: "ActionSet", actions: [openDialog("Open", openData(r.id, data.ref))] }] });
  return { type: "ColumnSet", spacing: "Small", selectAction: { type: "Action.Execute", verb: "record.open", data: { recordId: r.id, digest: refToWire(data.ref) } }, columns };
}

/**
 * The daily digest (and the answer to "overdue" / "due today"): the true counts per frequency
 * whatever is listed, the oldest rows of what was asked first, each with its Open button, and a
 * link to the full list.
 */
export function digestCard(data: DigestData): Card {
  const overdue = data.groups.reduce((n, g) => n + g.overdue, 0);
  const dueToday = data.groups.reduce((n, g) => n + g.dueToday, 0);
  const body: Record<string, unknown>[] = [heading(data.title), subtle(data.subtitle), text(countLine(overdue, dueToday), { weight: "Bolder" })];
  if (overdue + dueToday === 0) body.push(text("Nothing is overdue or due today."));
  const calibration = data.calibration ? calibrationLine(data.calibration) : null;
  if (calibration) body.push(text(calibration, { weight: "Bolder", color: data.calibration!.overdue + data.calibration!.outOfTolerance > 0 ? "Attention" : "Default" }));
  for (const group of data.groups) {
    if (group.overdue + group.dueToday + group.rows.length === 0) continue;
    const items: Record<string, unknown>[] = [text(`${FREQUENCY_LABEL[group.frequency]} — ${countLine(group.overdue, group.dueToday)}`, { weight: "Bolder" })];
    for (const r of group.rows) items.push(row(r, data));
    const stillListed = group.rows.filter((r) => !r.doneBy).length;
    if (group.listed > stillListed) items.push(subtle(`and ${group.listed - stillListed} more in Labkeep`));
    body.push({ type: "Container", separator: true, spacing: "Medium", items });
  }
  return card(body, [openUrl("Open the full list", data.listUrl)], data.refresh);
}
