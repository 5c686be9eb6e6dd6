import type { CorrectiveActionDetail, CorrectiveActionView } from "../../domain/corrective/corrective.service.ts";
import { dayCount, daysAgo, dueByEndOf, labTime } from "../../domain/time/format.ts";
import { card, heading, literal, openUrl, subtle, text } from "./common.ts";
import type { Card } from "./types.ts";

const STATUS_TEXT: Record<string, string> = { ACTIVE: "Active", IN_REPAIR: "In Repair", OUT_OF_SERVICE: "Out of Service", OBSOLETE: "Obsolete" };

/** How old a CA is: "today", "4 days ago" while open; how long it stayed open once closed. */
const age = (ca: CorrectiveActionView) => (ca.status === "OPEN" ? daysAgo(ca.ageDays) : ca.ageDays === 0 ? "closed the same day" : `closed after ${dayCount(ca.ageDays)}`);

/** "CA-12 · BOS-INC-001 · Out of Service" and its facts: what is wrong, who, due, age. */
export function correctiveActionCard(ca: CorrectiveActionDetail, url: string, now: Date): Card {
  const facts = [
    { title: "What is wrong", value: literal(ca.problem) },
    { title: "Assigned to", value: ca.assignee?.displayName ?? "nobody yet" },
    { title: "Due", value: `${dueByEndOf(ca.dueAt, ca.lab, now)}${ca.overdue ? " — overdue" : ""}` },
    { title: "Opened", value: `${labTime(ca.openedAt, ca.lab)}, ${age(ca)}` },
  ];
  const body: Record<string, unknown>[] = [
    heading(`${ca.number} · ${literal(ca.equipment.assetTag)} · ${STATUS_TEXT[ca.equipment.status] ?? ca.equipment.status}`),
    { type: "FactSet", facts },
  ];
  if (ca.status === "CLOSED") body.push(text(`Closed${ca.verificationRecord ? `, verified by ${ca.verificationRecord.number}` : ""}`, { color: "Good", weight: "Bolder" }));
  for (const action of ca.actions.slice(-3)) body.push(subtle(`${labTime(action.at, ca.lab)} · ${literal(action.by?.displayName ?? "Labkeep")}: ${literal(action.text)}`));
  return card(body, [openUrl("Open in Labkeep", url)]);
}

/** Corrective actions as a list: assigned to me first, then the others open. */
export function correctiveActionsCard(mine: CorrectiveActionView[], others: CorrectiveActionView[], urlOf: (id: number) => string, now: Date): Card {
  const row = (ca: CorrectiveActionView) => ({
    type: "Container",
    selectAction: { type: "Action.OpenUrl", url: urlOf(ca.id) },
    items: [
      text(`**${ca.number}** · ${literal(ca.equipment.assetTag)} · ${literal(ca.problem)}`),
      subtle(`${ca.assignee?.displayName ?? "Unassigned"} · due ${dueByEndOf(ca.dueAt, ca.lab, now)} · opened ${daysAgo(ca.ageDays)}${ca.overdue ? " · overdue" : ""}`),
    ],
  });
  const body: Record<string, unknown>[] = [heading("Corrective actions")];
  body.push(text(`Assigned to me (${mine.length})`, { weight: "Bolder" }), ...(mine.length ? mine.map(row) : [subtle("None.")]));
  body.push(text(`Other open ones (${others.length})`, { weight: "Bolder" }), ...(others.length ? others.map(row) : [subtle("None.")]));
  return card(body);
}
