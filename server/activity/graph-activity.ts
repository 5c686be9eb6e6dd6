/**
 * Sends one activity-feed notification through Microsoft Graph (`POST
 * /users/{id}/teamwork/sendActivityNotification`, application permission TeamsActivity.Send) with
 * the proactive sender's discipline: a slot under a per-recipient and a per-tenant window first,
 * then retries of 429 / 5xx / network errors with exponential backoff, full jitter and at least
 * the server's Retry-After, a bounded number of times. Other 4xx are not retried.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import { RateLimiter, type Window } from "../../bot/sender/rate-limiter.ts";
import { retryAfterMs } from "../../bot/sender/sender.ts";

/** Labkeep's own pacing of the feed (Graph answers 429 beyond its limits; those are retried too). */
export const RECIPIENT_WINDOWS: readonly Window[] = [{ limit: 5, ms: 10_000 }];
export const FEED_TENANT_WINDOWS: readonly Window[] = [{ limit: 10, ms: 1_000 }];

/** The request body of sendActivityNotification (Microsoft Graph v1.0). */
export interface ActivityNotificationBody {
  topic: { source: "text"; value: string; webUrl: string } | { source: "entityUrl"; value: string };
  activityType: string;
  previewText: { content: string };
  templateParameters: { name: string; value: string }[];
  teamsAppId?: string;
}

export type ActivitySendResult = { status: "sent"; retries: number } | { status: "failed"; error: string; retries: number; httpStatus: number | null };

export interface ActivitySenderOptions {
  client: Client;
  tenantId: string;
  limiter?: RateLimiter;
  /** Replace RECIPIENT_WINDOWS / FEED_TENANT_WINDOWS (tests). */
  windows?: { recipient: readonly Window[]; tenant: readonly Window[] };
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface GraphFailure {
  statusCode?: number;
  code?: string;
  message?: string;
  headers?: Headers;
}

export class GraphActivitySender {
  private readonly limiter: RateLimiter;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: ActivitySenderOptions) {
    this.limiter = options.limiter ?? new RateLimiter();
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  async send(aadObjectId: string, body: ActivityNotificationBody): Promise<ActivitySendResult> {
    const path = `/users/${encodeURIComponent(aadObjectId)}/teamwork/sendActivityNotification`;
    let lastError = "";
    let lastStatus: number | null = null;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      await this.slot(aadObjectId);
      let serverDelay: number | null;
      try {
        await this.options.client.api(path).post(body);
        return { status: "sent", retries: attempt };
      } catch (error) {
        const failure = error as GraphFailure;
        lastStatus = typeof failure.statusCode === "number" && failure.statusCode > 0 ? failure.statusCode : null;
        lastError = lastStatus ? `HTTP ${lastStatus}${failure.code ? ` ${failure.code}` : ""}` : (failure.message ?? String(error));
        if (lastStatus !== null && lastStatus !== 429 && lastStatus < 500) return { status: "failed", error: `${lastError}: ${failure.message ?? ""}`.trim(), retries: attempt, httpStatus: lastStatus };
        serverDelay = retryAfterMs(failure.headers?.get("Retry-After") ?? null);
      }
      if (attempt + 1 < this.maxAttempts) await this.sleep(this.backoff(attempt, serverDelay));
    }
    return { status: "failed", error: lastError, retries: this.maxAttempts - 1, httpStatus: lastStatus };
  }

  private async slot(aadObjectId: string): Promise<void> {
    for (;;) {
      const { delay, reserved } = this.limiter.reserve([
        { key: `u:${aadObjectId}`, windows: this.options.windows?.recipient ?? RECIPIENT_WINDOWS },
        { key: `t:${this.options.tenantId}`, windows: this.options.windows?.tenant ?? FEED_TENANT_WINDOWS },
      ]);
      if (delay > 0) await this.sleep(delay);
      if (reserved) return;
    }
  }

  private backoff(attempt: number, serverDelay: number | null): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    const jittered = ceiling / 2 + (this.random() * ceiling) / 2;
    return serverDelay === null ? jittered : Math.max(serverDelay, jittered);
  }
}
