import { Pacing, type PacingOptions } from "./pacing.ts";
import { CONVERSATION_WINDOWS, TENANT_WINDOWS } from "./rate-limiter.ts";

/** A Bot Framework activity as JSON (Connector REST API): what the sender posts. */
export interface OutgoingActivity {
  type?: string;
  id?: string;
  attachments?: { contentType: string; content: unknown }[];
  [field: string]: unknown;
}

/** Where a proactive message goes: what a stored conversation reference gives. */
export interface SendTarget {
  serviceUrl: string;
  conversationId: string;
  tenantId: string | null;
}

export type SendResult =
  | { status: "sent"; activityId: string; retries: number }
  /** Teams answered 403 or 404: the bot was removed or the conversation no longer exists. */
  | { status: "gone"; httpStatus: number; retries: number }
  | { status: "failed"; error: string; retries: number };

/** Returns the Authorization header value for the connector, or null in local development. */
export type TokenSource = () => Promise<string | null>;

export interface SenderOptions extends PacingOptions {
  tokenSource: TokenSource;
}

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const GONE = new Set([403, 404]);

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The one proactive sender. Every call waits for a slot under Teams' per-conversation and
 * per-tenant limits, retries 412/429/502/503/504 and network errors with exponential backoff,
 * full jitter and at least the server's Retry-After, and never retries 403/404.
 */
export class ProactiveSender {
  private readonly pacing: Pacing;

  constructor(private readonly options: SenderOptions) {
    this.pacing = new Pacing(options, 8);
  }

  /** Posts a new activity to the conversation. */
  send(target: SendTarget, activity: OutgoingActivity): Promise<SendResult> {
    return this.call(target, "POST", "", activity);
  }

  /** Replaces an activity the bot sent earlier (e.g. a digest card). */
  update(target: SendTarget, activityId: string, activity: OutgoingActivity): Promise<SendResult> {
    return this.call(target, "PUT", `/${encodeURIComponent(activityId)}`, { ...activity, id: activityId });
  }

  private async call(target: SendTarget, method: string, suffix: string, activity: OutgoingActivity): Promise<SendResult> {
    const url = `${target.serviceUrl.replace(/\/+$/, "")}/v3/conversations/${encodeURIComponent(target.conversationId)}/activities${suffix}`;
    const body = JSON.stringify({ type: "message", ...activity, conversation: { id: target.conversationId } });
    let lastError = "";
    for (let attempt = 0; attempt < this.pacing.maxAttempts; attempt++) {
      // A slot under the conversation's and the tenant's limits.
      await this.pacing.slot([
        { key: `c:${target.conversationId}`, windows: CONVERSATION_WINDOWS },
        { key: `t:${target.tenantId ?? ""}`, windows: TENANT_WINDOWS },
      ]);
      let serverDelay: number | null = null;
      try {
        const headers: Record<string, string> = { "content-type": "application/json" };
        const token = await this.options.tokenSource();
        if (token) headers.authorization = token;
        const response = await fetch(url, { method, headers, body });
        const text = await response.text();
        if (response.ok) {
          const id = text ? ((JSON.parse(text) as { id?: string }).id ?? "") : "";
          return { status: "sent", activityId: id || (activity.id ?? ""), retries: attempt };
        }
        if (GONE.has(response.status)) return { status: "gone", httpStatus: response.status, retries: attempt };
        lastError = `HTTP ${response.status}`;
        if (!RETRYABLE.has(response.status)) return { status: "failed", error: lastError, retries: attempt };
        serverDelay = retryAfterMs(response.headers.get("retry-after"));
      } catch (error) {
        lastError = (error as Error).message;
      }
      await this.pacing.afterFailure(attempt, serverDelay);
    }
    return { status: "failed", error: lastError, retries: this.pacing.maxAttempts - 1 };
  }
}
