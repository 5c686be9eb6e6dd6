import type { Next, Request, Response } from "restify";
import { AppError } from "../../domain/errors.ts";
import type { Route } from "../api/route.ts";

/** Bodies of upload routes, read here instead of by the JSON body parser (which has the small JSON limit). */
const bodies = new WeakMap<Request, Buffer | "too_large">();

/**
 * Reads the raw body of a route that takes a file (`route.upload`), up to its own limit; every
 * other route keeps the JSON body parser and its limit. A body over the limit is drained, not
 * kept, and answered 413 by `uploadBody`.
 */
export function uploadReader(routes: () => readonly Route[]) {
  // Upload routes by method and path, built on the first request (the table is complete by then):
  // one lookup per request instead of a walk over every route.
  let uploads: Map<string, Route> | null = null;
  return (req: Request, _res: Response, next: Next): void => {
    uploads ??= new Map(routes().filter((r) => r.upload).map((r) => [`${r.method} ${r.path}`, r]));
    const route = uploads.get(`${req.method} ${String(req.getRoute()?.path)}`);
    if (!route?.upload) return next();
    const max = route.upload.maxBytes;
    // Tells restify's body reader that this body is taken.
    (req as Request & { _readBody?: boolean })._readBody = true;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.once("end", () => {
      bodies.set(req, size > max ? "too_large" : Buffer.concat(chunks));
      next();
    });
    req.once("error", () => next(new AppError("bad_request", "The upload was interrupted.")));
  };
}

const IMPORT_TOO_LARGE = "The file is too large: at most 10 MB can be imported at once. Split it into several files.";

/**
 * The uploaded file of an upload route, of one of `types` (any when null: the service judges
 * the bytes); a body over the route's limit is a 413 with `tooLarge` as its message.
 */
export function uploadBody(req: Request, types: readonly string[] | null, tooLarge = IMPORT_TOO_LARGE): Buffer {
  const body = bodies.get(req);
  if (body === "too_large") throw new AppError("payload_too_large", tooLarge);
  if (!body || body.length === 0) throw new AppError("bad_request", "Send the file as the request body.");
  if (types && !types.includes(req.contentType())) throw new AppError("bad_request", `Send the file with Content-Type ${types.join(" or ")}.`);
  return body;
}
