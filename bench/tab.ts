/**
 * `npm run bench:tab`: the tab's initial JavaScript (gzip) and the time until the maintenance
 * table has rendered in headless Chromium, median of 5 loads, against the real server with the
 * demo data. Last line: `tab: initial js <kb> KB gzip, first table render <ms> ms`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { systemClock } from "../domain/clock.ts";
import { seedDemoData } from "../domain/seed/seed.ts";
import { apiAs, buildTabIfStale, launchChromium } from "../tests/browser/harness.ts";
import { startTestServer } from "../tests/support/server.ts";

const LOADS = 5;
const DIST = resolve("tab/dist");

/** The entry script and every module it preloads: what the browser fetches before the first render. */
function initialJsGzipBytes(): number {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

buildTabIfStale();
const kb = initialJsGzipBytes() / 1024;
console.log(`initial JS (entry + preloaded modules, gzip -9): ${kb.toFixed(1)} KB`);

console.log("starting the server on a test database with the demo data…");
const server = await startTestServer(
  { TAB_DIST_DIR: "./tab/dist", DEV_SIGN_IN: "true" },
  { prepare: async (db) => { await seedDemoData(db.prisma, systemClock); } },
);
const browser = await launchChromium();
try {
  const { body } = await server.call("POST", "/api/dev/token", { body: { upn: "marie.manager@labkeep.dev" } });
  const token = (body as { token: string }).token;
  await (await apiAs(server, "marie.manager@labkeep.dev"))("GET", "/api/me");
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    // A fresh context per load: empty HTTP cache, signed in as the development sign-in would leave it.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.addInitScript((value: string) => {
      sessionStorage.setItem("labkeep.devToken", value);
      new MutationObserver((_, observer) => {
        // The first record row under a frequency's heading (in a Fluent DataGrid's body).
        if (document.querySelector("[data-testid^='table-'] .fui-DataGridBody .fui-DataGridRow")) {
          (window as unknown as { __firstTable: number }).__firstTable = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, token);
    const page = await context.newPage();
    // The Maintenance page (My work, a list of cards, is the first page since it was added).
    await page.goto(`${server.url}/#/maintenance`);
    await page.waitForFunction(() => (window as unknown as { __firstTable?: number }).__firstTable !== undefined, undefined, { timeout: 30_000 });
    const ms = await page.evaluate(() => (window as unknown as { __firstTable: number }).__firstTable);
    times.push(ms);
    console.log(`load ${i + 1}: first table row after ${ms.toFixed(0)} ms`);
    await context.close();
  }
  console.log(`tab: initial js ${kb.toFixed(0)} KB gzip, first table render ${median(times).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.close();
}
process.exit(0);
