import { RateLimiter, type LimitKey } from "./rate-limiter.ts";

/** How a sender paces and retries; every field has a default (tests shorten the waits). */
export interface PacingOptions {
  limiter?: RateLimiter;
  /** Total attempts per message, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The discipline every proactive sender shares (the connector's messages, the activity feed): wait
 * for a slot under the rate windows before each attempt, and between attempts back off with full
 * jitter over an exponential ceiling, never shorter than the server's Retry-After.
 */
export class Pacing {
  readonly maxAttempts: number;
  private readonly limiter: RateLimiter;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: PacingOptions, defaultAttempts: number) {
    this.limiter = options.limiter ?? new RateLimiter();
    this.maxAttempts = options.maxAttempts ?? defaultAttempts;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /** Waits until every key has room in its windows, and takes the slot. */
  async slot(keys: readonly LimitKey[]): Promise<void> {
    for (;;) {
      const { delay, reserved } = this.limiter.reserve(keys);
      if (delay > 0) await this.sleep(delay);
      if (reserved) return;
    }
  }

  /** After a failed attempt: waits before the next one, unless it was the last. */
  async afterFailure(attempt: number, serverDelay: number | null): Promise<void> {
    if (attempt + 1 < this.maxAttempts) await this.sleep(this.backoff(attempt, serverDelay));
  }

  private backoff(attempt: number, serverDelay: number | null): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    const jittered = ceiling / 2 + (this.random() * ceiling) / 2;
    return serverDelay === null ? jittered : Math.max(serverDelay, jittered);
  }
}
