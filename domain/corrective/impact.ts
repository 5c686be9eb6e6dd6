import { requireItemRight } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { DbOrTx } from "../db/client.ts";
import type { ImpactDecision, ImpactItemKind } from "../db/generated/enums.ts";
import { notFound } from "../errors.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import { csvFile } from "../report/csv.ts";
import { formatRecordNumber } from "../record/record.view.ts";
import { labTime, sortableLabTime, zoneLabel } from "../time/format.ts";
import { ImpactDecisionInput } from "./corrective.schemas.ts";
import { formatCaNumber } from "./failure.ts";

/**
 * The impact assessment (R-QUAR, ICH Q7 5.35): what was done with the instrument since its last
 * good check, for QA to decide on item by item. Computed from the data every time (a record
 * amended later changes the list); only the decisions are stored.
 *
 * Items: every completed PM record of the instrument after its last passing check before the
 * failure, up to and including the failure; every calibration of it recorded after its last good
 * calibration (PASS and not found out of tolerance) up to the failure; and every calibration of
 * another instrument that used it as a reference standard in that same window (one level: what
 * those instruments measured since is their own CA's business). Calibrations are placed by when
 * they were recorded, as PM records by when they were completed.
 */
export interface ImpactItem {
  kind: ImpactItemKind;
  itemId: number;
  reference: string;
  what: string;
  at: Date;
  atText: string;
  result: string | null;
  decision: { decision: ImpactDecision; comment: string | null; by: { id: number; displayName: string } | null; at: Date } | null;
}

interface CaScope {
  id: number;
  equipmentId: number;
  failedAt: Date;
  lab: { code: string; timeZone: string };
}

/** When the instrument last passed a check before the failure; null when it never did. */
export async function lastGoodCheck(db: DbOrTx, equipmentId: number, failedAt: Date): Promise<Date | null> {
  const good = await db.pmRecord.findFirst({
    where: { equipmentId, status: "COMPLETED", result: "PASS", completedAt: { lt: failedAt } },
    orderBy: { completedAt: "desc" },
    select: { completedAt: true },
  });
  return good?.completedAt ?? null;
}

/** When the instrument's last good calibration was recorded before the failure; null when none. */
export async function lastGoodCalibration(db: DbOrTx, equipmentId: number, failedAt: Date): Promise<Date | null> {
  const good = await db.calibrationEvent.findFirst({
    where: { equipmentId, result: "PASS", NOT: { asFoundPass: false }, recordedAt: { lt: failedAt } },
    orderBy: { recordedAt: "desc" },
    select: { recordedAt: true },
  });
  return good?.recordedAt ?? null;
}

const FREQUENCY: Record<string, string> = { DAILY: "Daily", WEEKLY: "Weekly", MONTHLY: "Monthly", QUARTERLY: "Quarterly", ANNUAL: "Annual" };

export async function impactItems(db: DbOrTx, ca: CaScope): Promise<ImpactItem[]> {
  const [since, sinceCalibration] = await Promise.all([lastGoodCheck(db, ca.equipmentId, ca.failedAt), lastGoodCalibration(db, ca.equipmentId, ca.failedAt)]);
  const calibrationWindow = { ...(sinceCalibration ? { gt: sinceCalibration } : {}), lte: ca.failedAt };
  const calibrationSelect = { id: true, calibratedOn: true, certificateNumber: true, result: true, recordedAt: true, equipment: { select: { assetTag: true } } } as const;
  const [records, own, asStandard, decisions] = await Promise.all([
    db.pmRecord.findMany({
      where: { equipmentId: ca.equipmentId, status: "COMPLETED", completedAt: { ...(since ? { gt: since } : {}), lte: ca.failedAt } },
      orderBy: [{ completedAt: "asc" }, { id: "asc" }],
      select: { id: true, number: true, frequency: true, completedAt: true, result: true, lab: { select: { code: true, timeZone: true } } },
    }),
    db.calibrationEvent.findMany({ where: { equipmentId: ca.equipmentId, recordedAt: calibrationWindow }, select: calibrationSelect }),
    db.calibrationEvent.findMany({ where: { equipmentId: { not: ca.equipmentId }, standards: { some: { standardId: ca.equipmentId } }, recordedAt: calibrationWindow }, select: calibrationSelect }),
    db.correctiveActionImpact.findMany({ where: { caId: ca.id }, include: { decidedBy: { select: { id: true, displayName: true } } } }),
  ]);
  const decided = new Map(decisions.map((d) => [`${d.itemKind}:${d.itemId}`, d]));
  const decisionOf = (key: string) => {
    const d = decided.get(key);
    return d ? { decision: d.decision, comment: d.comment, by: d.decidedBy, at: d.decidedAt } : null;
  };
  const recordItems: ImpactItem[] = records.map((r) => ({
    kind: "RECORD" as const,
    itemId: r.id,
    // A record keeps the number of the lab that generated it, even after a transfer.
    reference: formatRecordNumber(r.lab.code, r.number),
    what: `${FREQUENCY[r.frequency]} PM check`,
    at: r.completedAt!,
    atText: labTime(r.completedAt!, ca.lab),
    result: r.result,
    decision: decisionOf(`RECORD:${r.id}`),
  }));
  const calibrationItem = (c: (typeof own)[number], standard: boolean): ImpactItem => ({
    kind: "CALIBRATION" as const,
    itemId: c.id,
    reference: c.certificateNumber ?? `Calibration of ${c.calibratedOn.toISOString().slice(0, 10)}`,
    what: standard ? `Calibration of ${c.equipment.assetTag} (reference standard)` : "Calibration",
    at: c.recordedAt,
    atText: labTime(c.recordedAt, ca.lab),
    result: c.result,
    decision: decisionOf(`CALIBRATION:${c.id}`),
  });
  const items = [...recordItems, ...own.map((c) => calibrationItem(c, false)), ...asStandard.map((c) => calibrationItem(c, true))];
  return items.sort((a, b) => a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind) || a.itemId - b.itemId);
}

async function loadScope(ctx: ServiceContext, id: unknown, action: "view" | "assess" | "export") {
  const ca = await ctx.db.correctiveAction.findUnique({ where: { id: parseId(id) }, include: { lab: { select: { code: true, timeZone: true } }, equipment: { select: { assetTag: true } } } });
  if (!ca) throw notFound("Corrective action");
  requireItemRight(ctx, "correctiveAction", action, ca.labId, "Corrective action");
  return ca;
}

/** QA's decision on one item of the list (a later decision replaces it; each is audited). Open or closed, the assessment may go on. */
export async function decideImpact(ctx: ServiceContext, id: unknown, input: unknown): Promise<ImpactItem[]> {
  const ca = await loadScope(ctx, id, "assess");
  const body = parseInput(ImpactDecisionInput, input);
  const items = await impactItems(ctx.db, ca);
  const item = items.find((i) => i.kind === body.kind && i.itemId === body.itemId);
  if (!item) throw validationFailed([{ field: "itemId", message: "Not on this corrective action's impact list." }]);
  const now = ctx.clock.now();
  const comment = body.comment ? body.comment : null;
  await ctx.db.$transaction(async (tx) => {
    const key = { caId_itemKind_itemId: { caId: ca.id, itemKind: body.kind, itemId: body.itemId } };
    const before = await tx.correctiveActionImpact.findUnique({ where: key });
    await tx.correctiveActionImpact.upsert({
      where: key,
      create: { caId: ca.id, itemKind: body.kind, itemId: body.itemId, decision: body.decision, comment, decidedById: ctx.actor.userId, decidedAt: now },
      update: { decision: body.decision, comment, decidedById: ctx.actor.userId, decidedAt: now },
    });
    await writeAudit(tx, ctx.actor, now, {
      action: "ca.impact_decided",
      entityId: ca.id,
      labId: ca.labId,
      before: before ? { item: item.reference, decision: before.decision, comment: before.comment } : null,
      after: { item: item.reference, decision: body.decision, comment },
    });
  });
  return impactItems(ctx.db, ca);
}

const DECISION_TEXT: Record<ImpactDecision, string> = { NO_IMPACT: "No impact", RETEST: "Re-test", INVESTIGATE: "Investigate" };

/** The impact list as CSV for the auditor: one row per item, its decision, who decided and when, sortable in the CA's lab's time, named in the headers. */
export async function impactCsv(ctx: ServiceContext, id: unknown): Promise<{ filename: string; body: Buffer }> {
  const ca = await loadScope(ctx, id, "export");
  const items = await impactItems(ctx.db, ca);
  const caNumber = formatCaNumber(ca.number);
  const rows = items.map((i) => [
    caNumber,
    ca.equipment.assetTag,
    i.kind === "RECORD" ? "PM record" : "Calibration",
    i.reference,
    i.what,
    sortableLabTime(i.at, ca.lab.timeZone),
    i.result ?? "",
    i.decision ? DECISION_TEXT[i.decision.decision] : "Not decided",
    i.decision?.comment ?? "",
    i.decision?.by?.displayName ?? "",
    i.decision ? sortableLabTime(i.decision.at, ca.lab.timeZone) : "",
  ]);
  const zone = zoneLabel(ca.lab.code);
  const headers = ["Corrective action", "Asset tag", "Item", "Reference", "What", `Done at ${zone}`, "Result", "Decision", "Comment", "Decided by", `Decided at ${zone}`];
  return { filename: `${ca.lab.code}-${caNumber}-impact.csv`, body: csvFile(headers, rows) };
}
