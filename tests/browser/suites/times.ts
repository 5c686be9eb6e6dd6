import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { apiAs, demoUser, openPage, screenshot, type TabHarness } from "../harness.ts";
import { dueByEndOf, labDays, labIsoDay, labTime } from "../../../domain/time/format.ts";
import { clean } from "./records.ts";

interface Row { id: number; number: string; periodStart: string; dueAt: string; completedAt: string | null; completedBy: { displayName: string } | null; status: string }

/** The one formatter's due day as the tab reads it, against the browser's real clock (the year only when it is not this year's). */
const dueBy = (dueAt: string, clock: { code: string; timeZone: string }) => dueByEndOf(dueAt, clock, new Date());

/** Signs in from a browser in Tokyo: the tab must still show lab time, not the viewer's. */
async function signInFromTokyo(browser: Browser, baseUrl: string, upn: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: "Asia/Tokyo", locale: "en-US" });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: `Sign in as ${demoUser(upn).displayName}` }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return { page, close: () => context.close() };
}

/** Issue 10: one formatter — lab time with the zone named — on maintenance and reports; compliance by period. */
export function timesSuite(harness: () => TabHarness): void {
  describe("times in lab time, reports by period", () => {
    test("maintenance shows due days and completion times in the lab's zone, named, and flags a late completion", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const bos = ((await api("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[]).find((l) => l.code === "BOS")!;
      const completed = (await api("GET", `/api/records?labId=${bos.id}&frequency=DAILY&status=completed&pageSize=200`)).items as Row[];
      const late = completed.find((r) => Date.parse(r.completedAt!) > Date.parse(r.dueAt));
      const onTime = completed.find((r) => Date.parse(r.completedAt!) <= Date.parse(r.dueAt));
      assert.ok(late && onTime, "the demo data has late and on-time daily completions at BOS");

      const { page, close } = await signInFromTokyo(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Completed" });
        for (const [record, flag] of [[late, " Late"], [onTime, ""]] as const) {
          await page.getByRole("searchbox", { name: "Search" }).fill(record.number);
          const row = page.getByTestId("table-DAILY").getByRole("row").filter({ hasText: record.number });
          await row.waitFor();
          await page.getByTestId("table-DAILY").getByRole("row").nth(2).waitFor({ state: "detached" });
          const cells = (await row.getByRole("gridcell").allInnerTexts()).map(clean);
          assert.equal(cells[4], dueBy(record.dueAt, bos));
          assert.equal(cells[6], clean(`${record.completedBy!.displayName}, ${labTime(record.completedAt!, bos)}${flag}`));
        }
        await screenshot(page, "light-maintenance-lab-time");
      } finally {
        await close();
      }
    });

    test("reports: October's monthly records count for October, and the oldest overdue read in lab time", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "rosalind.audit@labkeep.dev");
      const bos = ((await api("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[]).find((l) => l.code === "BOS")!;
      const monthly = (await api("GET", `/api/records?labId=${bos.id}&frequency=MONTHLY&pageSize=200`)).items as Row[];
      const month = (iso: string) => new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: bos.timeZone }).format(new Date(iso)).slice(0, 7);
      const october = monthly.filter((r) => month(r.periodStart) === "2026-10");
      assert.ok(october.length > 0, "BOS has monthly records for October");
      const onTime = october.filter((r) => r.completedAt && Date.parse(r.completedAt) <= Date.parse(r.dueAt)).length;

      const { page, close } = await signInFromTokyo(browser, server.url, "rosalind.audit@labkeep.dev");
      try {
        await openPage(page, "Reports");
        const figures = page.getByRole("table", { name: "Compliance figures for BOS" });
        await figures.getByRole("row").filter({ hasText: "2026-11" }).first().waitFor(); // the default range, up to today
        // "Today" is BOS's calendar day, not Tokyo's nor UTC's.
        assert.equal(await page.getByLabel("To").inputValue(), labIsoDay(new Date(), bos));
        await page.getByLabel("From").fill("2026-10-01");
        await page.getByLabel("To").fill("2026-10-31");
        // The report reloads for the new dates: then no month after October is left.
        await figures.getByRole("row").filter({ hasText: "2026-11" }).first().waitFor({ state: "detached" });
        const row = figures.getByRole("row").filter({ hasText: "2026-10" }).filter({ hasText: "Monthly" });
        await row.waitFor();
        const cells = (await row.getByRole("cell").allInnerTexts()).map(clean);
        assert.deepEqual([cells[0], cells[1], Number(cells[2]), Number(cells[3])], ["2026-10", "Monthly", october.length, onTime]);

        const ageing = await api("GET", `/api/reports/overdue-ageing?labId=${bos.id}`);
        const oldest = (ageing.rows as { oldest: { number: string; dueAt: string; daysOverdue: number }[] }[]).flatMap((r) => r.oldest).sort((a, b) => b.daysOverdue - a.daysOverdue)[0];
        assert.ok(oldest, "BOS has overdue records");
        await page.getByRole("tab", { name: "Overdue ageing" }).click();
        const item = page.getByRole("table", { name: "Oldest overdue records" }).getByRole("row").filter({ hasText: oldest.number });
        assert.equal(clean(await item.getByRole("cell").nth(3).innerText()), dueBy(oldest.dueAt, bos));
        await screenshot(page, "light-reports-ageing-lab-time");

        // The auditors' print view names the period as the days picked, in BOS's calendar.
        await page.getByRole("button", { name: "Print view for auditors" }).click();
        await page.getByRole("heading", { name: /preventive maintenance report/ }).waitFor();
        await page.getByText(`Period ${labDays("2026-10-01", "2026-10-31", bos)}.`).waitFor();
      } finally {
        await close();
      }
    });
  });
}
