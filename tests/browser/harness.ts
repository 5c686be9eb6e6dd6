import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { systemClock } from "../../domain/clock.ts";
import { seedDemoData } from "../../domain/seed/seed.ts";
import { DEMO_USERS } from "../../domain/seed/identities.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** Flags from FACTS.md: Debian's Chromium, headless, nothing reaching out to the network. */
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const OUTPUT_DIR = resolve("tests/output");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/** Builds tab/dist when it is missing or older than its sources (the same script as `npm start`). */
export function buildTabIfStale(): void {
  execFileSync(process.execPath, ["scripts/build-tab.mjs", "--if-stale", "--quiet"], { stdio: "inherit" });
}

export interface TabHarness {
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The real server serving the built tab, on a fresh test database with the demo data, and Chromium. */
export async function startTab(): Promise<TabHarness> {
  buildTabIfStale();
  const server = await startTestServer(
    { TAB_DIST_DIR: "./tab/dist", DEV_SIGN_IN: "true" },
    { prepare: async (db) => { await seedDemoData(db.prisma, systemClock); } },
  );
  const browser = await launchChromium();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export function demoUser(upn: string) {
  const user = DEMO_USERS.find((u) => u.upn === upn);
  if (!user) throw new Error(`no demo user ${upn}`);
  return user;
}

/** Opens the tab and signs in through the development sign-in page, as a person would. */
export async function signIn(browser: Browser, baseUrl: string, upn: string, options: { colorScheme?: "light" | "dark"; timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: options.colorScheme ?? "light", acceptDownloads: true, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("pageerror", (error) => { throw error; });
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: `Sign in as ${demoUser(upn).displayName}` }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return { context, page };
}

export async function navLabels(page: Page): Promise<string[]> {
  const tabs = page.getByRole("navigation", { name: "Main" }).getByRole("tab");
  return (await tabs.allInnerTexts()).map((text) => text.trim());
}

export async function openPage(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("tab", { name: label, exact: true }).click();
  await page.getByRole("heading", { level: 1 }).first().waitFor();
}

/** axe-core on the current page; returns the serious and critical violations, described. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Tabster (Fluent's focus manager) adds aria-hidden <i tabindex=0 data-tabster-dummy> sentinels
  // around focus groups and traps; they hand focus on at once and are never a stop for the user.
  // Dialogs fade in: contrast measured mid-animation is a false finding, so let finite animations end first.
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 3000))]);
  });
  // Behind an open modal dialog the page is dimmed and out of reach (it was checked on its own, before
  // the dialog opened): its dimmed text is not what anyone reads, so check the dialog alone then.
  const builder = new AxeBuilder({ page });
  if ((await page.locator('[role="dialog"][aria-modal="true"]').count()) > 0) builder.include('[role="dialog"][aria-modal="true"]');
  const result = await builder.exclude("[data-tabster-dummy]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  // A modal dialog covers the viewport only: photograph the viewport then, the whole page otherwise.
  const dialogOpen = (await page.getByRole("dialog").count()) > 0;
  await page.screenshot({ path: resolve(OUTPUT_DIR, `${name}.png`), fullPage: !dialogOpen });
}

/** A development token for API calls made by a test to set up or check what the UI did. */
export async function apiAs(server: TestServer, upn: string) {
  const { body } = await server.call("POST", "/api/dev/token", { body: { upn } });
  const token = (body as { token: string }).token;
  return (method: string, path: string, payload?: unknown, headers?: Record<string, string>) =>
    server.call(method, path, { token, body: payload, headers }).then((response) => {
      if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      // The API's JSON, read loosely by tests whose assertions check its shape.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return response.body as any;
    });
}
