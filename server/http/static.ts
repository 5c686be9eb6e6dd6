import { existsSync } from "node:fs";
import { resolve } from "node:path";
import restify, { type Request, type Response, type Server } from "restify";

/**
 * The tab's Vite build (tab/dist). Unknown paths outside /api fall back to index.html so the
 * tab's client-side routes load; when the tab is not built, the root says how to build it.
 */
export function serveTab(server: Server, distDir: string): void {
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
    if (path.startsWith("/api/") || path.startsWith("/dev/")) return next();
    if (/\.[a-z0-9]+$/i.test(path) && existsSync(resolve(dir, `.${path}`))) return files(req, res, next);
    return index(req, res, next);
  });
}
