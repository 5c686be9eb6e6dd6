import { CONVERSATION_WINDOWS, RateLimiter, TENANT_WINDOWS } from "./rate-limiter.ts";

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

export interface SenderOptions {
  tokenSource: TokenSource;
  limiter?: RateLimiter;
  /** Total attempts per message, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const GONE = new Set([403, 404]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  private readonly limiter: RateLimiter;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: SenderOptions) {
    this.limiter = options.limiter ?? new RateLimiter();
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
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
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      await this.slot(target);
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
      if (attempt + 1 < this.maxAttempts) await this.sleep(this.backoff(attempt, serverDelay));
    }
    return { status: "failed", error: lastError, retries: this.maxAttempts - 1 };
  }

  /** Waits for a slot under the conversation's and the tenant's limits. */
  private async slot(target: SendTarget): Promise<void> {
    for (;;) {
      const { delay, reserved } = this.limiter.reserve([
        { key: `c:${target.conversationId}`, windows: CONVERSATION_WINDOWS },
        { key: `t:${target.tenantId ?? ""}`, windows: TENANT_WINDOWS },
      ]);
      if (delay > 0) await this.sleep(delay);
      if (reserved) return;
    }
  }

  /** Full jitter over an exponential ceiling, never shorter than the server asked for. */
  private backoff(attempt: number, serverDelay: number | null): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    const jittered = ceiling / 2 + (this.random() * ceiling) / 2;
    return serverDelay === null ? jittered : Math.max(serverDelay, jittered);
  }
}
