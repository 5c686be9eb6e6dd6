import type { Request, Response } from "restify";
import type { z } from "zod";
import type { ServiceContext } from "../../domain/context.ts";
import { notFound } from "../../domain/errors.ts";
import type { Action, Entity, Principal } from "../../domain/policy/policy.ts";

/**
 * What a route needs, for the OpenAPI document and the authorization matrix test. The route
 * does not enforce it: the service it calls is the authority (R-AUTH-SRV) and checks the right
 * at the lab of the item or filter it reads, through domain/access/guard.ts.
 */
export type Access =
  | { kind: "public" }
  | { kind: "signedIn" }
  | { kind: "permission"; entity: Entity; action: Action };

export interface Call {
  req: Request;
  principal: Principal;
  ctx: ServiceContext;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export type Reply =
  | { status?: number; json: unknown }
  | {
      status?: number;
      file: {
        body: Buffer | string | AsyncIterable<string | Buffer>;
        contentType: string;
        filename: string;
        /** Saved (the default) or shown by the browser. */
        disposition?: "attachment" | "inline";
        /** Headers that replace the defaults (e.g. the download CSP of attachments). */
        headers?: Record<string, string>;
      };
    };

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  summary: string;
  access: Access;
  /** The zod schemas of the domain, for the OpenAPI document (validation happens in the service). */
  query?: z.ZodType;
  body?: z.ZodType;
  /** Answers a file (CSV / XLSX) instead of JSON. */
  produces?: string[];
  /** Takes a file as the raw body (these content types, or any when null; up to maxBytes) instead of JSON. */
  upload?: { types: string[] | null; maxBytes: number };
  /** Parses the call, calls one service, shapes the reply. */
  handler(call: Call): Promise<Reply>;
}

/** Path parameters are positive integers; anything else is a 404 without a query. */
export function idParam(params: Record<string, string>, name: string): number {
  const value = params[name];
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw notFound("That item");
  return Number(value);
}

export type { Response };
