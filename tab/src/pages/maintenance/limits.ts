import { parseReading } from "../../../../domain/record/answers.ts";

/** "2 – 8 °C", "≥ 2 °C", "≤ 8 °C" or "" for a reading's limits. */
export function limitsText(item: { min: number | null; max: number | null; unit: string | null }): string {
  const unit = item.unit ? ` ${item.unit}` : "";
  if (item.min !== null && item.max !== null) return `${item.min} – ${item.max}${unit}`;
  if (item.min !== null) return `≥ ${item.min}${unit}`;
  if (item.max !== null) return `≤ ${item.max}${unit}`;
  return "";
}

/** A reading as typed that parses and lies outside the task's limits: the check will fail. */
export function outsideLimits(item: { kind: string; min: number | null; max: number | null }, typed: string | undefined): boolean {
  if (item.kind !== "READING") return false;
  const value = parseReading(typed ?? "");
  return value !== null && ((item.min !== null && value < item.min) || (item.max !== null && value > item.max));
}
