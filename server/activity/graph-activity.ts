/**
 * Sends one activity-feed notification through Microsoft Graph (`POST
 * /users/{id}/teamwork/sendActivityNotification`, application permission TeamsActivity.Send) with
 * the proactive sender's discipline: a slot under a per-recipient and a per-tenant window first,
 * then retries of 429 / 5xx / network errors with exponential backoff, full jitter and at least
 * the server's Retry-After, a bounded number of times. Other 4xx are not retried.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import { Pacing, type PacingOptions } from "../../bot/sender/pacing.ts";
import type { Window } from "../../bot/sender/rate-limiter.ts";
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

export interface ActivitySenderOptions extends PacingOptions {
  client: Client;
  tenantId: string;
  /** Replace RECIPIENT_WINDOWS / FEED_TENANT_WINDOWS (tests). */
  windows?: { recipient: readonly Window[]; tenant: readonly Window[] };
}

interface GraphFailure {
  statusCode?: number;
  code?: string;
  message?: string;
  headers?: Headers;
}

export class GraphActivitySender {
  private readonly pacing: Pacing;

  constructor(private readonly options: ActivitySenderOptions) {
    this.pacing = new Pacing(options, 6);
  }

  async send(aadObjectId: string, body: ActivityNotificationBody): Promise<ActivitySendResult> {
    const path = `/users/${encodeURIComponent(aadObjectId)}/teamwork/sendActivityNotification`;
    let lastError = "";
    let lastStatus: number | null = null;
    for (let attempt = 0; attempt < this.pacing.maxAttempts; attempt++) {
      await this.pacing.slot([
        { key: `u:${aadObjectId}`, windows: this.options.windows?.recipient ?? RECIPIENT_WINDOWS },
        { key: `t:${this.options.tenantId}`, windows: this.options.windows?.tenant ?? FEED_TENANT_WINDOWS },
      ]);
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
      await this.pacing.afterFailure(attempt, serverDelay);
    }
    return { status: "failed", error: lastError, retries: this.pacing.maxAttempts - 1, httpStatus: lastStatus };
  }
}
