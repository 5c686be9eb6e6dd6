import type { Request, Response, Next } from "restify";
import { AppError } from "../../domain/errors.ts";

/**
 * Hosts allowed to frame the tab (R-SEC): Teams and Microsoft 365 on the web, desktop and
 * mobile. Never `X-Frame-Options: DENY`, which would break the tab inside Teams.
 */
export const FRAME_ANCESTORS = [
  "'self'",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://teams.cloud.microsoft",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://*.office365.com",
  "https://*.microsoft365.com",
  "https://*.skype.com",
  "https://teams.microsoft.us",
  "https://*.teams.microsoft.us",
  "https://dod.teams.microsoft.us",
];

/** No inline script anywhere; Fluent UI's Griffel writes style tags at run time, hence inline styles. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(" ")}`,
].join("; ");

function servedOverHttps(req: Request, trustedProxies: number): boolean {
  if (req.isSecure()) return true;
  if (trustedProxies === 0) return false;
  const forwarded = req.header("x-forwarded-proto");
  return typeof forwarded === "string" && forwarded.split(",")[0]?.trim() === "https";
}

/**
 * The caller's address for rate limiting. Each proxy appends the address it was called from to
 * X-Forwarded-For, so with `trustedProxies` proxies in front the client is that many entries from
 * the right; anything further left was written by the client and is ignored (rotating it must not
 * buy a fresh budget). With no trusted proxy, the socket's peer.
 */
export function clientAddress(req: Request, trustedProxies: number): string {
  const peer = req.socket.remoteAddress || "unknown";
  if (trustedProxies === 0) return peer;
  const header = req.header("x-forwarded-for");
  const hops = typeof header === "string" ? header.split(",").map((hop) => hop.trim()).filter(Boolean) : [];
  if (hops.length === 0) return peer;
  return hops[Math.max(0, hops.length - trustedProxies)]!;
}

export function securityHeaders(options: { trustProxy: number }) {
  return (req: Request, res: Response, next: Next) => {
    res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    res.header("X-Content-Type-Options", "nosniff");
    res.header("Referrer-Policy", "strict-origin-when-cross-origin");
    res.header("Cross-Origin-Resource-Policy", "same-origin");
    res.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (servedOverHttps(req, options.trustProxy)) res.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/**
 * A fixed-window counter per key (user id, or client address before sign-in). In memory: with
 * several instances each enforces its own share, which is enough to stop a runaway client.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws `rate_limited` when the key has already used its minute, without counting this request. */
  check(key: string): void {
    if (this.perMinute <= 0) return;
    const now = this.now();
    const window = this.windows.get(key);
    if (window && now - window.start < 60_000 && window.count >= this.perMinute) throw this.limited(window, now);
  }

  private limited(window: { start: number }, now: number): AppError {
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    return new AppError("rate_limited", "Too many requests. Please wait a moment and try again.", { retryAfterSeconds });
  }

  /** Throws `rate_limited` with `retryAfterSeconds` when the key has used its minute. */
  take(key: string): void {
    if (this.perMinute <= 0) return;
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    window.count += 1;
    if (window.count > this.perMinute) throw this.limited(window, now);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= 60_000) this.windows.delete(key);
  }
}
