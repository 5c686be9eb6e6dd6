/**
 * What a failed check says, in the words of the channel post and the corrective action:
 * "CO₂ concentration 6.2 % (4.7–5.3)". Pure: used by the record service, the bot and tests.
 */
export interface FailedAnswer {
  title: string;
  kind: "CHECK" | "READING" | "TEXT";
  unit: string | null;
  min: number | null;
  max: number | null;
  reading: number | null;
  outcome: "DONE" | "NOT_DONE" | "NOT_APPLICABLE" | null;
  passed: boolean;
}

/** "(4.7–5.3)", "(≥ 4.7)", "(≤ 5.3)", or nothing without limits. */
export function limitsText(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `(${min}–${max})`;
  if (min !== null) return `(≥ ${min})`;
  if (max !== null) return `(≤ ${max})`;
  return "";
}

export function failedAnswerText(answer: FailedAnswer): string {
  if (answer.kind === "READING" && answer.reading !== null) {
    const value = answer.unit ? `${answer.reading} ${answer.unit}` : String(answer.reading);
    return [answer.title, value, limitsText(answer.min, answer.max)].filter(Boolean).join(" ");
  }
  return `${answer.title}: not done`;
}

/** Every failed answer, joined: what is wrong. */
export function failureText(answers: readonly FailedAnswer[]): string {
  return answers.filter((a) => !a.passed).map(failedAnswerText).join("; ") || "Failed check";
}

/** `CA-12`: corrective actions are numbered per lab. */
export function formatCaNumber(number: number): string {
  return `CA-${number}`;
}

/** The channel post: "BOS-INC-001 failed CO₂ concentration 6.2 % (4.7–5.3) — out of service, corrective action CA-12 assigned to Marie". */
export function quarantineNotice(input: { assetTag: string; problem: string; outOfService: boolean; caNumber: number; assignee: string | null }): string {
  const status = input.outOfService ? "out of service" : "still in service";
  const who = input.assignee ? ` assigned to ${input.assignee.split(" ")[0]}` : "";
  return `${input.assetTag} failed ${input.problem} — ${status}, corrective action ${formatCaNumber(input.caNumber)}${who}`;
}
