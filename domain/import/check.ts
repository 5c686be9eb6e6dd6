import { inScope } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import type { DbOrTx } from "../db/client.ts";
import { periodOf } from "../periods/periods.ts";
import { can, labScope, visibleLabs } from "../policy/policy.ts";
import { choice, date, dateTime, list, number, readings, text, type Converted } from "./cells.ts";
import { FREQUENCY_VALUES, KIND_VALUES, RESULT_VALUES, SHEET_TITLES, SHEETS, STATUS_VALUES, YES_NO, type SheetName } from "./format.ts";
import { modelKey, type EquipmentRow, type ImportPlan, type ModelRow, type Problem, type TaskRow } from "./plan.ts";
import type { RawCell, RawFile, RawSheet } from "./read.ts";

/** Reads one row's cells by header, collecting each cell's problem. */
class RowReader {
  constructor(
    private readonly sheet: SheetName,
    private readonly row: number,
    private readonly cells: RawCell[],
    private readonly problems: Problem[],
  ) {}
  ok = true;
  problem(column: string, message: string): void {
    this.ok = false;
    this.problems.push({ sheet: SHEET_TITLES[this.sheet], row: this.row, column, message });
  }
  get<T>(header: string, convert: (cell: RawCell) => Converted<T>): T | null {
    const at = SHEETS[this.sheet].findIndex((c) => c.header === header);
    const column = SHEETS[this.sheet][at]!;
    const result = convert(this.cells[at] ?? null);
    if ("error" in result) {
      this.problem(header, result.error);
      return null;
    }
    if (column.required && (result.value === null || result.value === "")) {
      this.problem(header, `${header} is required.`);
      return null;
    }
    return result.value;
  }
}

interface World {
  labsByCode: Map<string, { id: number; code: string; timeZone: string }>;
  labsById: Map<number, { id: number; code: string; timeZone: string }>;
  models: Map<string, { id: number; frequencies: string[] }>;
  tasks: Map<string, { title: string; kind: string; position: number; unit: string | null; min: number | null; max: number | null; required: boolean }[]>;
  equipment: Map<string, { id: number; assetTag: string; labId: number; model: string }>;
  users: Map<string, number>;
}

async function loadWorld(db: DbOrTx, file: RawFile): Promise<World> {
  const tags = new Set<string>();
  const upns = new Set<string>();
  const sheet = (name: SheetName) => file.sheets.find((s) => s.name === name);
  for (const r of sheet("Equipment")?.rows ?? []) tags.add(String(r.cells[0] ?? "").trim().toLowerCase());
  for (const r of sheet("History")?.rows ?? []) {
    tags.add(String(r.cells[0] ?? "").trim().toLowerCase());
    upns.add(String(r.cells[3] ?? "").trim().toLowerCase());
  }
  const [labs, models, equipment, users] = await Promise.all([
    db.lab.findMany({ select: { id: true, code: true, timeZone: true } }),
    db.equipmentModel.findMany({ select: { id: true, manufacturer: true, name: true, frequencies: true, tasks: { where: { active: true }, select: { title: true, kind: true, frequency: true, position: true, unit: true, min: true, max: true, required: true } } } }),
    db.$queryRaw<{ id: number; asset_tag: string; lab_id: number; manufacturer: string; name: string }[]>`
      SELECT e.id, e.asset_tag, e.lab_id, m.manufacturer, m.name FROM equipment e JOIN equipment_model m ON m.id = e.model_id
      WHERE lower(e.asset_tag) = ANY (${[...tags]}::text[])`,
    db.user.findMany({ where: { upn: { in: [...upns], mode: "insensitive" }, status: "ACTIVE" }, select: { id: true, upn: true } }),
  ]);
  const world: World = { labsByCode: new Map(), labsById: new Map(), models: new Map(), tasks: new Map(), equipment: new Map(), users: new Map() };
  for (const lab of labs) {
    world.labsByCode.set(lab.code.toLowerCase(), lab);
    world.labsById.set(lab.id, lab);
  }
  for (const m of models) {
    world.models.set(modelKey(m.manufacturer, m.name), { id: m.id, frequencies: m.frequencies });
    for (const t of m.tasks) {
      const key = `${modelKey(m.manufacturer, m.name)}\u0000${t.frequency}`;
      world.tasks.set(key, [...(world.tasks.get(key) ?? []), t]);
    }
  }
  for (const e of equipment) world.equipment.set(e.asset_tag.toLowerCase(), { id: e.id, assetTag: e.asset_tag, labId: e.lab_id, model: modelKey(e.manufacturer, e.name) });
  for (const u of users) world.users.set(u.upn.toLowerCase(), u.id);
  return world;
}

/** True when Labkeep already has this task, identical, at this place of the checklist. */
function sameAsKnown(world: World, t: TaskRow): boolean {
  const known = world.tasks.get(`${t.model}\u0000${t.frequency}`)?.find((k) => k.position === t.position);
  return known !== undefined && known.title === t.title && known.kind === t.kind && known.unit === t.unit && known.min === t.min && known.max === t.max && known.required === t.required;
}

const rowsOf = (file: RawFile, name: SheetName): RawSheet["rows"] => file.sheets.find((s) => s.name === name)?.rows ?? [];

/**
 * Checks every row of a read file against the format and the database, as the acting user sees
 * it: labs they cannot see are unknown, labs they may not manage are named as such. Writes nothing.
 */
export async function checkFile(ctx: ServiceContext, db: DbOrTx, file: RawFile): Promise<ImportPlan> {
  const problems: Problem[] = [...file.problems];
  const world = await loadWorld(db, file);
  const plan: ImportPlan = { models: [], tasks: [], equipment: [], history: [], problems };
  const visible = visibleLabs(ctx.principal);
  const manages = labScope(ctx.principal, "equipment", "create");
  const completes = labScope(ctx.principal, "record", "complete");
  // Managers may send back an exported workbook: its model and task rows pass when they change nothing.
  const editsModels = can(ctx.principal, "model", "create");

  const fileModels = new Map<string, ModelRow>();
  for (const { row, cells } of rowsOf(file, "Models")) {
    const r = new RowReader("Models", row, cells, problems);
    const manufacturer = r.get("Manufacturer", (c) => text(c, 200));
    const name = r.get("Model", (c) => text(c, 200));
    const frequencies = r.get("Frequencies", (c) => list(c, FREQUENCY_VALUES)) ?? [];
    if (!manufacturer || !name || !r.ok) continue;
    const key = modelKey(manufacturer, name);
    if (fileModels.has(key)) { r.problem("Model", `${manufacturer} ${name} is listed twice (row ${fileModels.get(key)!.row}).`); continue; }
    const known = world.models.get(key);
    if (!editsModels && !known) r.problem("Model", `Only an Administrator can add models: ask one to import ${manufacturer} ${name}.`);
    else if (!editsModels && [...known!.frequencies].sort().join() !== [...frequencies].sort().join()) r.problem("Frequencies", "Only an Administrator can change a model's frequencies.");
    fileModels.set(key, { row, manufacturer, name, frequencies });
  }
  plan.models = [...fileModels.values()];
  const modelKnown = (key: string) => fileModels.has(key) || world.models.has(key);
  const modelFrequencies = (key: string): string[] => fileModels.get(key)?.frequencies ?? world.models.get(key)?.frequencies ?? [];

  const taskSeen = new Map<string, number>();
  for (const { row, cells } of rowsOf(file, "Tasks")) {
    const r = new RowReader("Tasks", row, cells, problems);
    const manufacturer = r.get("Manufacturer", (c) => text(c, 200));
    const name = r.get("Model", (c) => text(c, 200));
    const frequency = r.get("Frequency", (c) => choice(c, FREQUENCY_VALUES));
    const position = r.get("Order", number);
    const title = r.get("Title", (c) => text(c, 200));
    const kind = r.get("Kind", (c) => choice(c, KIND_VALUES));
    const unit = r.get("Unit", (c) => text(c, 20));
    const min = r.get("Min", number);
    const max = r.get("Max", number);
    const required = r.get("Required", (c) => choice(c, YES_NO, "YES"));
    if (position !== null && (!Number.isInteger(position) || position < 1)) r.problem("Order", "Order must be a whole number from 1.");
    if (kind !== null && kind !== "READING" && (unit !== null || min !== null || max !== null)) r.problem("Kind", "Unit, Min and Max are for READING tasks only.");
    if (min !== null && max !== null && min > max) r.problem("Min", `Min (${min}) is above Max (${max}).`);
    if (!manufacturer || !name || !frequency || position === null || !title || !kind || !r.ok) continue;
    const model = modelKey(manufacturer, name);
    if (!modelKnown(model)) { r.problem("Model", `Unknown model ${manufacturer} ${name}: add it to the Models sheet.`); continue; }
    if (!modelFrequencies(model).includes(frequency)) r.problem("Frequency", `${manufacturer} ${name} is not checked ${frequency}: add ${frequency} to its Frequencies.`);
    const identity = `${model}\u0000${frequency}\u0000${position}`;
    if (taskSeen.has(identity)) r.problem("Order", `Order ${position} of the ${frequency} checklist is used twice (row ${taskSeen.get(identity)}).`);
    taskSeen.set(identity, row);
    const task = { row, model, frequency, position, title, kind, unit, min, max, required: required !== "NO" };
    if (!editsModels && !sameAsKnown(world, task)) r.problem("Title", "Only an Administrator can add or change checklist tasks.");
    if (r.ok) plan.tasks.push(task);
  }

  const tagsInFile = new Map<string, { row: number; item?: EquipmentRow }>();
  for (const { row, cells } of rowsOf(file, "Equipment")) {
    const r = new RowReader("Equipment", row, cells, problems);
    const assetTag = r.get("Asset tag", (c) => text(c, 40));
    const serialNumber = r.get("Serial", (c) => text(c, 100));
    const manufacturer = r.get("Manufacturer", (c) => text(c, 200));
    const name = r.get("Model", (c) => text(c, 200));
    const labCode = r.get("Lab", (c) => text(c, 10));
    const location = r.get("Location", (c) => text(c, 200));
    const status = r.get("Status", (c) => choice(c, STATUS_VALUES, "ACTIVE"));
    const commissionedOn = r.get("Commissioned", date);
    const notes = r.get("Notes", (c) => text(c, 4000));
    if (assetTag) {
      const previous = tagsInFile.get(assetTag.toLowerCase());
      if (previous) r.problem("Asset tag", `Asset tag ${assetTag} is used twice in the file (row ${previous.row}); tags are compared without regard to case.`);
      else tagsInFile.set(assetTag.toLowerCase(), { row });
      const existing = world.equipment.get(assetTag.toLowerCase());
      if (existing && existing.assetTag !== assetTag) r.problem("Asset tag", `Labkeep already has asset tag ${existing.assetTag}; write it exactly so, or choose another tag.`);
      else if (existing && !inScope(manages, existing.labId)) r.problem("Asset tag", `Asset tag ${assetTag} is already used by equipment you cannot manage.`);
    }
    const lab = labCode ? world.labsByCode.get(labCode.toLowerCase()) : undefined;
    if (labCode && (!lab || !inScope(visible, lab.id))) r.problem("Lab", `Unknown lab "${labCode}".`);
    else if (lab && !inScope(manages, lab.id)) r.problem("Lab", `You cannot add or change equipment of lab ${lab.code}.`);
    const existing = assetTag ? world.equipment.get(assetTag.toLowerCase()) : undefined;
    if (existing && lab && existing.labId !== lab.id) r.problem("Lab", `${assetTag} belongs to lab ${world.labsById.get(existing.labId)?.code}: transfer it in Labkeep, not by import.`);
    const model = manufacturer && name ? modelKey(manufacturer, name) : null;
    if (model && !modelKnown(model)) r.problem("Model", `Unknown model ${manufacturer} ${name}: add it to the Models sheet.`);
    if (!assetTag || !model || !lab || !status || !r.ok) continue;
    const item: EquipmentRow = { row, assetTag, serialNumber, model, labId: lab.id, location, status, commissionedOn, notes };
    tagsInFile.set(assetTag.toLowerCase(), { row, item });
    plan.equipment.push(item);
  }

  const historySeen = new Map<string, number>();
  for (const { row, cells } of rowsOf(file, "History")) {
    const r = new RowReader("History", row, cells, problems);
    const assetTag = r.get("Asset tag", (c) => text(c, 40));
    const frequency = r.get("Frequency", (c) => choice(c, FREQUENCY_VALUES));
    const periodDate = r.get("Period date", date);
    const upn = r.get("Completed by", (c) => text(c, 320));
    const result = r.get("Result", (c) => choice(c, RESULT_VALUES));
    const values = r.get("Readings", readings);
    const inFile = assetTag ? tagsInFile.get(assetTag.toLowerCase()) : undefined;
    const inDb = assetTag ? world.equipment.get(assetTag.toLowerCase()) : undefined;
    const target = inFile?.item ?? inDb;
    if (assetTag && !target) {
      r.problem("Asset tag", inFile ? `Equipment ${assetTag} has problems on the Equipment sheet (row ${inFile.row}): correct them first.` : `Unknown equipment ${assetTag}: add it to the Equipment sheet.`);
      continue;
    }
    if (target && !inScope(completes, target.labId)) r.problem("Asset tag", `You cannot record maintenance for ${assetTag}.`);
    const lab = target ? world.labsById.get(target.labId) : undefined;
    const completedAt = lab ? r.get("Completed at (lab time)", (c) => dateTime(c, lab.timeZone)) : null;
    const completedById = upn ? world.users.get(upn.toLowerCase()) : undefined;
    if (upn && completedById === undefined) r.problem("Completed by", `No active Labkeep user signs in as ${upn}.`);
    if (target && frequency && !modelFrequencies(target.model).includes(frequency)) r.problem("Frequency", `${assetTag}'s model is not checked ${frequency}.`);
    if (target && frequency && values) {
      const titles = new Set([...plan.tasks.filter((t) => t.model === target.model && t.frequency === frequency && t.kind === "READING").map((t) => t.title.toLowerCase()),
        ...(world.tasks.get(`${target.model}\u0000${frequency}`) ?? []).filter((t) => t.kind === "READING").map((t) => t.title.toLowerCase())]);
      for (const title of values.keys()) if (!titles.has(title)) r.problem("Readings", `"${title}" is not a reading task of the ${frequency} checklist.`);
    }
    if (!assetTag || !frequency || !periodDate || completedById === undefined || !completedAt || !result || !values || !r.ok) continue;
    const identity = `${assetTag.toLowerCase()}\u0000${frequency}\u0000${periodOf(frequency, periodDate, lab!.timeZone).start.toISOString()}`;
    if (historySeen.has(identity)) { r.problem("Period date", `This period of ${assetTag} is listed twice (row ${historySeen.get(identity)}).`); continue; }
    historySeen.set(identity, row);
    plan.history.push({ row, assetTag, frequency, periodDate, completedById, completedAt, result, readings: values });
  }
  return plan;
}
