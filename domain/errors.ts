/**
 * The one error type of the domain. `code` is stable (clients and tests match on it), `status`
 * is the HTTP status the API answers with, `message` is fit to show a user, and `details` is
 * structured data for the client (e.g. which checklist items are invalid). The API and the bot
 * each translate it in one place; anything else thrown is an internal error and its text is
 * never shown.
 */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "reason_required"
  | "unauthenticated"
  | "forbidden"
  | "user_disabled"
  | "not_found"
  | "conflict"
  | "already_completed"
  | "signature_auth_required"
  | "rate_limited"
  | "payload_too_large"
  | "unsupported_type"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  // A regulated edit without its reason for change (domain/audit/regulated.ts): the request is incomplete, not malformed.
  reason_required: 400,
  unauthenticated: 401,
  forbidden: 403,
  user_disabled: 403,
  not_found: 404,
  conflict: 409,
  already_completed: 409,
  // R-SIGN: the request needs a fresh sign-in (X-Labkeep-Signature) before it can be signed.
  signature_auth_required: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_type: 415,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.") => new AppError("forbidden", message);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);
export const badRequest = (message: string, details?: unknown) => new AppError("bad_request", message, details);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
