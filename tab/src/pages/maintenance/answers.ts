import type { RecordResult } from "../../../../domain/db/generated/enums.ts";
import type { CheckOutcome } from "../../api/types.ts";

export const OUTCOME_LABELS: Record<CheckOutcome, string> = { DONE: "Done", NOT_DONE: "Not done", NOT_APPLICABLE: "N/A" };

/** One answer as read back: "Done", "1500 rpm", the text, or "—" when left empty. */
export function answerText(item: { kind: string; outcome?: CheckOutcome | null; reading?: number | null; unit: string | null; text?: string | null }): string {
  if (item.kind === "CHECK") return item.outcome ? OUTCOME_LABELS[item.outcome] : "—";
  if (item.kind === "READING") return item.reading == null ? "—" : `${item.reading}${item.unit ? ` ${item.unit}` : ""}`;
  return item.text || "—";
}

/** "Pass" / "Fail", the one spelling of a record's overall result. */
export function resultLabel(result: RecordResult | null | undefined): string {
  return result === "PASS" ? "Pass" : result === "FAIL" ? "Fail" : "—";
}

/** Completed after its due time (ISO strings of one format compare as instants). */
export function isLate(record: { completedAt: string | null; dueAt: string }): boolean {
  return record.completedAt !== null && Date.parse(record.completedAt) > Date.parse(record.dueAt);
}
