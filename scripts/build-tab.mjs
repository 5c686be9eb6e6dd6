#!/usr/bin/env node
// Builds the tab (tab/ → tab/dist) with Vite. `--if-stale` builds only when tab/dist is missing or
// older than a source file, so `npm start` on a fresh clone serves a built tab without rebuilding
// every time.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const tab = join(root, "tab");
const dist = join(tab, "dist", "index.html");

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function stale() {
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  const sources = [join(tab, "src"), join(tab, "index.html"), join(tab, "auth-start.html"), join(tab, "auth-end.html"), join(tab, "vite.config.ts"), join(root, "domain", "policy")];
  return sources.some((source) => existsSync(source) && newest(source) > built);
}

if (process.argv.includes("--if-stale") && !stale()) {
  console.log("tab: tab/dist is up to date");
  process.exit(0);
}

const { build } = await import("vite");
await build({ configFile: join(tab, "vite.config.ts"), logLevel: process.argv.includes("--quiet") ? "warn" : "info" });
