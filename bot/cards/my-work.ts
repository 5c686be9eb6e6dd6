import type { WorkItem } from "../../domain/assignment/my-work.ts";
import { dueByEndOf, recordClock } from "../../domain/time/format.ts";
import { card, heading, literal, openUrl, subtle, text } from "./common.ts";
import type { Card } from "./types.ts";

const REASON: Record<WorkItem["reason"], string> = { assigned: "Assigned to you", responsible: "You are responsible", deputy: "You are the deputy" };

/** The `my` command: the user's own due and overdue records, earliest due first, each linking to its checklist. */
export function myWorkCard(items: WorkItem[], total: number, now: Date, recordUrl: (id: number) => string): Card {
  const overdue = items.filter((i) => i.record.overdue).length;
  const body: Record<string, unknown>[] = [heading("My work"), text(`${total} to do · ${overdue} overdue`, { weight: "Bolder" })];
  if (items.length === 0) body.push(text("Nothing is assigned to you or due on instruments you answer for."));
  for (const { record: r, reason } of items.slice(0, 15)) {
    const what = r.equipment.location ? `${r.equipment.assetTag} · ${r.equipment.location}` : r.equipment.assetTag;
    body.push({
      type: "ColumnSet",
      separator: true,
      selectAction: { type: "Action.OpenUrl", url: recordUrl(r.id) },
      columns: [
        {
          type: "Column",
          width: "stretch",
          items: [
            text(`**${r.number}** · ${literal(what)}`),
            subtle(`Due ${dueByEndOf(r.dueAt, recordClock(r), now)} · ${REASON[reason]}`),
            text(r.overdue ? "Overdue" : "Due", { color: r.overdue ? "Attention" : "Default", weight: "Bolder", size: "Small", spacing: "None" }),
          ],
        },
      ],
    });
  }
  if (items.length > 15) body.push(subtle(`and ${items.length - 15} more in Labkeep`));
  return card(body, items[0] ? [openUrl("Open the first", recordUrl(items[0].record.id))] : []);
}
