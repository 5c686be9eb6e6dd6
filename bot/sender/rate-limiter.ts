/**
 * Sliding-window rate limiter for Teams' documented limits. Each key (a conversation, a tenant)
 * has windows of `limit` calls per `ms`. A caller reserves the earliest slot that keeps every
 * window of every key it names under its limit; slots per key are handed out in order, so a
 * window check only needs the L-th most recent reservation.
 */
export interface Window {
  limit: number;
  ms: number;
}

export interface LimitKey {
  key: string;
  windows: readonly Window[];
}

/** Teams: per bot per conversation 7/s, 60/30 s, 1,800/h. */
export const CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];
/** Teams: per app per tenant 30/s. */
export const TENANT_WINDOWS: readonly Window[] = [{ limit: 30, ms: 1_000 }];

export class RateLimiter {
  private readonly slots = new Map<string, number[]>();
  private reservations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Reserves a slot and returns the delay (ms) until it; the caller waits that long. */
  reserve(keys: readonly LimitKey[]): number {
    const now = this.now();
    let at = now;
    for (const { key, windows } of keys) {
      const taken = this.slots.get(key);
      if (!taken || taken.length === 0) continue;
      at = Math.max(at, taken[taken.length - 1]!);
      for (const w of windows) {
        if (taken.length >= w.limit) at = Math.max(at, taken[taken.length - w.limit]! + w.ms);
      }
    }
    for (const { key, windows } of keys) {
      let taken = this.slots.get(key);
      if (!taken) this.slots.set(key, (taken = []));
      taken.push(at);
      const longest = Math.max(...windows.map((w) => w.limit));
      if (taken.length > longest * 2) taken.splice(0, taken.length - longest);
    }
    if (++this.reservations % 1_000 === 0) this.prune(now);
    return at - now;
  }

  private prune(now: number): void {
    const hour = 3_600_000;
    for (const [key, taken] of this.slots) if (taken[taken.length - 1]! < now - hour) this.slots.delete(key);
  }
}
