import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createDevIssuer } from "../../../server/auth/dev-issuer.ts";
import { formatRecordNumber } from "../../../domain/record/record.view.ts";
import { apiAs, demoUser, openPage, signIn, type TabHarness } from "../harness.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of column `index` (0-based) of every body row of the maintenance tables (DataGrids), in order. */
export async function columnOf(page: Page, index: number, table = page.getByTestId("maintenance-tables")): Promise<string[]> {
  return (await table.locator(".fui-DataGridBody [role=row]").evaluateAll((rows, i) => rows.map((row) => (row.querySelectorAll("[role=gridcell]")[i] as HTMLElement).innerText.trim()), index));
}

/** Issue 10: answers cached per query (a slow old answer never wins), loading shown, completed paged, a refused sign-in explained. */
export function loadingSuite(harness: () => TabHarness): void {
  describe("loading: query cache, spinners, completed paging, refused sign-in", () => {
    test("a slow answer to an earlier search never replaces the later search's rows", async () => {
      const { server, browser } = harness();
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const bos = ((await tech("GET", "/api/labs")).items as { id: number; code: string }[]).find((l) => l.code === "BOS")!;
      const open = (await tech("GET", `/api/records?labId=${bos.id}&status=open&pageSize=200`)).items as { equipment: { assetTag: string } }[];
      const tag = open[0]!.equipment.assetTag;
      const broad = (await tech("GET", `/api/records?labId=${bos.id}&status=open&search=a&pageSize=200`)).items as { equipment: { assetTag: string } }[];
      assert.ok(broad.some((r) => r.equipment.assetTag !== tag), "the earlier search finds other equipment too");
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.goto(`${server.url}/?lab=${bos.id}#/maintenance`);
        await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
        let delayed = 0;
        await page.route((url) => url.pathname === "/api/records" && url.searchParams.get("search") === "a", async (route) => {
          delayed += 1;
          await sleep(2500);
          await route.continue();
        });
        const search = page.getByRole("searchbox", { name: "Search" });
        await search.fill("a");
        await page.waitForTimeout(600); // past the debounce: the "a" requests are out, held by the route
        assert.ok(delayed > 0, "the earlier search was sent");
        await search.fill(tag);
        await page.waitForTimeout(3500); // the held "a" answers arrive after the later search's
        const expected = open.filter((r) => r.equipment.assetTag === tag).length;
        const tags = await columnOf(page, 1);
        assert.deepEqual(tags, Array(expected).fill(tag));
      } finally {
        await context.close();
      }
    });

    test("every list page shows a labelled spinner while its answer is on its way", async () => {
      const { server, browser } = harness();
      const lists = [
        ["Equipment", "/api/equipment", "Loading equipment…"],
        ["Models", "/api/models", "Loading models…"],
        ["Users", "/api/users", "Loading users…"],
        ["Audit", "/api/audit", "Loading audit events…"],
        ["Reports", "/api/reports/compliance", "Loading the compliance report…"],
        ["Labs", "/api/labs", "Loading labs…"],
        ["Maintenance", "/api/records", "Loading records…"],
      ] as const;
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        for (const [nav, path, label] of lists) {
          const held = (url: URL) => url.pathname === path;
          await page.route(held, async (route) => {
            await sleep(1500);
            await route.continue().catch(() => undefined); // the page may have moved on
          });
          await openPage(page, nav);
          await page.getByText(label).waitFor();
          await page.getByText(label).waitFor({ state: "detached" });
          await page.unroute(held);
        }
      } finally {
        await context.close();
      }
    });

    test("completed records: newest period first, paged on the server, with the count from the database", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const bos = ((await tech("GET", "/api/labs")).items as { id: number; code: string }[]).find((l) => l.code === "BOS")!;
      const where = { labId: bos.id, frequency: "DAILY" as const, status: "COMPLETED" as const };
      const total = await db.pmRecord.count({ where });
      assert.ok(total > 25, "the demo data has more than a page of completed daily records");
      const expectedPage = async (skip: number) =>
        (await db.pmRecord.findMany({ where, orderBy: [{ dueAt: "desc" }, { id: "desc" }], skip, take: 25, select: { number: true } })).map((r) => formatRecordNumber("BOS", r.number));
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.goto(`${server.url}/?lab=${bos.id}#/maintenance/status/completed`);
        const daily = page.getByTestId("table-DAILY");
        await daily.getByText(`${total} records`).waitFor();
        assert.deepEqual(await columnOf(page, 0, daily), await expectedPage(0));
        await page.getByRole("navigation", { name: "Daily pages" }).getByText(`Page 1 of ${Math.ceil(total / 25)}`).waitFor();
        await page.getByRole("navigation", { name: "Daily pages" }).getByRole("button", { name: "Next" }).click();
        await page.getByRole("navigation", { name: "Daily pages" }).getByText("Page 2 of").waitFor();
        await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
        assert.deepEqual(await columnOf(page, 0, daily), await expectedPage(25));
      } finally {
        await context.close();
      }
    });

    test("a development token the server no longer accepts (it restarted) returns to sign-in and says why", async () => {
      const { server, browser } = harness();
      // A restarted server has a new key pair: a token signed by another issuer's key is refused the same way.
      const marie = demoUser("marie.manager@labkeep.dev");
      const stale = await (await createDevIssuer()).issue({ aadObjectId: marie.aadObjectId, upn: marie.upn, displayName: marie.displayName });
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      const notice = "Your development sign-in expired because the server restarted; pick your user again.";
      try {
        // During a session: the next call is refused.
        await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
        await page.evaluate((token) => sessionStorage.setItem("labkeep.devToken", token), stale);
        await openPage(page, "Equipment");
        await page.getByText(notice).waitFor();
        await page.getByRole("button", { name: `Sign in as ${marie.displayName}` }).waitFor();
        // On opening the tab again.
        await page.getByRole("button", { name: `Sign in as ${marie.displayName}` }).click();
        await page.getByRole("navigation", { name: "Main" }).waitFor();
        assert.equal(await page.getByText(notice).count(), 0, "signing in again clears the notice");
        await page.evaluate((token) => sessionStorage.setItem("labkeep.devToken", token), stale);
        await page.reload();
        await page.getByText(notice).waitFor();
        // A token past its own expiry is named as expired, without blaming a restart.
        const expired = await (await createDevIssuer({ lifetimeSeconds: 0 })).issue({ aadObjectId: marie.aadObjectId, upn: marie.upn, displayName: marie.displayName });
        await sleep(1100);
        await page.getByRole("button", { name: `Sign in as ${marie.displayName}` }).click();
        await page.getByRole("navigation", { name: "Main" }).waitFor();
        await page.evaluate((token) => sessionStorage.setItem("labkeep.devToken", token), expired);
        await page.reload();
        await page.getByText("Your development sign-in expired; pick your user again.").waitFor();
      } finally {
        await context.close();
      }
    });
  });
}
