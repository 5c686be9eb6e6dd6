import type { ServiceContext } from "../context.ts";
import { csvFile } from "../report/csv.ts";
import { sortableLabTime } from "../time/format.ts";
import { listCorrectiveActions } from "./corrective.service.ts";
import { ListCorrectiveActionsQuery } from "./corrective.schemas.ts";
import { parseInput } from "../input.ts";
import { requireScope } from "../access/guard.ts";

/** The report "open corrective actions with ageing" as CSV: the list's rows (every page), times sortable in the row's lab's time. */
export async function openCorrectiveActionsCsv(ctx: ServiceContext, query: unknown = {}): Promise<{ filename: string; body: Buffer }> {
  const q = parseInput(ListCorrectiveActionsQuery, query ?? {});
  requireScope(ctx, "correctiveAction", "export", q.labId);
  const rows: (string | number)[][] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listCorrectiveActions(ctx, { ...q, page, pageSize: 200 });
    for (const ca of items) {
      rows.push([
        ca.lab.code,
        ca.number,
        ca.equipment.assetTag,
        ca.status === "OPEN" ? "Open" : "Closed",
        ca.problem,
        ca.assignee?.displayName ?? "",
        sortableLabTime(ca.openedAt, ca.lab.timeZone),
        ca.dueOn,
        ca.ageDays,
        ca.overdue ? "yes" : "no",
        ca.closedAt ? sortableLabTime(ca.closedAt, ca.lab.timeZone) : "",
      ]);
    }
    if (page * 200 >= total) break;
  }
  const headers = ["Lab", "Corrective action", "Asset tag", "Status", "Problem", "Assigned to", "Opened (lab time)", "Due (lab day)", "Age (days)", "Overdue", "Closed (lab time)"];
  return { filename: `corrective-actions-${q.status}.csv`, body: csvFile(headers, rows) };
}
