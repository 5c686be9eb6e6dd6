import type { Request, Response } from "restify";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../../domain/db/unavailable.ts";
import { AppError, isAppError } from "../../domain/errors.ts";
import { validationFailed, zodProblems } from "../../domain/input.ts";
import type { Logger } from "../logger.ts";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Restify's own errors (unknown route, body too large, bad JSON…) mapped to our codes. */
function fromRestify(error: { statusCode?: number; message?: string; name?: string }): AppError | null {
  switch (error.statusCode) {
    case 400:
      return new AppError("bad_request", "The request body is not valid JSON.");
    case 404:
      return new AppError("not_found", "There is nothing at this address.");
    case 405:
      return new AppError("bad_request", "This method is not allowed here.");
    case 413:
      return new AppError("payload_too_large", "The request body is too large.");
    case 415:
      return new AppError("bad_request", "Send the request body as application/json.");
    default:
      return null;
  }
}

/** Retry-After for `unavailable` (database, sign-in keys, Graph) when the error names no wait. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;


/**
 * The one place where anything thrown becomes an HTTP answer. A deliberate AppError keeps its
 * status; anything unknown is logged and answered as a generic 500 without internals.
 */
export function toErrorResponse(error: unknown, log: Logger): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  let appError: AppError | null = null;
  if (isAppError(error)) appError = error;
  else if (error instanceof ZodError) appError = validationFailed(zodProblems(error));
  else if (error && typeof error === "object" && "statusCode" in error) appError = fromRestify(error as { statusCode?: number });
  else if (isDatabaseUnavailable(error)) {
    // An outage, not a bug: one line without the stack (every request fails alike meanwhile).
    log.warn({ reason: (error as Error).message?.split("\n").filter(Boolean).at(-1)?.slice(0, 200) }, "database unavailable");
    appError = new AppError("unavailable", "The database is not reachable right now. Please try again in a moment.");
  }
  if (!appError) {
    log.error({ err: error }, "unhandled error");
    return { status: 500, body: { error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } } };
  }
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details !== undefined) body.error.details = appError.details;
  const headers: Record<string, string> = {};
  const retryAfter = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (appError.code === "rate_limited" && retryAfter) headers["Retry-After"] = String(retryAfter);
  if (appError.code === "unavailable") headers["Retry-After"] = String(retryAfter ?? UNAVAILABLE_RETRY_AFTER_SECONDS);
  if (appError.code === "unauthenticated") headers["WWW-Authenticate"] = 'Bearer error="invalid_token"';
  return { status: appError.status, body, headers };
}

export function sendError(req: Request, res: Response, error: unknown, log: Logger): void {
  const { status, body, headers } = toErrorResponse(error, log.child({ reqId: req.id() }));
  if (res.headersSent) {
    // A streamed answer failed half-way: cut the connection so the client sees an incomplete file.
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(headers ?? {})) res.header(name, value);
  res.status(status);
  res.json(body);
}
