import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { formatRecordNumber } from "../../../domain/record/record.view.ts";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";
import { columnOf } from "./loading.ts";

/** Clicks a sortable header and waits until it says so (aria-sort) and the tables have answered. */
async function sortBy(page: Page, table: Locator, column: string, direction: "ascending" | "descending"): Promise<void> {
  const header = table.getByRole("columnheader", { name: column });
  await header.click();
  await table.locator(`[role=columnheader][aria-sort=${direction}]`, { hasText: column }).waitFor();
  await page.getByTestId("list-loading").first().waitFor({ state: "detached" });
}

/** Issue 10: column headers sort on the server (the first rows are the data's first), forms check with the domain's schemas. */
export function sortingSuite(harness: () => TabHarness): void {
  describe("sorting and forms", () => {
    test("maintenance: a header click sorts the frequency's table on the server, both ways; the completed view sorts by completion", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const bos = ((await tech("GET", "/api/labs")).items as { id: number; code: string }[]).find((l) => l.code === "BOS")!;
      const numbers = async (where: object, orderBy: object[]) =>
        (await db.pmRecord.findMany({ where: { labId: bos.id, frequency: "DAILY", ...where }, orderBy, take: 8, select: { number: true } })).map((r) => formatRecordNumber("BOS", r.number));
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.goto(`${server.url}/?lab=${bos.id}#/maintenance`);
        await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
        const daily = page.getByTestId("table-DAILY");
        assert.equal(await daily.locator("[role=columnheader][aria-sort]:not([aria-sort=none])").count(), 0, "open work starts in the server's order (overdue first), no column claimed");

        await sortBy(page, daily, "Asset tag", "ascending");
        assert.deepEqual((await columnOf(page, 0, daily)).slice(0, 8), await numbers({ status: "OPEN" }, [{ equipment: { assetTag: "asc" } }, { id: "asc" }]));
        await sortBy(page, daily, "Asset tag", "descending");
        assert.deepEqual((await columnOf(page, 0, daily)).slice(0, 8), await numbers({ status: "OPEN" }, [{ equipment: { assetTag: "desc" } }, { id: "desc" }]));
        await screenshot(page, "light-maintenance-sorted");

        await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Completed" });
        await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
        await daily.locator("[role=columnheader][aria-sort=descending]", { hasText: "Due" }).waitFor();
        assert.deepEqual((await columnOf(page, 0, daily)).slice(0, 8), await numbers({ status: "COMPLETED" }, [{ dueAt: "desc" }, { id: "desc" }]), "newest period first");
        await sortBy(page, daily, "Completed by", "ascending");
        assert.deepEqual((await columnOf(page, 0, daily)).slice(0, 8), await numbers({ status: "COMPLETED" }, [{ completedAt: "asc" }, { id: "asc" }]));
        // Paging keeps the chosen order: page 2 starts where page 1 ended.
        await page.getByRole("navigation", { name: "Daily pages" }).getByRole("button", { name: "Next" }).click();
        await page.getByRole("navigation", { name: "Daily pages" }).getByText("Page 2 of").waitFor();
        await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
        const second = (await db.pmRecord.findMany({ where: { labId: bos.id, frequency: "DAILY", status: "COMPLETED" }, orderBy: [{ completedAt: "asc" }, { id: "asc" }], skip: 25, take: 3, select: { number: true } }))
          .map((r) => formatRecordNumber("BOS", r.number));
        assert.deepEqual((await columnOf(page, 0, daily)).slice(0, 3), second);
      } finally {
        await context.close();
      }
    });

    test("equipment sorts by model on the server; the count is the database's", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await openPage(page, "Equipment");
        const grid = page.getByTestId("equipment-grid");
        await grid.getByRole("row").nth(1).waitFor();
        const labId = Number(await page.getByRole("combobox", { name: "Current lab" }).inputValue());
        const where = { labId, status: { not: "OBSOLETE" as const } };
        await page.getByTestId("list-count").getByText(`${await db.equipment.count({ where })} pieces of equipment`).waitFor();
        await sortBy(page, grid, "Model", "ascending");
        const tags = await grid.locator(".fui-DataGridBody [role=row]").evaluateAll((rows) => rows.slice(0, 6).map((row) => (row.querySelector("[role=gridcell] button[aria-label^='Open ']") as HTMLElement).innerText.trim()));
        const expected = await db.equipment.findMany({ where, orderBy: [{ model: { name: "asc" } }, { assetTag: "asc" }], take: 6, select: { assetTag: true } });
        assert.deepEqual(tags, expected.map((e) => e.assetTag));
      } finally {
        await context.close();
      }
    });

    test("equipment form: the domain's rules as messages, each clearing once fixed; inputs carry the schema's maximum length", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await openPage(page, "Equipment");
        await page.getByRole("button", { name: "Add equipment" }).click();
        const dialog = page.getByRole("dialog");
        const tag = dialog.getByRole("textbox", { name: "Asset tag" });
        assert.deepEqual(await Promise.all(["Asset tag", "Serial number", "Location"].map((name) => dialog.getByRole("textbox", { name }).getAttribute("maxlength"))), ["40", "100", "200"]);
        await dialog.getByRole("button", { name: "Add" }).click();
        await dialog.getByText("Enter the asset tag.").waitFor();
        await dialog.getByText("Choose a model.").waitFor();
        await tag.fill("BOS-FORM-1");
        await dialog.getByText("Enter the asset tag.").waitFor({ state: "detached" });
        assert.equal(await dialog.getByText("Choose a model.").count(), 1, "the model is still missing");
        await tag.fill("   ");
        await dialog.getByText("Enter the asset tag.").waitFor(); // the schema trims: blanks are no tag
        await screenshot(page, "light-equipment-form-errors");
        await page.keyboard.press("Escape");
      } finally {
        await context.close();
      }
    });
  });
}
