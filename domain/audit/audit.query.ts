import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import type { AuditEvent, Prisma } from "../db/generated/client.ts";
import { requireScope } from "../access/guard.ts";
import { parseInput, queryId } from "../input.ts";
import type { Action } from "../policy/policy.ts";
import type { Page } from "../page.ts";
import { AUDIT_ACTIONS } from "./events.ts";
import { referenceCondition, subjectsOf } from "./audit.subjects.ts";

const ENTITY_TYPES = Object.keys(AUDIT_ACTIONS) as [keyof typeof AUDIT_ACTIONS, ...(keyof typeof AUDIT_ACTIONS)[]];

/** Query of `GET /api/audit` and its CSV export. `from` is inclusive, `to` exclusive. */
export const ListAuditQuery = z
  .object({
    labId: queryId().optional(),
    userId: queryId().optional(),
    entityType: z.enum(ENTITY_TYPES).optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    action: z.string().trim().max(60).optional(),
    /** A record number (BOS-000128) or an asset tag: the events about it. */
    reference: z.string().trim().min(1).max(100).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    /** `at` is the trail's own order (seq); the others break ties by it. */
    sort: z.enum(["at", "action", "actor"]).default("at"),
    dir: z.enum(["asc", "desc"]).default("desc"),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "`from` must not be after `to`.", path: ["from"] });
export type ListAuditQuery = z.input<typeof ListAuditQuery>;

export interface AuditEventView {
  seq: string;
  at: Date;
  actor: { id: number | null; name: string };
  source: string;
  action: string;
  entityType: string;
  entityId: string;
  labId: number | null;
  /** What the event is about, as people name it (record number and asset tag, asset tag, user name…); null if gone or lab-less. */
  subject: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

function view(e: AuditEvent, subjects: ReadonlyMap<string, string>): AuditEventView {
  return {
    seq: e.seq.toString(),
    at: e.at,
    actor: { id: e.actorId, name: e.actorName },
    source: e.source,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    labId: e.labId,
    subject: subjects.get(`${e.entityType}:${e.entityId}`) ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason,
  };
}

/**
 * The events the caller may see: global roles see everything, others the events of their labs.
 * Events without a lab (models, tasks, lab-less system jobs) are for global roles only.
 */
async function scopedWhere(ctx: ServiceContext, query: z.output<typeof ListAuditQuery>, action: Action): Promise<Prisma.AuditEventWhereInput> {
  const scope = requireScope(ctx, "audit", action, query.labId);
  const where: Prisma.AuditEventWhereInput = scope === "all" ? {} : { labId: { in: [...scope] } };
  if (query.userId !== undefined) where.actorId = query.userId;
  if (query.entityType) where.entityType = query.entityType;
  if (query.entityId) where.entityId = query.entityId;
  if (query.action) where.action = query.action;
  if (query.from || query.to) where.at = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) };
  return query.reference ? { AND: [where, await referenceCondition(ctx.db, query.reference)] } : where;
}

const AUDIT_SORT = {
  at: [],
  action: ["action"],
  actor: ["actorName"],
} as const satisfies Record<string, readonly (keyof Prisma.AuditEventOrderByWithRelationInput)[]>;

/** The chosen column, then the trail's sequence (unique) in the same direction: pages never overlap. */
function auditOrder(query: z.output<typeof ListAuditQuery>): Prisma.AuditEventOrderByWithRelationInput[] {
  return [...AUDIT_SORT[query.sort].map((key) => ({ [key]: query.dir })), { seq: query.dir }];
}

/** A page of the audit trail, newest first unless sorted otherwise. */
export async function listAuditEvents(ctx: ServiceContext, filters: ListAuditQuery = {}): Promise<Page<AuditEventView>> {
  const query = parseInput(ListAuditQuery, filters);
  const where = await scopedWhere(ctx, query, "view");
  const [rows, total] = await Promise.all([
    ctx.db.auditEvent.findMany({ where, orderBy: auditOrder(query), skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    ctx.db.auditEvent.count({ where }),
  ]);
  const subjects = await subjectsOf(ctx.db, rows);
  return { items: rows.map((row) => view(row, subjects)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * The whole filtered trail for an export, oldest first, in batches read by key (`seq`), so an
 * export of millions of events streams in constant memory. Needs the "export" right.
 */
export async function* auditEventBatches(ctx: ServiceContext, filters: ListAuditQuery = {}, batchSize = 2000): AsyncGenerator<AuditEventView[]> {
  const query = parseInput(ListAuditQuery, filters);
  const where = await scopedWhere(ctx, query, "export");
  let after = -1n;
  for (;;) {
    const rows = await ctx.db.auditEvent.findMany({ where: { AND: [where, { seq: { gt: after } }] }, orderBy: { seq: "asc" }, take: batchSize });
    if (rows.length === 0) return;
    const subjects = await subjectsOf(ctx.db, rows);
    yield rows.map((row) => view(row, subjects));
    after = rows[rows.length - 1]!.seq;
    if (rows.length < batchSize) return;
  }
}
