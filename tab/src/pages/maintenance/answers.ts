import type { RecordResult } from "../../../../domain/db/generated/enums.ts";

/** One answer as read back ("Done", "1500 rpm", the text, or "Not answered"): the domain's wording, as the bot shows it. */
export { answerText, OUTCOME_LABEL as OUTCOME_LABELS } from "../../../../domain/record/answers.ts";

/** "Pass" / "Fail", the one spelling of a record's overall result. */
export function resultLabel(result: RecordResult | null | undefined): string {
  return result === "PASS" ? "Pass" : result === "FAIL" ? "Fail" : "—";
}

/** Completed after its due time (ISO strings of one format compare as instants). */
export function isLate(record: { completedAt: string | null; dueAt: string }): boolean {
  return record.completedAt !== null && Date.parse(record.completedAt) > Date.parse(record.dueAt);
}
