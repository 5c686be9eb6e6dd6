import restify, { type Request, type Response, type Server } from "restify";
import type { Clock } from "../domain/clock.ts";
import { serviceContext } from "../domain/context.ts";
import type { Db } from "../domain/db/client.ts";
import { AppError } from "../domain/errors.ts";
import type { Principal } from "../domain/policy/policy.ts";
import { buildRoutes } from "./api/index.ts";
import type { Call, Reply, Route } from "./api/route.ts";
import type { DevIssuer } from "./auth/dev-issuer.ts";
import type { GraphReader } from "./auth/graph.ts";
import type { GraphTokens } from "./auth/graph-token.ts";
import type { Identity } from "./auth/identity.ts";
import type { Config } from "./config.ts";
import { sendError, toErrorResponse } from "./http/errors.ts";
import { uploadReader } from "./http/upload.ts";
import { RateLimiter, securityHeaders } from "./http/security.ts";
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
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw new AppError("bad_request", "The X-Labkeep-Lab header must be a lab id.");
  return Number(raw);
}

async function send(res: Response, reply: Reply): Promise<void> {
  if ("file" in reply) {
    const body = reply.file.body;
    res.setHeader("Content-Type", reply.file.contentType);
    res.setHeader("Content-Disposition", `attachment; filename="${reply.file.filename.replace(/"/g, "")}"`);
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

/** The caller's address: the first X-Forwarded-For hop when a trusted proxy sets it. */
function clientAddress(req: Request, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.header("x-forwarded-for") : undefined;
  return (typeof forwarded === "string" && forwarded.split(",")[0]?.trim()) || req.socket.remoteAddress || "unknown";
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

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

  async function handle(route: Route, req: Request, res: Response): Promise<void> {
    // An upload route reads its file itself (server/http/upload.ts), after its service has authorized the caller.
    const body: unknown = route.upload ? undefined : WRITE_METHODS.has(route.method) ? (req.body ?? {}) : undefined;
    if (!route.upload && WRITE_METHODS.has(route.method) && !req.is("json") && req.contentLength() > 0) {
      throw new AppError("bad_request", "Send the request body as application/json.");
    }
    if (route.access.kind === "public") {
      limiter.take(`ip:${clientAddress(req, config.TRUST_PROXY)}`);
      await send(res, await route.handler({ req, params: req.params ?? {}, query: req.query ?? {}, body } as Call));
      return;
    }
    const { principal, token } = await deps.identity.authenticate(req.header("authorization"));
    limiter.take(`user:${principal.userId}`);
    const ctx = serviceContext(deps.db, principal, "TAB", deps.clock, currentLab(req));
    const call: Call & { token: typeof token } = { req, principal, ctx, params: req.params ?? {}, query: req.query ?? {}, body, token };
    await send(res, await route.handler(call));
  }

  serveTab(server, config.TAB_DIST_DIR);
  return { server, routes };
}

export type { Principal };
