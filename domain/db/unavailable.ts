/**
 * Whether an error means "the database cannot serve us right now" (down, unreachable, cut,
 * silent, or too busy to start a transaction in time) rather than a fault in our code or data.
 * Callers answer these as 503 `unavailable` with Retry-After; anything else stays a 500.
 */

/** Prisma's codes for an unreachable, timed-out or closed database, and pool exhaustion. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapter's kinds for the same (see @prisma/driver-adapter-utils). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Node socket codes. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"]);
/** PostgreSQL SQLSTATEs: connection exceptions (08…), shutting down / starting up (57P0x), statement timeout (57014). */
const SQLSTATE = /^(08...|57P0[1-3]|57014|53300)$/;
/** Messages of `pg` and Prisma that carry no code. */
const MESSAGES = [
  /Connection terminated/i, // pg: the server or the network closed the connection
  /timeout exceeded when trying to connect/i, // pg pool: connectionTimeoutMillis
  /Query read timeout/i, // pg: query_timeout, a silent network
  /Unable to start a transaction in the given time/i, // Prisma: transactionOptions.maxWait passed
  /Can't reach database server/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; kind?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown };
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  return isDatabaseUnavailable(e.meta?.driverAdapterError?.cause, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}
