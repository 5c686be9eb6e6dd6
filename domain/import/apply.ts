import type { AuditInput } from "../audit/events.ts";
import type { Prisma, Tx } from "../db/client.ts";
import type { ChecklistTask } from "../db/generated/client.ts";
import type { EquipmentStatus, Frequency } from "../db/generated/enums.ts";
import { advanceCounter, lockLabCounter } from "../generator/insert-records.ts";
import { changedValues } from "../input.ts";
import { periodOf } from "../periods/periods.ts";
import { modelKey, type ImportPlan } from "./plan.ts";

export interface ImportCounts {
  modelsCreated: number;
  modelsUpdated: number;
  tasksCreated: number;
  tasksUpdated: number;
  equipmentCreated: number;
  equipmentUpdated: number;
  historyCreated: number;
  historyUpdated: number;
  unchanged: number;
}

/** Writes a checked plan inside the caller's transaction; returns counts and the per-row audit events of changed rows. */
export async function applyPlan(tx: Tx, plan: ImportPlan, now: Date): Promise<{ counts: ImportCounts; audits: AuditInput[] }> {
  const counts: ImportCounts = { modelsCreated: 0, modelsUpdated: 0, tasksCreated: 0, tasksUpdated: 0, equipmentCreated: 0, equipmentUpdated: 0, historyCreated: 0, historyUpdated: 0, unchanged: 0 };
  const audits: AuditInput[] = [];

  // Models: few rows, one statement each.
  const models = new Map((await tx.equipmentModel.findMany({ select: { id: true, manufacturer: true, name: true, frequencies: true } })).map((m) => [modelKey(m.manufacturer, m.name), m]));
  for (const m of plan.models) {
    const existing = models.get(modelKey(m.manufacturer, m.name));
    if (!existing) {
      const created = await tx.equipmentModel.create({ data: { manufacturer: m.manufacturer, name: m.name, frequencies: m.frequencies } });
      models.set(modelKey(m.manufacturer, m.name), created);
      audits.push({ action: "model.created", entityId: created.id, after: { manufacturer: m.manufacturer, name: m.name, frequencies: m.frequencies } });
      counts.modelsCreated++;
    } else if ([...existing.frequencies].sort().join() !== [...m.frequencies].sort().join()) {
      await tx.equipmentModel.update({ where: { id: existing.id }, data: { frequencies: m.frequencies } });
      audits.push({ action: "model.frequencies_changed", entityId: existing.id, before: { frequencies: existing.frequencies }, after: { frequencies: m.frequencies } });
      existing.frequencies = m.frequencies;
      counts.modelsUpdated++;
    } else counts.unchanged++;
  }
  const modelId = (key: string) => models.get(key)!.id;

  // Tasks, matched by model, frequency and order among the active ones.
  const taskModelIds = [...new Set(plan.tasks.map((t) => modelId(t.model)))];
  const existingTasks = await tx.checklistTask.findMany({ where: { modelId: { in: taskModelIds }, active: true } });
  const taskAt = new Map(existingTasks.map((t) => [`${t.modelId}/${t.frequency}/${t.position}`, t]));
  for (const t of plan.tasks) {
    const values = { title: t.title, kind: t.kind, unit: t.unit, min: t.min, max: t.max, required: t.required };
    const existing = taskAt.get(`${modelId(t.model)}/${t.frequency}/${t.position}`);
    if (!existing) {
      const created = await tx.checklistTask.create({ data: { modelId: modelId(t.model), frequency: t.frequency, position: t.position, ...values } });
      audits.push({ action: "task.created", entityId: created.id, after: { modelId: created.modelId, frequency: t.frequency, position: t.position, ...values } });
      counts.tasksCreated++;
      continue;
    }
    const before = { title: existing.title, kind: existing.kind, unit: existing.unit, min: existing.min, max: existing.max, required: existing.required };
    if (JSON.stringify(before) === JSON.stringify(values)) { counts.unchanged++; continue; }
    await tx.checklistTask.update({ where: { id: existing.id }, data: values });
    audits.push({ action: "task.updated", entityId: existing.id, before, after: values });
    counts.tasksUpdated++;
  }

  // Equipment, set-based: one INSERT of the new rows, one UPDATE of the changed ones.
  const tags = plan.equipment.map((e) => e.assetTag);
  const existing = new Map(
    (await tx.equipment.findMany({ where: { assetTag: { in: tags } } })).map((e) => [e.assetTag, e]),
  );
  const fresh = plan.equipment.filter((e) => !existing.has(e.assetTag));
  if (fresh.length > 0) {
    const col = <T>(f: (e: (typeof fresh)[number]) => T) => fresh.map(f);
    await tx.$executeRaw`
      WITH inserted AS (
        INSERT INTO equipment (asset_tag, serial_number, model_id, lab_id, location, status, commissioned_on, notes, active_since, created_at, updated_at)
        SELECT * , ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
          ${col((e) => e.assetTag)}::text[], ${col((e) => e.serialNumber)}::text[], ${col((e) => modelId(e.model))}::int[], ${col((e) => e.labId)}::int[],
          ${col((e) => e.location)}::text[], ${col((e) => e.status)}::text[]::"EquipmentStatus"[], ${col((e) => e.commissionedOn)}::date[], ${col((e) => e.notes)}::text[])
        RETURNING id, status, lab_id
      )
      INSERT INTO equipment_event (equipment_id, kind, to_status, to_lab_id, actor_id, at)
      SELECT id, 'CREATED', status, lab_id, NULL, ${now}::timestamptz FROM inserted`;
    counts.equipmentCreated = fresh.length;
  }
  type Snapshot = { serialNumber: string | null; modelId: number; location: string | null; status: EquipmentStatus; commissionedOn: string | null; notes: string | null };
  const changed: { id: number; labId: number; before: Snapshot; after: Snapshot }[] = [];
  for (const e of plan.equipment) {
    const old = existing.get(e.assetTag);
    if (!old) continue;
    const before: Snapshot = { serialNumber: old.serialNumber, modelId: old.modelId, location: old.location, status: old.status, commissionedOn: old.commissionedOn?.toISOString().slice(0, 10) ?? null, notes: old.notes };
    const after: Snapshot = { serialNumber: e.serialNumber, modelId: modelId(e.model), location: e.location, status: e.status, commissionedOn: e.commissionedOn, notes: e.notes };
    if (JSON.stringify(before) === JSON.stringify(after)) { counts.unchanged++; continue; }
    changed.push({ id: old.id, labId: old.labId, before, after });
  }
  if (changed.length > 0) {
    const col = <T>(f: (c: (typeof changed)[number]) => T) => changed.map(f);
    // In SET, q.status is still the old status: equipment becoming Active starts its eligibility now.
    await tx.$executeRaw`
      UPDATE equipment AS q
      SET serial_number = k.serial_number, model_id = k.model_id, location = k.location, status = k.status, commissioned_on = k.commissioned_on, notes = k.notes,
          active_since = CASE WHEN k.status = 'ACTIVE' AND q.status <> 'ACTIVE' THEN ${now}::timestamptz ELSE q.active_since END, updated_at = ${now}::timestamptz
      FROM unnest(${col((c) => c.id)}::int[], ${col((c) => c.after.serialNumber)}::text[], ${col((c) => c.after.modelId)}::int[], ${col((c) => c.after.location)}::text[],
                  ${col((c) => c.after.status)}::text[]::"EquipmentStatus"[], ${col((c) => c.after.commissionedOn)}::date[], ${col((c) => c.after.notes)}::text[])
        AS k(id, serial_number, model_id, location, status, commissioned_on, notes)
      WHERE q.id = k.id`;
    const statusChanges = changed.filter((c) => c.before.status !== c.after.status);
    if (statusChanges.length > 0) {
      await tx.equipmentEvent.createMany({ data: statusChanges.map((c) => ({ equipmentId: c.id, kind: "STATUS_CHANGED" as const, fromStatus: c.before.status, toStatus: c.after.status, reason: "Import", at: now })) });
    }
    for (const c of changed) audits.push({ action: "equipment.updated", entityId: c.id, labId: c.labId, ...changedValues(c.before, c.after), reason: "Import" });
    counts.equipmentUpdated = changed.length;
  }

  if (plan.history.length > 0) await applyHistory(tx, plan, now, counts, audits);
  return { counts, audits };
}

interface Existing {
  id: number;
  equipment_id: number;
  frequency: Frequency;
  period_start: Date;
  status: string;
  completed_by_id: number | null;
  completed_at: Date | null;
  result: string | null;
  readings: Record<string, number> | null;
}

/**
 * Past completions, set-based per lab: one query finds the records already there, one INSERT
 * adds the new ones numbered on from the lab's counter (in period order, as the generator
 * numbers), one createMany adds their readings. Open records of the same period are completed;
 * completed ones that differ are corrected, with their before and after audited.
 */
async function applyHistory(tx: Tx, plan: ImportPlan, now: Date, counts: ImportCounts, audits: AuditInput[]): Promise<void> {
  const equipment = new Map(
    (await tx.equipment.findMany({ where: { assetTag: { in: plan.history.map((h) => h.assetTag) } }, select: { id: true, assetTag: true, labId: true, modelId: true, lab: { select: { timeZone: true } } } })).map((e) => [e.assetTag.toLowerCase(), e]),
  );
  const tasks = await tx.checklistTask.findMany({ where: { modelId: { in: [...new Set([...equipment.values()].map((e) => e.modelId))] }, active: true }, orderBy: { position: "asc" } });
  const tasksOf = new Map<string, typeof tasks>();
  for (const t of tasks) tasksOf.set(`${t.modelId}/${t.frequency}`, [...(tasksOf.get(`${t.modelId}/${t.frequency}`) ?? []), t]);
  const items = plan.history.map((h) => {
    const e = equipment.get(h.assetTag.toLowerCase())!;
    return { h, e, period: periodOf(h.frequency, h.periodDate, e.lab.timeZone) };
  });
  const found = await tx.$queryRaw<Existing[]>`
    SELECT r.id, r.equipment_id, r.frequency, r.period_start, r.status, r.completed_by_id, r.completed_at, r.result,
           (SELECT jsonb_object_agg(lower(x.title), x.reading) FROM pm_task_result x WHERE x.record_id = r.id AND x.reading IS NOT NULL) AS readings
    FROM pm_record r
    JOIN unnest(${items.map((i) => i.e.id)}::int[], ${items.map((i) => i.h.frequency)}::text[], ${items.map((i) => i.period.start.toISOString())}::timestamptz[]) AS k(equipment_id, frequency, period_start)
      ON r.equipment_id = k.equipment_id AND r.frequency::text = k.frequency AND r.period_start = k.period_start`;
  const existing = new Map(found.map((r) => [`${r.equipment_id}/${r.frequency}/${new Date(r.period_start).getTime()}`, r]));
  const results: Prisma.PmTaskResultCreateManyInput[] = [];
  const fresh: typeof items = [];
  for (const item of items) {
    const { h, e, period } = item;
    const old = existing.get(`${e.id}/${h.frequency}/${period.start.getTime()}`);
    if (!old) { fresh.push(item); continue; }
    const taskList = tasksOf.get(`${e.modelId}/${h.frequency}`) ?? [];
    const completion = { status: "COMPLETED" as const, completedById: h.completedById, completedAt: h.completedAt, result: h.result, importedAt: now };
    if (old.status === "COMPLETED") {
      const before = { completedById: old.completed_by_id, completedAt: old.completed_at ? new Date(old.completed_at).toISOString() : null, result: old.result, readings: sorted(old.readings ?? {}) };
      const after = { completedById: h.completedById, completedAt: h.completedAt.toISOString(), result: h.result, readings: sorted(Object.fromEntries(h.readings)) };
      if (JSON.stringify(before) === JSON.stringify(after)) { counts.unchanged++; continue; }
      await tx.pmTaskResult.deleteMany({ where: { recordId: old.id } });
      await tx.pmRecord.update({ where: { id: old.id }, data: completion });
      audits.push({ action: "record.amended", entityId: old.id, labId: e.labId, before, after, reason: "Import" });
      counts.historyUpdated++;
    } else {
      await tx.pmRecord.update({ where: { id: old.id }, data: { ...completion, completedVia: "SYSTEM" } });
      counts.historyCreated++;
    }
    results.push(...resultRows(old.id, taskList, h.readings));
  }
  const byLab = new Map<number, typeof items>();
  for (const item of fresh) byLab.set(item.e.labId, [...(byLab.get(item.e.labId) ?? []), item]);
  for (const [labId, labItems] of byLab) {
    const lab = (await lockLabCounter(tx, labId))!;
    labItems.sort((a, b) => a.period.start.getTime() - b.period.start.getTime() || a.h.frequency.localeCompare(b.h.frequency) || a.e.assetTag.localeCompare(b.e.assetTag));
    const col = <T>(f: (i: (typeof labItems)[number], n: number) => T) => labItems.map(f);
    const inserted = await tx.$queryRaw<{ id: number; equipment_id: number; frequency: Frequency; period_start: Date }[]>`
      INSERT INTO pm_record (lab_id, number, equipment_id, frequency, period_start, period_end, due_at, status, created_at, completed_by_id, completed_at, completed_via, result, imported_at)
      SELECT ${labId}, k.number, k.equipment_id, k.frequency, k.period_start, k.period_end, k.period_end, 'COMPLETED', ${now}::timestamptz, k.completed_by_id, k.completed_at, 'SYSTEM', k.result, ${now}::timestamptz
      FROM unnest(${col((_, n) => lab.lastNumber + n + 1)}::int[], ${col((i) => i.e.id)}::int[], ${col((i) => i.h.frequency)}::text[]::"Frequency"[],
                  ${col((i) => i.period.start.toISOString())}::timestamptz[], ${col((i) => i.period.end.toISOString())}::timestamptz[],
                  ${col((i) => i.h.completedById)}::int[], ${col((i) => i.h.completedAt.toISOString())}::timestamptz[], ${col((i) => i.h.result)}::text[]::"RecordResult"[])
        AS k(number, equipment_id, frequency, period_start, period_end, completed_by_id, completed_at, result)
      RETURNING id, equipment_id, frequency, period_start`;
    const ids = new Map(inserted.map((r) => [`${r.equipment_id}/${r.frequency}/${new Date(r.period_start).getTime()}`, r.id]));
    for (const { h, e, period } of labItems) results.push(...resultRows(ids.get(`${e.id}/${h.frequency}/${period.start.getTime()}`)!, tasksOf.get(`${e.modelId}/${h.frequency}`) ?? [], h.readings));
    await advanceCounter(tx, labId, labItems.length);
    counts.historyCreated += labItems.length;
  }
  if (results.length > 0) await tx.pmTaskResult.createMany({ data: results });
}

const sorted = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));

/** Snapshots the readings the file gives: the other tasks' answers are not in a spreadsheet log. */
function resultRows(recordId: number, tasks: readonly ChecklistTask[], readings: Map<string, number>): Prisma.PmTaskResultCreateManyInput[] {
  return tasks
    .filter((t) => t.kind === "READING" && readings.has(t.title.toLowerCase()))
    .map((t) => {
      const reading = readings.get(t.title.toLowerCase())!;
      return { recordId, taskId: t.id, position: t.position, title: t.title, kind: t.kind, unit: t.unit, min: t.min, max: t.max, required: t.required, reading, passed: (t.min === null || reading >= t.min) && (t.max === null || reading <= t.max) };
    });
}
