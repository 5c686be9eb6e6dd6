import { card, execute, heading, localTime, openUrl, subtle, text } from "./common.ts";
import { FREQUENCY_LABEL, type Card, type DigestData, type RecordRow } from "./types.ts";

function countLine(overdue: number, dueToday: number): string {
  return `${overdue} overdue · ${dueToday} due today`;
}

function row(r: RecordRow): Record<string, unknown> {
  return {
    type: "ColumnSet",
    spacing: "Small",
    selectAction: execute("Open checklist", "record.open", { recordId: r.id }),
    columns: [
      { type: "Column", width: "auto", items: [text(r.number, { weight: "Bolder" })] },
      {
        type: "Column",
        width: "stretch",
        items: [text(r.location ? `${r.equipment} · ${r.location}` : r.equipment), subtle(`due ${localTime(r.dueAt, r.timeZone)}`)],
      },
      { type: "Column", width: "auto", items: [text(r.overdue ? "Overdue" : "Due today", { color: r.overdue ? "Attention" : "Warning", size: "Small" })] },
    ],
  };
}

/**
 * The daily digest (and the answer to "overdue" / "due today"): the true counts per frequency
 * whatever is listed, the oldest rows of what was asked first, each row opening its checklist in the card, and a link to the full list.
 */
export function digestCard(data: DigestData): Card {
  const overdue = data.groups.reduce((n, g) => n + g.overdue, 0);
  const dueToday = data.groups.reduce((n, g) => n + g.dueToday, 0);
  const body: Record<string, unknown>[] = [heading(data.title), subtle(data.subtitle), text(countLine(overdue, dueToday), { weight: "Bolder" })];
  if (overdue + dueToday === 0) body.push(text("Nothing is overdue or due today."));
  for (const group of data.groups) {
    const total = group.overdue + group.dueToday;
    if (total === 0) continue;
    const items: Record<string, unknown>[] = [text(`${FREQUENCY_LABEL[group.frequency]} — ${countLine(group.overdue, group.dueToday)}`, { weight: "Bolder" })];
    for (const r of group.rows) items.push(row(r));
    if (group.listed > group.rows.length) items.push(subtle(`and ${group.listed - group.rows.length} more in Labkeep`));
    body.push({ type: "Container", separator: true, spacing: "Medium", items });
  }
  return card(body, [openUrl("Open the full list", data.listUrl)], data.refresh);
}
