/**
 * The traceability chain (R-CAL, ISO/IEC 17025 §6.5): an instrument's calibration, the reference
 * standards it used, the calibration each of those held on that day, their standards, and so on.
 * Each level is one query for the whole level; a standard met again on the same path (a loop in
 * the data) stops there.
 */
import { requireItemRight } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { parseId } from "../input.ts";
import { inScope, labScope } from "../policy/policy.ts";
import { dateColumn, isoDateOf } from "./interval.ts";

export interface TraceNode {
  equipmentId: number;
  assetTag: string;
  /** The calibration in force that day (null: none recorded, the chain ends here). */
  calibration: { id: number; calibratedOn: string; certificateNumber: string | null; provider: string; providerName: string | null; result: string; nextDueOn: string } | null;
  standards: TraceNode[];
  /** True when this instrument is not visible to the reader: named, not opened. */
  hidden?: boolean;
}

const MAX_DEPTH = 8;

/**
 * The chain below an instrument's latest calibration, or below a given calibration
 * (`calibrationId`). `depth` limits the levels of standards followed.
 */
export async function traceability(ctx: ServiceContext, equipmentId: unknown, options: { calibrationId?: number; depth?: number } = {}): Promise<TraceNode> {
  const id = parseId(equipmentId);
  const root = await ctx.db.equipment.findUnique({ where: { id }, select: { id: true, assetTag: true, labId: true } });
  if (!root) throw notFound("Equipment");
  requireItemRight(ctx, "calibration", "view", root.labId, "Equipment");
  const visible = labScope(ctx.principal, "calibration", "view");
  const depth = Math.min(options.depth ?? MAX_DEPTH, MAX_DEPTH);

  const first = options.calibrationId
    ? await ctx.db.calibrationEvent.findFirst({ where: { id: options.calibrationId, equipmentId: id } })
    : await ctx.db.calibrationEvent.findFirst({ where: { equipmentId: id }, orderBy: [{ calibratedOn: "desc" }, { id: "desc" }] });
  if (options.calibrationId && !first) throw notFound("Calibration");

  type Pending = { node: TraceNode; eventId: number; path: Set<number>; level: number };
  const nodeOf = (equipment: { id: number; assetTag: string }, event: typeof first): TraceNode => ({
    equipmentId: equipment.id,
    assetTag: equipment.assetTag,
    calibration: event
      ? { id: event.id, calibratedOn: isoDateOf(event.calibratedOn), certificateNumber: event.certificateNumber, provider: event.provider, providerName: event.providerName, result: event.result, nextDueOn: isoDateOf(event.nextDueOn) }
      : null,
    standards: [],
  });
  const top = nodeOf(root, first);
  let level: Pending[] = first ? [{ node: top, eventId: first.id, path: new Set([root.id]), level: 0 }] : [];
  while (level.length) {
    const uses = await ctx.db.calibrationStandardUse.findMany({
      where: { eventId: { in: level.map((p) => p.eventId) } },
      include: { standard: { select: { id: true, assetTag: true, labId: true } }, event: { select: { calibratedOn: true } } },
      orderBy: { standardId: "asc" },
    });
    const next: Pending[] = [];
    for (const use of uses) {
      const parent = level.find((p) => p.eventId === use.eventId)!;
      if (!inScope(visible, use.standard.labId)) {
        parent.node.standards.push({ equipmentId: use.standard.id, assetTag: use.standard.assetTag, calibration: null, standards: [], hidden: true });
        continue;
      }
      // The standard's calibration in force on the day it was used.
      const held = await ctx.db.calibrationEvent.findFirst({
        where: { equipmentId: use.standard.id, calibratedOn: { lte: dateColumn(isoDateOf(use.event.calibratedOn)) } },
        orderBy: [{ calibratedOn: "desc" }, { id: "desc" }],
      });
      const node = nodeOf(use.standard, held);
      parent.node.standards.push(node);
      if (held && !parent.path.has(use.standard.id) && parent.level + 1 < depth) {
        next.push({ node, eventId: held.id, path: new Set([...parent.path, use.standard.id]), level: parent.level + 1 });
      }
    }
    level = next;
  }
  return top;
}
