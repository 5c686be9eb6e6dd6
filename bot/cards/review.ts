import { labTime } from "../../domain/time/format.ts";
import { card, execute, heading, literal, openUrl, subtle, text } from "./common.ts";
import type { Card } from "./types.ts";

/** One record awaiting the reader's review, as the card lists it. */
export interface ReviewRow {
  recordId: number;
  number: string;
  equipment: string;
  performer: string;
  completedAt: Date;
  timeZone: string;
  labCode: string;
  result: "PASS" | "FAIL" | null;
  /** Why it awaits review again after a decision ("Amended after review"); null otherwise. */
  note: string | null;
}

export interface ReviewCardData {
  awaiting: { labCode: string; count: number }[];
  awaitingTotal: number;
  /** The reader's own records returned to them for correction. */
  returned: number;
  rows: ReviewRow[];
  /** A line on top: what the last action did, or why it was refused. */
  notice?: { text: string; tone: "done" | "refused" };
  queueUrl: string;
}

/** Each row's reason input has its own id (a card's input ids must be unique). */
export const returnReasonInput = (recordId: number) => `returnReason-${recordId}`;

/** "6 records await your review", "1 record awaits your review". */
export function awaitingTitle(count: number): string {
  return count === 1 ? "1 record awaits your review" : `${count} records await your review`;
}

function row(r: ReviewRow): Record<string, unknown> {
  const result = r.result === "FAIL" ? " · **Failed**" : r.result === "PASS" ? " · Passed" : "";
  return {
    type: "Container",
    separator: true,
    spacing: "Medium",
    items: [
      text(`**${r.number}** · ${literal(r.equipment)}${result}`),
      subtle(`Completed by ${literal(r.performer)} at ${labTime(r.completedAt, { code: r.labCode, timeZone: r.timeZone })}`),
      ...(r.note ? [text(`Note: ${literal(r.note)}`)] : []),
      {
        type: "ActionSet",
        actions: [
          execute("Reviewed", "review.approve", { recordId: r.recordId }),
          {
            type: "Action.ShowCard",
            title: "Return…",
            card: {
              type: "AdaptiveCard",
              body: [{ type: "Input.Text", id: returnReasonInput(r.recordId), label: `Why return ${r.number} to ${r.performer}?`, isMultiline: true, maxLength: 2000, isRequired: true, errorMessage: "A reason is required." }],
              actions: [execute("Return to performer", "review.return", { recordId: r.recordId })],
            },
          },
        ],
      },
    ],
  };
}

/**
 * The reviewer's card (R-REVIEW): how many records await their review, per lab, the oldest few
 * with Reviewed / Return buttons (answered through the domain, which refuses the performer), and
 * the reader's own records returned to them. Counts come from the data, never from the rows shown.
 */
export function reviewCard(data: ReviewCardData): Card {
  const body: Record<string, unknown>[] = [];
  if (data.notice) body.push(text(data.notice.text, { weight: "Bolder", color: data.notice.tone === "refused" ? "Attention" : "Default" }));
  body.push(heading(awaitingTitle(data.awaitingTotal)));
  if (data.awaiting.length > 0) body.push(subtle(data.awaiting.map((a) => `${a.labCode} ${a.count}`).join(" · ")));
  if (data.awaitingTotal === 0) body.push(text("Nothing awaits your review."));
  for (const r of data.rows) body.push(row(r));
  if (data.awaitingTotal > data.rows.length) body.push(subtle(`and ${data.awaitingTotal - data.rows.length} more in Labkeep`));
  if (data.returned > 0) {
    body.push(text(data.returned === 1 ? "1 of your records was returned to you for correction." : `${data.returned} of your records were returned to you for correction.`, { separator: true, spacing: "Medium" }));
  }
  return card(body, [openUrl("Open the review queue", data.queueUrl)]);
}

/** The digest's line for a reviewer: the count and a button that shows the review card. */
export function reviewDigestSection(awaitingTotal: number): Record<string, unknown> {
  return {
    type: "Container",
    separator: true,
    spacing: "Medium",
    items: [text(awaitingTitle(awaitingTotal), { weight: "Bolder" }), { type: "ActionSet", actions: [execute("Show them", "review.list", {})] }],
  };
}
