/**
 * Sliding-window rate limiter for Teams' documented limits. Each key (a conversation, a tenant)
 * has windows of `limit` calls per `ms`; a caller gets the earliest slot that keeps every window
 * of every key it names under its limit.
 */
export interface Window {
  limit: number;
  ms: number;
}

export interface LimitKey {
  key: string;
  windows: readonly Window[];
}

/**
 * Teams: per bot per conversation 7/s, 60/30 s, 1,800/h. Each window is 250 ms longer than the
 * documented one: requests leave on time but reach Teams with some jitter (new connections), and
 * a burst that arrives bunched would count against the limit.
 */
export const CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 7, ms: 1_250 },
  { limit: 60, ms: 30_250 },
  { limit: 1_800, ms: 3_600_250 },
];
/** Teams: per app per tenant 30/s (throughput matters here; a rare 429 from jitter is retried). */
export const TENANT_WINDOWS: readonly Window[] = [{ limit: 30, ms: 1_000 }];

export class RateLimiter {
  private readonly slots = new Map<string, number[]>();
  private reservations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Asks for the earliest slot allowed by every key. The last key is the shared queue (the
   * tenant): a slot is reserved only when that queue is what sets the time. When another key (a
   * busy conversation) needs a later time, nothing is reserved and the caller asks again after
   * `delay`, so one busy conversation never holds up the others.
   */
  reserve(keys: readonly LimitKey[]): { delay: number; reserved: boolean } {
    const now = this.now();
    const earliest = keys.map((k) => this.earliest(k, now));
    const at = Math.max(now, ...earliest);
    if (at > earliest[earliest.length - 1]!) return { delay: at - now, reserved: false };
    for (const { key, windows } of keys) {
      let taken = this.slots.get(key);
      if (!taken) this.slots.set(key, (taken = []));
      taken.push(at);
      const longest = Math.max(...windows.map((w) => w.limit));
      if (taken.length > longest * 2) taken.splice(0, taken.length - longest);
    }
    if (++this.reservations % 1_000 === 0) this.prune(now);
    return { delay: at - now, reserved: true };
  }

  /** Slots per key are handed out in order, so a window only needs its L-th most recent slot. */
  private earliest({ key, windows }: LimitKey, now: number): number {
    const taken = this.slots.get(key);
    if (!taken || taken.length === 0) return now;
    let at = Math.max(now, taken[taken.length - 1]!);
    for (const w of windows) if (taken.length >= w.limit) at = Math.max(at, taken[taken.length - w.limit]! + w.ms);
    return at;
  }

  private prune(now: number): void {
    const hour = 3_600_000;
    for (const [key, taken] of this.slots) if (taken[taken.length - 1]! < now - hour) this.slots.delete(key);
  }
}
