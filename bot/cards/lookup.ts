/**
 * The cards of the message extension and link unfurling: an instrument or a record with its live
 * status, drawn for the user who looks at it (Universal Actions refresh: each viewer gets the card
 * their own rights allow), and the previews Teams lists while the user types.
 */
import type { InstrumentWork } from "../../domain/lookup/lookup.service.ts";
import { calibrationBadgeText } from "../../domain/calibration/badge.ts";
import type { RecordSummary } from "../../domain/record/record.view.ts";
import { dueByEndOf, labTime, recordClock } from "../../domain/time/format.ts";
import { SCHEMA_VERSION, heading, literal, openDialog, openUrl, subtle, text } from "./common.ts";
import { FREQUENCY_LABEL, type Card } from "./types.ts";

/** What the card's refresh asks for again: one instrument or one record, for whoever views it. */
export interface LookupRef {
  kind: "equipment" | "record";
  id: number;
}

export const LOOKUP_REFRESH = "lookup.refresh";

export const EQUIPMENT_STATUS_LABEL = { ACTIVE: "Active", IN_REPAIR: "In repair", OUT_OF_SERVICE: "Out of service", OBSOLETE: "Obsolete" } as const;

type Element = Record<string, unknown>;

/**
 * A card with a refresh action. Teams refreshes automatically for the listed users (29:… ids) and,
 * in conversations of up to 60 people, for everyone; an empty list (a viewer not known yet, as in
 * zero-install unfurling) leaves the refresh to the card's menu.
 */
function lookupCard(body: Element[], actions: Element[], ref: LookupRef, userIds: string[]): Card {
  const refresh: Element = { action: { type: "Action.Execute", title: "Refresh", verb: LOOKUP_REFRESH, data: { ...ref } } };
  if (userIds.length > 0) refresh.userIds = userIds.slice(0, 60);
  const result: Card = { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: SCHEMA_VERSION, body, refresh };
  if (actions.length > 0) result.actions = actions;
  return result;
}

const facts = (rows: [string, string][]): Element => ({ type: "FactSet", facts: rows.map(([title, value]) => ({ title, value })) });

/** "Overdue", "Open", "Completed by Tom at Nov 20, 2026, 10:00 AM (BOS time)", "Not required". */
export function recordState(r: RecordSummary): string {
  if (r.status === "COMPLETED") {
    const by = r.completedBy ? ` by ${r.completedBy.displayName}` : "";
    return `Completed${by}${r.completedAt ? ` at ${labTime(r.completedAt, recordClock(r))}` : ""}${r.result === "FAIL" ? " (failed)" : ""}`;
  }
  if (r.status === "NOT_REQUIRED") return "Not required";
  return r.overdue ? "Overdue" : "Open";
}

export interface Viewing {
  now: Date;
  /** Deep link into the tab for this item. */
  url: string;
  userIds: string[];
}

/** Opening the checklist: a Teams dialog (task/fetch, the digest's Open button), answered by the bot. */
const openChecklist = (recordId: number, title = "Open checklist") => openDialog(title, { verb: "record.open", recordId });

export function instrumentCard(work: InstrumentWork, viewing: Viewing): Card {
  const where = [work.manufacturer, work.location, work.labName].filter(Boolean).join(" · ");
  const rows: [string, string][] = [];
  if (work.status) rows.push(["Status", EQUIPMENT_STATUS_LABEL[work.status]]);
  if (work.calibration) rows.push(["Calibration", calibrationBadgeText(work.calibration, work.labCode)]);
  rows.push(["Open work", work.open.length === 0 ? "Nothing open" : `${work.overdue} overdue · ${work.open.length} open`]);
  if (work.next) rows.push(["Next due", `${work.next.number} (${FREQUENCY_LABEL[work.next.frequency]}) ${dueByEndOf(work.next.dueAt, recordClock(work), viewing.now)}${work.next.overdue ? " · overdue" : ""}`]);
  const body: Element[] = [heading(`${literal(work.assetTag)} · ${literal(work.modelName)}`), subtle(literal(where)), facts(rows)];
  const actions: Element[] = [];
  if (work.next) actions.push(openChecklist(work.next.id));
  actions.push(openUrl("Open in Labkeep", viewing.url));
  return lookupCard(body, actions, { kind: "equipment", id: work.id }, viewing.userIds);
}

export function recordCard(record: RecordSummary, viewing: Viewing): Card {
  const what = [record.equipment.modelName, record.equipment.location].filter(Boolean).join(" · ");
  const rows: [string, string][] = [
    ["Frequency", FREQUENCY_LABEL[record.frequency]],
    ["Status", recordState(record)],
    ["Due", dueByEndOf(record.dueAt, recordClock(record), viewing.now)],
  ];
  const body: Element[] = [heading(`${record.number} · ${literal(record.equipment.assetTag)}`), subtle(literal(what)), facts(rows)];
  const actions: Element[] = [];
  if (record.status === "OPEN") actions.push(openChecklist(record.id));
  actions.push(openUrl("Open in Labkeep", viewing.url));
  return lookupCard(body, actions, { kind: "record", id: record.id }, viewing.userIds);
}

/** What a viewer who may not see the item (or was never identified) gets: nothing of the item but the way in. */
export function hiddenCard(ref: LookupRef, url: string, reason: string, userIds: string[]): Card {
  return lookupCard([heading("Labkeep"), text(reason)], [openUrl("Open in Labkeep", url)], ref, userIds);
}

/** The line Teams shows for a result while the user types (a thumbnail card's title and text). */
export function previewOf(hit: { kind: "equipment"; work: Pick<InstrumentWork, "assetTag" | "modelName" | "location" | "labCode" | "status"> } | { kind: "record"; record: RecordSummary }, now: Date) {
  if (hit.kind === "equipment") {
    const w = hit.work;
    const status = w.status ? ` · ${EQUIPMENT_STATUS_LABEL[w.status]}` : "";
    return { title: `${w.assetTag} · ${w.modelName}`, text: `${[w.location, w.labCode].filter(Boolean).join(" · ")}${status}` };
  }
  const r = hit.record;
  return { title: `${r.number} · ${r.equipment.assetTag}`, text: `${FREQUENCY_LABEL[r.frequency]} · ${recordState(r)} · due ${dueByEndOf(r.dueAt, recordClock(r), now)}` };
}
