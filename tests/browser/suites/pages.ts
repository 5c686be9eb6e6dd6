import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openPage, screenshot, seriousViolations, signIn, type TabHarness } from "../harness.ts";

type Step = [name: string, go: (page: Page) => Promise<void>];

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
}

/** Every page and dialog an administrator can reach, in order. */
const STEPS: Step[] = [
  ["maintenance", async (page) => { await page.locator("[data-loaded=true]").waitFor(); }],
  ["record-dialog", async (page) => {
    await page.getByRole("button", { name: /^Open record / }).first().click();
    await page.getByRole("dialog").getByRole("list").first().waitFor();
  }],
  ["equipment", async (page) => { await closeDialog(page); await openPage(page, "Equipment"); await page.getByTestId("equipment-grid").waitFor(); }],
  ["equipment-details", async (page) => {
    await page.getByRole("button", { name: /^Open / }).first().click();
    await page.getByRole("dialog").getByRole("table", { name: "Equipment history" }).waitFor();
  }],
  ["equipment-add", async (page) => {
    await closeDialog(page);
    await page.getByRole("button", { name: "Add equipment" }).click();
    await page.getByRole("dialog").getByRole("textbox", { name: "Asset tag" }).waitFor();
  }],
  ["models", async (page) => { await closeDialog(page); await openPage(page, "Models"); await page.getByRole("grid", { name: "Models" }).getByRole("link").first().waitFor(); }],
  ["model-page", async (page) => {
    await page.getByRole("grid", { name: "Models" }).getByRole("link").first().click();
    await page.getByRole("group", { name: "Frequencies" }).waitFor();
    await page.getByRole("table").first().waitFor();
  }],
  ["users", async (page) => { await openPage(page, "Users"); await page.getByRole("grid", { name: "Users" }).getByRole("link").first().waitFor(); }],
  ["user-details", async (page) => {
    await page.getByRole("grid", { name: "Users" }).getByRole("link").first().click();
    await page.getByRole("dialog").getByRole("heading", { name: "Lab access" }).waitFor();
  }],
  ["audit", async (page) => { await closeDialog(page); await openPage(page, "Audit"); await page.getByTestId("audit-table").getByRole("row").nth(1).waitFor(); }],
  ["import", async (page) => { await openPage(page, "Import"); await page.getByRole("heading", { name: "Import" }).waitFor(); await page.getByRole("button", { name: "Download the template" }).waitFor(); }],
  ["reports-compliance", async (page) => { await openPage(page, "Reports"); await page.getByRole("img", { name: /PM compliance/ }).first().waitFor(); }],
  ["reports-ageing", async (page) => { await page.getByRole("tab", { name: "Overdue ageing" }).click(); await page.getByRole("heading", { name: "Overdue ageing" }).waitFor(); await page.waitForLoadState("networkidle"); }],
  ["reports-history", async (page) => {
    await page.getByRole("tab", { name: "Equipment history" }).click();
    const select = page.getByRole("combobox", { name: "Equipment" });
    await select.locator("option").nth(1).waitFor({ state: "attached" });
    await select.selectOption({ index: 1 });
    await page.getByRole("table", { name: "Maintenance records of this equipment" }).waitFor();
  }],
  ["reports-print", async (page) => { await page.getByRole("button", { name: "Print view for auditors" }).click(); await page.getByRole("heading", { name: /preventive maintenance report/ }).waitFor(); await page.waitForLoadState("networkidle"); }],
  ["channel-config", async (page) => { await page.goto(page.url().replace(/#.*$/, "#/config")); await page.getByRole("heading", { name: "Add Labkeep to this channel" }).waitFor(); }],
];

export function pagesSuite(harness: () => TabHarness): void {
  describe("pages: accessibility and screenshots", () => {
    for (const scheme of ["light", "dark"] as const) {
      test(`every page in the ${scheme} theme has no serious or critical axe violation (screenshots in tests/output)`, async () => {
        const { server, browser } = harness();
        const problems: string[] = [];
        const signInContext = await browser.newContext({ colorScheme: scheme, viewport: { width: 1360, height: 900 } });
        const signInPage = await signInContext.newPage();
        await signInPage.goto(`${server.url}/`);
        await signInPage.getByRole("button", { name: /^Sign in as / }).first().waitFor();
        problems.push(...(await seriousViolations(signInPage)).map((v) => `sign-in: ${v}`));
        await screenshot(signInPage, `${scheme}-sign-in`);
        await signInContext.close();

        const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev", { colorScheme: scheme });
        try {
          assert.equal(await page.locator(".fui-FluentProvider").first().getAttribute("data-theme"), scheme === "dark" ? "dark" : "default", "follows prefers-color-scheme");
          for (const [name, go] of STEPS) {
            await go(page);
            problems.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
            await screenshot(page, `${scheme}-${name}`);
          }
        } finally {
          await context.close();
        }
        assert.deepEqual(problems, []);
      });
    }

    test("a technician's maintenance page and checklist pass axe too", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "theo.tech@labkeep.dev");
      try {
        await page.locator("[data-loaded=true]").waitFor();
        const problems = await seriousViolations(page);
        await page.getByRole("button", { name: /^Open record / }).first().click();
        await page.getByRole("button", { name: "Submit checklist" }).waitFor();
        problems.push(...(await seriousViolations(page)));
        await screenshot(page, "light-technician-checklist");
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test("the theme switch changes the theme, including high contrast", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "rosalind.audit@labkeep.dev");
      try {
        const provider = page.locator(".fui-FluentProvider").first();
        assert.equal(await provider.getAttribute("data-theme"), "default");
        await page.getByRole("combobox", { name: "Theme" }).selectOption({ label: "High contrast" });
        assert.equal(await provider.getAttribute("data-theme"), "contrast");
        await page.locator("[data-loaded=true]").waitFor();
        await screenshot(page, "contrast-maintenance");
        await page.getByRole("combobox", { name: "Theme" }).selectOption({ label: "Dark" });
        assert.equal(await provider.getAttribute("data-theme"), "dark");
      } finally {
        await context.close();
      }
    });
  });
}
