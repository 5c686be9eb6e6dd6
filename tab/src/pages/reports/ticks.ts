/**
 * Axis ticks at round steps (1, 2 or 5 times a power of ten) from 0 to at least `highest`, at most
 * `most` + 1 of them: 13 gives 0, 5, 10, 15 rather than 0, 7, 13.
 */
export function niceTicks(highest: number, most = 5): number[] {
  if (!(highest > 0)) return [0, 1];
  const rough = highest / most;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  // Whole numbers only: the charts count records or percentages.
  const whole = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let t = 0; t < highest + whole; t += whole) {
    ticks.push(t);
    if (t >= highest) break;
  }
  return ticks;
}
