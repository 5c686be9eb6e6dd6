import { requireSomeLab } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { labScope, type LabScope } from "../policy/policy.ts";
import { localDateOf } from "../periods/periods.ts";
import { sortableLabTime } from "../time/format.ts";
import { badRequest } from "../errors.ts";
import { tableToCsv } from "../report/export.ts";
import { SHEETS, type SheetName } from "./format.ts";
import { writeWorkbook, type OutCell } from "./workbook.ts";

const labFilter = (scope: LabScope) => (scope === "all" ? {} : { labId: { in: [...scope] } });

/**
 * The import workbook filled with what the user may see: models and tasks (if they may view
 * models), equipment and completed records of their labs. Importing it into an empty database
 * gives the same rows back.
 */
export async function exportWorkbook(ctx: ServiceContext): Promise<Buffer> {
  return writeWorkbook(await workbookRows(ctx), ctx.clock.now());
}

const CSV_SHEETS: Record<string, SheetName> = { models: "Models", tasks: "Tasks", equipment: "Equipment", history: "History" };

/**
 * One sheet of the workbook as CSV (`models`, `tasks`, `equipment`, `history`), through the one
 * CSV writer of the reports: text a spreadsheet would run as a formula gets a leading apostrophe,
 * which the CSV import takes off again.
 */
export async function exportSheetCsv(ctx: ServiceContext, sheet: string): Promise<{ fileName: string; body: Buffer }> {
  requireSomeLab(ctx, "equipment", "view", "You cannot export equipment.");
  const name = Object.hasOwn(CSV_SHEETS, sheet) ? CSV_SHEETS[sheet]! : null;
  if (!name) throw badRequest(`Unknown sheet "${sheet}": use ${Object.keys(CSV_SHEETS).join(", ")}.`);
  const rows = (await workbookRows(ctx))[name];
  return { fileName: `labkeep-${sheet}.csv`, body: tableToCsv({ name, columns: SHEETS[name].map((c) => ({ header: c.header })), rows }) };
}

async function workbookRows(ctx: ServiceContext): Promise<Record<SheetName, OutCell[][]>> {
  const equipmentScope = requireSomeLab(ctx, "equipment", "view", "You cannot export equipment.");
  const recordScope = labScope(ctx.principal, "record", "view");
  const db = ctx.db;
  const [models, equipment, records] = await Promise.all([
    db.equipmentModel.findMany({ orderBy: [{ manufacturer: "asc" }, { name: "asc" }], include: { tasks: { where: { active: true }, orderBy: [{ frequency: "asc" }, { position: "asc" }] } } }),
    db.equipment.findMany({ where: labFilter(equipmentScope), orderBy: { assetTag: "asc" }, include: { model: true, lab: true } }),
    db.pmRecord.findMany({
      where: { status: "COMPLETED", ...labFilter(recordScope) },
      orderBy: [{ labId: "asc" }, { number: "asc" }],
      include: { equipment: { select: { assetTag: true } }, lab: { select: { timeZone: true } }, completedBy: { select: { upn: true } }, results: { orderBy: { position: "asc" } } },
    }),
  ]);
  const rows: Record<SheetName, OutCell[][]> = {
    Models: models.map((m) => [m.manufacturer, m.name, m.frequencies.join(", ")]),
    Tasks: models.flatMap((m) => m.tasks.map((t) => [m.manufacturer, m.name, t.frequency, t.position, t.title, t.kind, t.unit, t.min, t.max, t.required ? "YES" : "NO"])),
    Equipment: equipment.map((e) => [e.assetTag, e.serialNumber, e.model.manufacturer, e.model.name, e.lab.code, e.location, e.status, e.commissionedOn?.toISOString().slice(0, 10) ?? null, e.notes]),
    History: records.map((r) => [
      r.equipment.assetTag,
      r.frequency,
      localDateOf(r.periodStart, r.lab.timeZone),
      r.completedBy?.upn ?? null,
      r.completedAt ? sortableLabTime(r.completedAt, r.lab.timeZone) : null,
      r.result,
      r.results.filter((x) => x.reading !== null).map((x) => `${x.title} = ${x.reading}`).join("; ") || null,
    ]),
  };
  return rows;
}
