import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";

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
          await page.getByRole("table", { name: "Users" }).getByRole("listitem").first().waitFor();
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
  });
}
