import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";
import { niceTicks } from "../../../tab/src/pages/reports/ticks.ts";

/** "Corrective actions" → "corrective-actions": the screenshot's name for a navigation tab. */
const fileName = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** Waits until the page's lists have answered (no spinner) and finite animations are over. */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await page.getByTestId("list-loading").first().waitFor({ state: "detached" });
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
}

/** The markup of the pattern filling each bar of the first chart, one per series (in legend order). */
async function legendPatterns(page: Page): Promise<string[]> {
  return page.locator("figure").first().locator("ul li svg rect").evaluateAll((rects) =>
    rects.map((rect) => {
      const id = /url\(["']?#([^"')]+)["']?\)/.exec(rect.getAttribute("fill") ?? "")?.[1] ?? "";
      return document.getElementById(id)?.innerHTML.replace(/style="[^"]*"/g, "") ?? "";
    }));
}

/** Issue 10: no white frame around the themed app; screenshots of the changed pages in every theme. */
export function themeSuite(harness: () => TabHarness): void {
  describe("themes: edge to edge", () => {
    test("the themed app fills the window (no 8px body margin), in dark and high contrast; screenshots of the pages issue 10 changed", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "ada.admin@labkeep.dev");
      const [amended] = (await api("GET", "/api/audit?action=record.amended&pageSize=1")).items;
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev", { colorScheme: "dark" });
      try {
        for (const [theme, label] of [["dark", "Dark"], ["contrast", "High contrast"], ["light", "Light"]] as const) {
          await page.getByRole("combobox", { name: "Theme" }).selectOption({ label });
          const provider = page.locator(".fui-FluentProvider").first();
          assert.equal(await provider.getAttribute("data-theme"), theme === "light" ? "default" : theme);
          assert.deepEqual(await provider.boundingBox().then((b) => b && [b.x, b.y, b.width]), [0, 0, 1360], `${theme}: the app starts at the window's edge`);
          await openPage(page, "Users");
          await page.getByRole("grid", { name: "Users" }).getByRole("listitem").first().waitFor();
          await screenshot(page, `${theme}-users-roles`);
          await page.goto(`${server.url}/#/maintenance/record/${amended.entityId}`);
          await page.getByRole("dialog").getByRole("columnheader", { name: "Amendment 1" }).waitFor();
          await screenshot(page, `${theme}-record-amendments`);
          await page.keyboard.press("Escape");
          await openPage(page, "Audit");
          await page.getByRole("combobox", { name: "Lab", exact: true }).selectOption({ label: "All labs" });
          await page.getByRole("searchbox", { name: "Record number or asset tag" }).fill((await api("GET", `/api/records/${amended.entityId}`)).number);
          await page.getByRole("button", { name: /^Details: Record amended/ }).first().click();
          await page.getByRole("dialog").getByRole("table", { name: "Values before and after" }).waitFor();
          await page.waitForTimeout(400); // the dialog's fade-in
          await screenshot(page, `${theme}-audit-details`);
          await page.keyboard.press("Escape");
          await page.getByRole("searchbox", { name: "Record number or asset tag" }).fill("");
        }
      } finally {
        await context.close();
      }
    });

    test("every page in light, dark and high contrast: screenshots, browser controls themed, chart series told apart, round ticks", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "ada.admin@labkeep.dev");
      const ageing = (await api("GET", "/api/reports/overdue-ageing")).rows as { upTo1Day: number; days2To7: number; days8To30: number; over30Days: number }[];
      assert.ok(ageing.length > 0, "the demo data has overdue records");
      const highest = Math.max(...ageing.map((r) => r.upTo1Day + r.days2To7 + r.days8To30 + r.over30Days));
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        for (const [theme, label] of [["light", "Light"], ["dark", "Dark"], ["contrast", "High contrast"]] as const) {
          await page.getByRole("combobox", { name: "Theme" }).selectOption({ label });
          assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), theme === "light" ? "light" : "dark", `${theme}: number inputs and scroll bars follow the theme`);
          // Every page the administrator's navigation offers, as the tab shows it (new pages included).
          // (A Fluent tab repeats its label in a hidden span that keeps the bold width: read the first.)
          const labels = await page.getByRole("navigation", { name: "Main" }).getByRole("tab")
            .evaluateAll((tabs) => tabs.map((tab) => tab.querySelector(".fui-Tab__content")?.textContent ?? ""));
          assert.ok(labels.length >= 12, `the administrator sees every page: ${labels.join(", ")}`);
          for (const label of labels) {
            await openPage(page, label);
            await settled(page);
            await screenshot(page, `${theme}-page-${fileName(label)}`);
          }
          await page.goto(`${server.url}/#/maintenance/status/completed`);
          await page.getByRole("navigation", { name: "Daily pages" }).waitFor();
          await settled(page);
          await screenshot(page, `${theme}-page-maintenance-completed`);
          await openPage(page, "Reports");
          await page.locator("figure").first().waitFor();
          const patterns = await legendPatterns(page);
          assert.ok(patterns.length > 1, "the compliance chart has several series");
          assert.equal(new Set(patterns).size, patterns.length, `${theme}: every series has its own pattern`);
          await page.getByRole("tab", { name: "Overdue ageing" }).click();
          await page.getByRole("table", { name: "Overdue ageing figures" }).waitFor();
          await settled(page);
          const axis = await page.locator("figure svg text[text-anchor='end']").allTextContents();
          assert.deepEqual(axis.map(Number), niceTicks(highest), `${theme}: the ageing axis counts in round steps up to ${highest}`);
          await screenshot(page, `${theme}-page-reports-ageing`);
        }
      } finally {
        await context.close();
      }
    });
  });
}
