/** "2 – 8 °C", "≥ 2 °C", "≤ 8 °C" or "" for a reading's limits. */
export function limitsText(item: { min: number | null; max: number | null; unit: string | null }): string {
  const unit = item.unit ? ` ${item.unit}` : "";
  if (item.min !== null && item.max !== null) return `${item.min} – ${item.max}${unit}`;
  if (item.min !== null) return `≥ ${item.min}${unit}`;
  if (item.max !== null) return `≤ ${item.max}${unit}`;
  return "";
}
