/** A time-ordered queue of things to do during the simulated history. Stable for equal times. */
export interface Step {
  at: Date;
  label: string;
  run(): Promise<void>;
}

export class Timeline {
  private steps: (Step & { order: number })[] = [];
  private counter = 0;

  add(step: Step): void {
    const item = { ...step, order: this.counter++ };
    // Binary search keeps the queue sorted by (at, insertion order).
    let lo = 0;
    let hi = this.steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.steps[mid]!;
      if (other.at.getTime() < item.at.getTime() || (other.at.getTime() === item.at.getTime() && other.order < item.order)) lo = mid + 1;
      else hi = mid;
    }
    this.steps.splice(lo, 0, item);
  }

  /** The earliest step, removed from the queue. */
  shift(): Step | undefined {
    return this.steps.shift();
  }

  get size(): number {
    return this.steps.length;
  }
}
