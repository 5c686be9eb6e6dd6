import type { DbOrTx } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { formatRecordNumber } from "../record/record.view.ts";

/**
 * What an audit event is about, in the words people use: a record's number and asset tag, an
 * asset tag, a user's name, a model's name, a task's title, a lab's code. Looked up for one page
 * of events at a time (one query per entity type present).
 */
export async function subjectsOf(db: DbOrTx, events: readonly { entityType: string; entityId: string }[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.entityType === type).map((e) => Number(e.entityId)).filter(Number.isSafeInteger))];
  const subjects = new Map<string, string>();
  const put = (type: string, id: number, text: string) => subjects.set(`${type}:${id}`, text);
  const [records, equipment, users, models, tasks, labs, calibrations] = await Promise.all([
    ids("record").length ? db.pmRecord.findMany({ where: { id: { in: ids("record") } }, select: { id: true, number: true, lab: { select: { code: true } }, equipment: { select: { assetTag: true } } } }) : [],
    ids("equipment").length ? db.equipment.findMany({ where: { id: { in: ids("equipment") } }, select: { id: true, assetTag: true } }) : [],
    [...ids("user"), ...ids("access")].length ? db.user.findMany({ where: { id: { in: [...ids("user"), ...ids("access")] } }, select: { id: true, displayName: true } }) : [],
    ids("model").length ? db.equipmentModel.findMany({ where: { id: { in: ids("model") } }, select: { id: true, manufacturer: true, name: true } }) : [],
    ids("task").length ? db.checklistTask.findMany({ where: { id: { in: ids("task") } }, select: { id: true, title: true, model: { select: { name: true } } } }) : [],
    ids("lab").length ? db.lab.findMany({ where: { id: { in: ids("lab") } }, select: { id: true, code: true } }) : [],
    ids("calibration").length ? db.calibrationEvent.findMany({ where: { id: { in: ids("calibration") } }, select: { id: true, certificateNumber: true, equipment: { select: { assetTag: true } } } }) : [],
  ]);
  // A calibration plan's entity id is its equipment's id.
  if (ids("calibration_plan").length) {
    for (const e of await db.equipment.findMany({ where: { id: { in: ids("calibration_plan") } }, select: { id: true, assetTag: true } })) put("calibration_plan", e.id, e.assetTag);
  }
  for (const r of records) put("record", r.id, `${formatRecordNumber(r.lab.code, r.number)} (${r.equipment.assetTag})`);
  for (const e of equipment) put("equipment", e.id, e.assetTag);
  for (const u of users) { put("user", u.id, u.displayName); put("access", u.id, u.displayName); }
  for (const m of models) put("model", m.id, `${m.manufacturer} ${m.name}`);
  for (const t of tasks) put("task", t.id, `${t.title} (${t.model.name})`);
  for (const l of labs) put("lab", l.id, l.code);
  for (const c of calibrations) put("calibration", c.id, c.certificateNumber ? `${c.equipment.assetTag} (certificate ${c.certificateNumber})` : c.equipment.assetTag);
  return subjects;
}

/**
 * The events about a record number ("BOS-000128") or an asset tag (any case): the record's, or
 * the equipment's and those of its records. Matches nothing when the reference names neither.
 */
export async function referenceCondition(db: DbOrTx, reference: string): Promise<Prisma.AuditEventWhereInput> {
  const conditions: Prisma.AuditEventWhereInput[] = [];
  const number = /^([A-Za-z0-9]+)-(\d+)$/.exec(reference);
  if (number) {
    const record = await db.pmRecord.findFirst({ where: { number: Number(number[2]), lab: { code: { equals: number[1]!, mode: "insensitive" } } }, select: { id: true } });
    // R-SIGN: the record's signatures (and refused attempts to sign it) belong to its trail.
    if (record) conditions.push({ entityType: "record", entityId: String(record.id) }, { entityType: "signature", entityId: `record:${record.id}` });
  }
  const equipment = await db.equipment.findFirst({ where: { assetTag: { equals: reference, mode: "insensitive" } }, select: { id: true } });
  if (equipment) {
    const records = await db.pmRecord.findMany({ where: { equipmentId: equipment.id }, select: { id: true } });
    conditions.push({ entityType: "equipment", entityId: String(equipment.id) });
    if (records.length) conditions.push({ entityType: "record", entityId: { in: records.map((r) => String(r.id)) } });
  }
  return conditions.length ? { OR: conditions } : { seq: { lt: 0n } };
}
