/**
 * The report "open corrective actions with ageing" (R-QUAR): per lab, how many corrective actions
 * are open, how long they have been open (age bands), and how many are past their due day, with
 * the actions themselves, oldest first. Ages and "overdue" come from the CA's own view
 * (corrective.view.ts `ageing`: lab calendar days), so the report, the CA list and its CSV agree.
 * Reports are the "audit" area of the policy (scope.ts).
 */
import type { ServiceContext } from "../context.ts";
import { caInclude, caView } from "../corrective/corrective.view.ts";
import type { Prisma } from "../db/generated/client.ts";
import { parseInput } from "../input.ts";
import { ageingQuerySchema, type AgeingQuery } from "./report.schemas.ts";
import { checkLabFilter, FILTERS_INVALID, reportScope, type ReportAction } from "./scope.ts";
import { ageBand, type CaAgeBand } from "./ca-bands.ts";

export { CA_AGE_BANDS, ageBand, type CaAgeBand } from "./ca-bands.ts";

export interface OpenCaItem {
  id: number;
  number: string;
  equipmentId: number;
  assetTag: string;
  modelName: string;
  /** The instrument's status now: OUT_OF_SERVICE while quarantined. */
  equipmentStatus: string;
  problem: string;
  /** What opened it: a failed check's record number, or an out-of-tolerance calibration's date. */
  trigger: string;
  assignee: string | null;
  openedAt: string;
  /** The lab-local due day, and the instant it ends (read "by end of Dec 3 (BOS time)"). */
  dueOn: string;
  dueAt: string;
  ageDays: number;
  band: CaAgeBand;
  overdue: boolean;
}

export interface OpenCaLabRow extends Record<CaAgeBand, number> {
  labId: number;
  labCode: string;
  labName: string;
  timeZone: string;
  open: number;
  /** Open, due day not yet passed (lab-local). */
  notYetDue: number;
  overdue: number;
  quarantined: number;
  oldestAgeDays: number;
  items: OpenCaItem[];
}

export interface OpenCaReport {
  generatedAt: string;
  rows: OpenCaLabRow[];
  totals: Omit<OpenCaLabRow, "labId" | "labCode" | "labName" | "timeZone" | "items">;
}

const emptyCounts = () => ({ open: 0, notYetDue: 0, overdue: 0, quarantined: 0, oldestAgeDays: 0, days0To7: 0, days8To30: 0, days31To90: 0, over90Days: 0 });

function count(into: ReturnType<typeof emptyCounts>, item: OpenCaItem): void {
  into.open++;
  into[item.band]++;
  if (item.overdue) into.overdue++;
  else into.notYetDue++;
  if (item.equipmentStatus === "OUT_OF_SERVICE") into.quarantined++;
  into.oldestAgeDays = Math.max(into.oldestAgeDays, item.ageDays);
}

/** Open corrective actions of the labs in the reader's report scope (or one lab), by lab, oldest first. */
export async function openCorrectiveActionsReport(ctx: ServiceContext, input: AgeingQuery = {}, action: ReportAction = "view"): Promise<OpenCaReport> {
  const scope = reportScope(ctx, action);
  const query = parseInput(ageingQuerySchema, input, FILTERS_INVALID);
  checkLabFilter(ctx, action, query.labId);
  const now = ctx.clock.now();
  const where: Prisma.CorrectiveActionWhereInput = { status: "OPEN", ...(query.labId !== undefined ? { labId: query.labId } : scope === "all" ? {} : { labId: { in: [...scope] } }) };
  const cas = await ctx.db.correctiveAction.findMany({ where, include: { ...caInclude, lab: { select: { id: true, code: true, name: true, timeZone: true } } }, orderBy: [{ openedAt: "asc" }, { id: "asc" }] });
  const rows = new Map<number, OpenCaLabRow>();
  const totals = emptyCounts();
  for (const ca of cas) {
    const view = caView(ca, now);
    const item: OpenCaItem = {
      id: view.id,
      number: view.number,
      equipmentId: view.equipment.id,
      assetTag: view.equipment.assetTag,
      modelName: view.equipment.modelName,
      equipmentStatus: view.equipment.status,
      problem: view.problem,
      trigger: view.triggerRecord ? `Failed check ${view.triggerRecord.number}` : view.triggerCalibration ? `Calibration of ${view.triggerCalibration.calibratedOn}` : "",
      assignee: view.assignee?.displayName ?? null,
      openedAt: view.openedAt.toISOString(),
      dueOn: view.dueOn,
      dueAt: view.dueAt.toISOString(),
      ageDays: view.ageDays,
      band: ageBand(view.ageDays),
      overdue: view.overdue,
    };
    let row = rows.get(ca.labId);
    if (!row) {
      row = { labId: ca.lab.id, labCode: ca.lab.code, labName: ca.lab.name, timeZone: ca.lab.timeZone, ...emptyCounts(), items: [] };
      rows.set(ca.labId, row);
    }
    row.items.push(item);
    count(row, item);
    count(totals, item);
  }
  return { generatedAt: now.toISOString(), rows: [...rows.values()].sort((a, b) => a.labCode.localeCompare(b.labCode)), totals };
}
