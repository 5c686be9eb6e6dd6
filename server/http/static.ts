import { existsSync } from "node:fs";
import { resolve } from "node:path";
import restify, { type Request, type Response, type Server } from "restify";
import { AppError } from "../../domain/errors.ts";

/**
 * The tab's Vite build (tab/dist). Unknown paths outside /api fall back to index.html so the
 * tab's client-side routes load; unknown /api and /dev paths answer 404 through `sendError` (the
 * catch-all route matches them first, so restify's own 404 never runs); when the tab is not built,
 * the root says how to build it.
 */
export function serveTab(server: Server, distDir: string, sendError: (req: Request, res: Response, error: unknown) => void): void {
  const notFound = async (req: Request, res: Response) => sendError(req, res, new AppError("not_found", "There is nothing at this address."));
  // Any method: without these, the tab's GET catch-all makes restify answer 405 to POST /api/nope.
  // Real routes are more specific and win over these wildcards.
  for (const prefix of ["/api/*", "/dev/*"]) for (const method of ["get", "post", "put", "patch", "del", "head", "opts"] as const) server[method](prefix, notFound);
  const dir = resolve(distDir);
  const built = existsSync(resolve(dir, "index.html"));
  if (!built) {
    server.get("/", async (req: Request, res: Response) => {
      res.status(200);
      res.json({ name: "Labkeep", message: "The tab is not built yet: run `npm run build:tab` (Vite) and reload." });
    });
    return;
  }
  const files = restify.plugins.serveStaticFiles(dir, { maxAge: 0 });
  const index = restify.plugins.serveStatic({ directory: dir, file: "index.html", maxAge: 0 });
  server.get("/*", (req: Request, res: Response, next: restify.Next) => {
    const path = req.path();
    if (path === "/api" || path === "/dev") return void notFound(req, res);
    if (/\.[a-z0-9]+$/i.test(path) && existsSync(resolve(dir, `.${path}`))) return files(req, res, next);
    return index(req, res, next);
  });
}
