/**
 * Finding instruments and records from what a user types, pastes or scans: the message
 * extension's search, link unfurling, the tab's Scan screen and the Copilot agent's status
 * question all read through here, authorized by the one guard.
 *
 * Who sees what (SPEC §2): an instrument is listed to those who may view equipment at its lab;
 * records (open work, or one named by its number) to those who may view records there. A
 * technician, who may not open the equipment register, still reaches an instrument's due work
 * (its tag, model and location are on every record row they see) but not its status.
 */
import type { ServiceContext } from "../context.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { EquipmentStatus } from "../db/generated/enums.ts";
import { inScope, labsFor, requireItemRight, type LabScope } from "../access/guard.ts";
import { notFound } from "../errors.ts";
import { parseId, parseInput } from "../input.ts";
import { badgeOf, type CalibrationBadge } from "../calibration/badge.ts";
import { can } from "../policy/policy.ts";
import { toRecordSummary, type RecordSummary } from "../record/record.view.ts";
import { parseLabkeepLink, parseRecordNumber, type LinkTarget } from "./lookup.links.ts";
import { LookupQuery } from "./lookup.schemas.ts";

export interface InstrumentRef {
  id: number;
  assetTag: string;
  modelName: string;
  manufacturer: string;
  location: string | null;
  labId: number;
  labCode: string;
  labName: string;
  labTimeZone: string;
  /** Null when the viewer may see the instrument's records but not the equipment register. */
  status: EquipmentStatus | null;
  /** The calibration badge (R-CAL); null when not in the register or not the viewer's to see. */
  calibration: CalibrationBadge | null;
}

/** An instrument with its open work: overdue first, then by due time. */
export interface InstrumentWork extends InstrumentRef {
  open: RecordSummary[];
  overdue: number;
  /** The record to do first (the earliest due), if any. */
  next: RecordSummary | null;
}

export type LookupHit = { kind: "equipment"; equipment: InstrumentRef } | { kind: "record"; record: RecordSummary };

export interface LookupResult {
  /** What a link, an exact asset tag or an exact record number names, when the viewer may see it. */
  match: LookupHit | null;
  /** Everything matching the text, instruments first, from `skip`. */
  items: LookupHit[];
  total: number;
  skip: number;
  count: number;
}

const equipmentInclude = {
  model: { select: { name: true, manufacturer: true } },
  lab: { select: { code: true, name: true, timeZone: true } },
  calibrationPlan: { select: { active: true, nextDueOn: true, noticeDays: true, lastResult: true } },
} as const;
type EquipmentRow = Prisma.EquipmentGetPayload<{ include: typeof equipmentInclude }>;

const recordInclude = {
  lab: { select: { code: true, timeZone: true } },
  equipment: { select: { assetTag: true, location: true, model: { select: { name: true } } } },
  completedBy: { select: { displayName: true } },
} as const;
type RecordWithRefs = Prisma.PmRecordGetPayload<{ include: typeof recordInclude }>;

function instrumentRef(ctx: ServiceContext, e: EquipmentRow): InstrumentRef {
  return {
    id: e.id,
    assetTag: e.assetTag,
    modelName: e.model.name,
    manufacturer: e.model.manufacturer,
    location: e.location,
    labId: e.labId,
    labCode: e.lab.code,
    labName: e.lab.name,
    labTimeZone: e.lab.timeZone,
    status: can(ctx.principal, "equipment", "view", e.labId) ? e.status : null,
    calibration: can(ctx.principal, "calibration", "view", e.labId) ? badgeOf(e.calibrationPlan, ctx.clock.now(), e.lab.timeZone) : null,
  };
}

function summary(r: RecordWithRefs, now: Date): RecordSummary {
  return toRecordSummary(
    {
      id: r.id,
      labId: r.labId,
      labCode: r.lab.code,
      labTimeZone: r.lab.timeZone,
      number: r.number,
      equipmentId: r.equipmentId,
      assetTag: r.equipment.assetTag,
      modelName: r.equipment.model.name,
      location: r.equipment.location,
      frequency: r.frequency,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      dueAt: r.dueAt,
      status: r.status,
      completedAt: r.completedAt,
      completedById: r.completedById,
      completedByName: r.completedBy?.displayName ?? null,
      result: r.result,
      comment: r.comment,
    },
    now,
  );
}

const labFilter = (scope: LabScope) => (scope === "all" ? {} : { labId: { in: [...scope] } });
const empty = (scope: LabScope) => scope !== "all" && scope.length === 0;

/** An instrument and its open work; not found unless the viewer may view records (or equipment) at its lab. */
export async function instrumentWork(ctx: ServiceContext, equipmentId: unknown): Promise<InstrumentWork> {
  const equipment = await ctx.db.equipment.findUnique({ where: { id: parseId(equipmentId) }, include: equipmentInclude });
  if (!equipment) throw notFound("Equipment");
  if (!can(ctx.principal, "equipment", "view", equipment.labId)) requireItemRight(ctx, "record", "view", equipment.labId, "Equipment");
  const now = ctx.clock.now();
  const rows = await ctx.db.pmRecord.findMany({
    where: { equipmentId: equipment.id, status: "OPEN" },
    include: recordInclude,
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: 50,
  });
  const open = rows.map((r) => summary(r, now));
  return { ...instrumentRef(ctx, equipment), open, overdue: open.filter((r) => r.overdue).length, next: open[0] ?? null };
}

/** One record as a hit; null when it does not exist or the viewer may not see it (no difference shown). */
async function recordHit(ctx: ServiceContext, where: Prisma.PmRecordWhereInput): Promise<LookupHit | null> {
  const scope = labsFor(ctx, "record", "view");
  if (empty(scope)) return null;
  const row = await ctx.db.pmRecord.findFirst({ where: { AND: [where, labFilter(scope)] }, include: recordInclude });
  return row ? { kind: "record", record: summary(row, ctx.clock.now()) } : null;
}

async function equipmentHit(ctx: ServiceContext, where: Prisma.EquipmentWhereInput): Promise<LookupHit | null> {
  const row = await ctx.db.equipment.findFirst({ where, include: equipmentInclude });
  if (!row) return null;
  const visible = can(ctx.principal, "equipment", "view", row.labId) || inScope(labsFor(ctx, "record", "view"), row.labId);
  return visible ? { kind: "equipment", equipment: instrumentRef(ctx, row) } : null;
}

/** What a link target names, as a hit the viewer may see (a list link is not a single item). */
export async function resolveTarget(ctx: ServiceContext, target: LinkTarget): Promise<LookupHit | null> {
  if (target.kind === "record") return recordHit(ctx, { id: target.id });
  if (target.kind === "equipment") return equipmentHit(ctx, { id: target.id });
  return null;
}

/** An exact asset tag (any case) or record number (BOS-000123). */
async function exactMatch(ctx: ServiceContext, text: string): Promise<LookupHit | null> {
  const byTag = await equipmentHit(ctx, { assetTag: { equals: text, mode: "insensitive" } });
  if (byTag) return byTag;
  const number = parseRecordNumber(text);
  return number ? recordHit(ctx, { number: number.number, lab: { code: number.labCode } }) : null;
}

function equipmentSearch(text: string): Prisma.EquipmentWhereInput {
  const contains = { contains: text, mode: "insensitive" as const };
  return { OR: [{ assetTag: contains }, { serialNumber: contains }, { location: contains }, { model: { name: contains } }, { model: { manufacturer: contains } }] };
}

/**
 * Instruments and records matching `q` that the viewer may see, instruments first, a window of
 * `count` from `skip`; plus the exact match a link, tag or record number names.
 */
export async function lookup(ctx: ServiceContext, input: LookupQuery, teamsAppId = ""): Promise<LookupResult> {
  const query = parseInput(LookupQuery, input);
  const now = ctx.clock.now();
  const target = parseLabkeepLink(query.q, teamsAppId);
  if (target) {
    const match = await resolveTarget(ctx, target);
    return { match, items: match ? [match] : [], total: match ? 1 : 0, skip: query.skip, count: query.count };
  }

  const equipmentScope = labsFor(ctx, "equipment", "view");
  const recordScope = labsFor(ctx, "record", "view");
  const equipmentWhere: Prisma.EquipmentWhereInput = { AND: [labFilter(equipmentScope), { status: { not: "OBSOLETE" } }, equipmentSearch(query.q)] };
  const number = parseRecordNumber(query.q);
  const bare = /^\d{1,9}$/.test(query.q) ? Number(query.q) : null;
  // Records: open work on matching instruments, and any record named by its number.
  const recordWhere: Prisma.PmRecordWhereInput = {
    AND: [
      labFilter(recordScope),
      {
        OR: [
          { status: "OPEN", equipment: equipmentSearch(query.q) },
          ...(number ? [{ number: number.number, lab: { code: number.labCode } }] : []),
          ...(bare !== null ? [{ number: bare }] : []),
        ],
      },
    ],
  };
  const [match, equipmentTotal, recordTotal] = await Promise.all([
    exactMatch(ctx, query.q),
    empty(equipmentScope) ? 0 : ctx.db.equipment.count({ where: equipmentWhere }),
    empty(recordScope) ? 0 : ctx.db.pmRecord.count({ where: recordWhere }),
  ]);
  const equipmentTake = Math.max(0, Math.min(query.count, equipmentTotal - query.skip));
  const recordSkip = Math.max(0, query.skip - equipmentTotal);
  const recordTake = query.count - equipmentTake;
  const [equipment, records] = await Promise.all([
    equipmentTake > 0
      ? ctx.db.equipment.findMany({ where: equipmentWhere, include: equipmentInclude, orderBy: [{ assetTag: "asc" }], skip: query.skip, take: equipmentTake })
      : [],
    recordTake > 0 && recordSkip < recordTotal
      ? ctx.db.pmRecord.findMany({ where: recordWhere, include: recordInclude, orderBy: [{ status: "asc" }, { dueAt: "asc" }, { id: "asc" }], skip: recordSkip, take: recordTake })
      : [],
  ]);
  const items: LookupHit[] = [
    ...equipment.map((e): LookupHit => ({ kind: "equipment", equipment: instrumentRef(ctx, e) })),
    ...records.map((r): LookupHit => ({ kind: "record", record: summary(r, now) })),
  ];
  return { match, items, total: equipmentTotal + recordTotal, skip: query.skip, count: query.count };
}


/** The open work of several instruments in one query (the message extension's result list). */
export async function workOf(ctx: ServiceContext, instruments: InstrumentRef[]): Promise<InstrumentWork[]> {
  if (instruments.length === 0) return [];
  const scope = labsFor(ctx, "record", "view");
  const now = ctx.clock.now();
  const rows = empty(scope)
    ? []
    : await ctx.db.pmRecord.findMany({
        where: { AND: [labFilter(scope), { equipmentId: { in: instruments.map((i) => i.id) }, status: "OPEN" }] },
        include: recordInclude,
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      });
  return instruments.map((instrument) => {
    const open = rows.filter((r) => r.equipmentId === instrument.id).map((r) => summary(r, now));
    return { ...instrument, open, overdue: open.filter((r) => r.overdue).length, next: open[0] ?? null };
  });
}
