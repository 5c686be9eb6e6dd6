import restify, { type Request, type Response, type Server } from "restify";
import type { Clock } from "../domain/clock.ts";
import { serviceContext } from "../domain/context.ts";
import type { Db } from "../domain/db/client.ts";
import { AppError } from "../domain/errors.ts";
import { MAX_ID } from "../domain/input.ts";
import type { Principal } from "../domain/policy/policy.ts";
import { buildRoutes } from "./api/index.ts";
import type { Call, Reply, Route } from "./api/route.ts";
import type { DevIssuer } from "./auth/dev-issuer.ts";
import type { GraphReader } from "./auth/graph.ts";
import type { GraphTokens } from "./auth/graph-token.ts";
import type { Identity } from "./auth/identity.ts";
import { SIGNATURE_HEADER } from "./auth/signing.ts";
import type { Config } from "./config.ts";
import { contentDisposition } from "./http/download.ts";
import { sendError, toErrorResponse } from "./http/errors.ts";
import { clientAddress, RateLimiter, securityHeaders } from "./http/security.ts";
import { uploadReader } from "./http/upload.ts";
import { serveTab } from "./http/static.ts";
import type { Logger } from "./logger.ts";

export interface AppDeps {
  config: Config;
  log: Logger;
  db: Db;
  clock: Clock;
  identity: Identity;
  devIssuer: DevIssuer | null;
  graph: GraphReader;
  graphTokens: GraphTokens;
  /** True while the database answers (GET /readyz). */
  databaseReady(): Promise<boolean>;
}

export interface App {
  server: Server;
  routes: readonly Route[];
}

function currentLab(req: Request): number | null {
  const raw = req.header("x-labkeep-lab");
  if (raw === undefined || raw === "") return null;
  if (!/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > MAX_ID) throw new AppError("bad_request", "The X-Labkeep-Lab header must be a lab id.");
  return Number(raw);
}

async function send(res: Response, reply: Reply): Promise<void> {
  if ("file" in reply) {
    const body = reply.file.body;
    res.setHeader("Content-Type", reply.file.contentType);
    res.setHeader("Content-Disposition", contentDisposition(reply.file.disposition ?? "attachment", reply.file.filename));
    for (const [name, value] of Object.entries(reply.file.headers ?? {})) res.setHeader(name, value);
    res.writeHead(reply.status ?? 200);
    if (typeof body === "string" || Buffer.isBuffer(body)) {
      res.end(body);
      return;
    }
    for await (const chunk of body) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
    return;
  }
  if (reply.status === 204) {
    res.send(204);
    return;
  }
  res.status(reply.status ?? 200);
  res.json(reply.json);
}

/** The bot's endpoint (mounted by bot/ through server/extensions.ts). */
const BOT_PATH = "/api/messages";

/**
 * The bot's rate-limit key: the Teams user who sent the activity, else the client address.
 * Keyed by user because in production every activity comes from Microsoft's connector.
 */
function botKey(req: Request, trustedProxies: number): string {
  const from = (req.body as { from?: { aadObjectId?: unknown; id?: unknown } } | undefined)?.from;
  const sender = typeof from?.aadObjectId === "string" ? from.aadObjectId : typeof from?.id === "string" ? from.id : null;
  return sender ? `bot:${sender.slice(0, 200)}` : `ip:${clientAddress(req, trustedProxies)}`;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

/**
 * A route that declares a body needs one: `null` or nothing is a 400, and so is a PATCH that
 * changes nothing. Checked once the caller is signed in, before the service: it tells only that
 * the route takes a body, which the OpenAPI document says anyway.
 */
function requireBody(route: Route, body: unknown): void {
  if (route.upload || !route.body || !WRITE_METHODS.has(route.method)) return;
  if (body === undefined || body === null) throw new AppError("bad_request", "This request needs a JSON object as its body.");
  if (route.method === "PATCH" && typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0) {
    throw new AppError("bad_request", "Nothing to change: send the fields to change.");
  }
}

/**
 * The HTTP application without listening: security headers, body limit, the route table (each
 * handler's service checks the caller's rights), health endpoints and the tab. Tests start it on port 0.
 */
export function createApp(deps: AppDeps): App {
  const { config, log } = deps;
  const server = restify.createServer({ name: "labkeep", handleUncaughtExceptions: false, ignoreTrailingSlash: true });
  const limiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE);

  server.pre(securityHeaders({ trustProxy: config.TRUST_PROXY }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(uploadReader(() => routes));
  server.use(restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: config.BODY_LIMIT_BYTES } as restify.plugins.JsonBodyParserOptions));
  server.on("restifyError", (req: Request, res: Response, err: Error & { toJSON?: () => unknown }, callback: () => void) => {
    const { body } = toErrorResponse(err, log);
    err.toJSON = () => body;
    callback();
  });
  // The bot's endpoint is not in the route table (bot/ mounts it): limited here, per sender.
  server.use((req: Request, res: Response, next: restify.Next) => {
    if (req.method !== "POST" || req.path() !== BOT_PATH) return next();
    try {
      limiter.take(botKey(req, config.TRUST_PROXY));
    } catch (error) {
      sendError(req, res, error, log);
      return next(false);
    }
    return next();
  });
  server.on("after", (req: Request, res: Response) => {
    log.info({ reqId: req.id(), method: req.method, url: req.url, status: res.statusCode, ms: Date.now() - req.time() }, "request");
  });

  server.get("/healthz", async (req: Request, res: Response) => {
    res.json({ status: "ok" });
  });
  server.get("/readyz", async (req: Request, res: Response) => {
    const ready = await deps.databaseReady().catch(() => false);
    res.status(ready ? 200 : 503);
    res.json(ready ? { status: "ready" } : { status: "unavailable", error: { code: "unavailable", message: "The database is not reachable." } });
  });

  const routes = buildRoutes(deps);
  for (const route of routes) {
    const method = route.method === "DELETE" ? "del" : (route.method.toLowerCase() as "get" | "post" | "put" | "patch");
    server[method](route.path, async (req: Request, res: Response) => {
      try {
        await handle(route, req, res);
      } catch (error) {
        sendError(req, res, error, log);
      }
    });
  }

  /**
   * Failed sign-ins count against the client address (a token guesser has no user id), and once
   * that budget is spent the token is not even verified.
   */
  async function authenticate(req: Request) {
    const address = `ip:${clientAddress(req, config.TRUST_PROXY)}`;
    limiter.check(address);
    try {
      return await deps.identity.authenticate(req.header("authorization"));
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthenticated") limiter.take(address);
      throw error;
    }
  }

  async function handle(route: Route, req: Request, res: Response): Promise<void> {
    if (!route.upload && WRITE_METHODS.has(route.method) && !req.is("json") && req.contentLength() > 0) {
      throw new AppError("bad_request", "Send the request body as application/json.");
    }
    // An upload route reads its file itself (server/http/upload.ts), after its service has authorized the caller.
    const raw: unknown = !route.upload && WRITE_METHODS.has(route.method) ? req.body : undefined;
    const body: unknown = route.upload ? undefined : WRITE_METHODS.has(route.method) ? (raw ?? {}) : undefined;
    if (route.access.kind === "public") {
      limiter.take(`ip:${clientAddress(req, config.TRUST_PROXY)}`);
      requireBody(route, raw);
      await send(res, await route.handler({ req, params: req.params ?? {}, query: req.query ?? {}, body } as Call));
      return;
    }
    const { principal, token } = await authenticate(req);
    limiter.take(`user:${principal.userId}`);
    const ctx = serviceContext(deps.db, principal, "TAB", deps.clock, currentLab(req));
    ctx.signing = await deps.identity.signingEvidence(req.header(SIGNATURE_HEADER));
    const call: Call & { token: typeof token } = { req, principal, ctx, params: req.params ?? {}, query: req.query ?? {}, body, token };
    requireBody(route, raw);
    await send(res, await route.handler(call));
  }

  serveTab(server, config.TAB_DIST_DIR, (req, res, error) => sendError(req, res, error, log));
  return { server, routes };
}

export type { Principal };
