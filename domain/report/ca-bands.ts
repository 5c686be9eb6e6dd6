/** Age bands of open corrective actions, in whole lab-calendar days since opening (no I/O: the tab imports it). */
export const CA_AGE_BANDS = [
  { key: "days0To7", label: "0–7 days", max: 7 },
  { key: "days8To30", label: "8–30 days", max: 30 },
  { key: "days31To90", label: "31–90 days", max: 90 },
  { key: "over90Days", label: "> 90 days", max: Number.POSITIVE_INFINITY },
] as const;
export type CaAgeBand = (typeof CA_AGE_BANDS)[number]["key"];

export function ageBand(ageDays: number): CaAgeBand {
  return CA_AGE_BANDS.find((band) => ageDays <= band.max)!.key;
}
