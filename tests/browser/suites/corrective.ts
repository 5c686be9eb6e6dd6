import { DEMO_SIGNING_PINS } from "../../../domain/seed/pins.ts";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { DateTime } from "luxon";
import { addDays, startOfLocalDate } from "../../../domain/periods/periods.ts";
import { dayCount, daysAgo, dueByEndOf, labTime } from "../../../domain/time/format.ts";
import { apiAs, screenshot, seriousViolations, signIn, type TabHarness } from "../harness.ts";

interface Task { taskId: number; kind: string; title: string; min: number | null; max: number | null }

/** Whole lab-calendar days from one instant to another in `zone` (a corrective action's age). */
const calendarDays = (from: number, to: number, zone: string) =>
  Math.round(DateTime.fromMillis(to, { zone }).startOf("day").diff(DateTime.fromMillis(from, { zone }).startOf("day"), "days").days);

interface Expected { id: number; number: number; assetTag: string; openedAt: number; dueAt: number; ageDays: number; overdue: boolean; cells: string[] }

/** The data grid's rows as text: number, assignee, due, age and status (instrument and problem are the row's own words). */
async function gridRows(grid: Locator): Promise<string[][]> {
  return grid.locator(".fui-DataGridBody [role=row]").evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll("[role=gridcell]")].map((cell) => (cell as HTMLElement).innerText.trim())).map((c) => [c[0]!, c[3]!, c[4]!, c[5]!, c[6]!]));
}

/** A fact of the corrective action's detail (its <dd> after the <dt>). */
async function fact(page: Page, term: string): Promise<string> {
  return (await page.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]").innerText()).trim();
}

/** R-QUAR in the tab: the offer after a failed check, the corrective actions page, closing, impact decisions. */
export function correctiveSuite(harness: () => TabHarness): void {
  describe("corrective actions", () => {
    test("a failed reading offers quarantine in the checklist dialog; the CA page logs, closes with the re-check and records QA's decision", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      const bos = ((await manager("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[]).find((l) => l.code === "BOS")!;
      /** A lab's open corrective actions from the database, as the list must show them: due by the end of the lab-local due day. */
      const expectedRows = async (labId: number): Promise<Expected[]> => {
        const now = new Date();
        const open = await db.correctiveAction.findMany({ where: { labId, status: "OPEN" }, include: { lab: true, assignee: true, equipment: true } });
        return open.map((ca) => {
          const clock = { code: ca.lab.code, timeZone: ca.lab.timeZone };
          const dueAt = startOfLocalDate(addDays(ca.dueOn.toISOString().slice(0, 10), 1), ca.lab.timeZone);
          const ageDays = calendarDays(ca.openedAt.getTime(), now.getTime(), ca.lab.timeZone);
          const overdue = now >= dueAt;
          return {
            id: ca.id, number: ca.number, assetTag: ca.equipment.assetTag, openedAt: ca.openedAt.getTime(), dueAt: dueAt.getTime(), ageDays, overdue,
            cells: [`CA-${ca.number}`, ca.assignee?.displayName ?? "—", dueByEndOf(dueAt, clock, now), dayCount(ageDays), overdue ? "Overdue" : "Open"],
          };
        });
      };
      const open = (await manager("GET", `/api/records?labId=${bos.id}&status=open&frequency=DAILY&pageSize=200`)).items as { id: number; equipment: { id: number; assetTag: string } }[];
      // An instrument with a reading, with no corrective action open (the demo data has one), from the middle of the list.
      const openCas = (await manager("GET", `/api/corrective-actions?labId=${bos.id}`)).items as { equipment: { id: number } }[];
      let chosen: { record: { id: number; equipment: { id: number; assetTag: string } }; tasks: Task[] } | null = null;
      for (const record of open.slice(Math.floor(open.length / 3))) {
        if (openCas.some((c) => c.equipment.id === record.equipment.id)) continue;
        const tasks = (await tech("GET", `/api/records/${record.id}`)).checklist as Task[];
        if (tasks.some((t) => t.kind === "READING" && t.max !== null)) { chosen = { record, tasks }; break; }
      }
      assert.ok(chosen, "an open BOS daily record with a reading");
      const { record, tasks } = chosen;
      const reading = tasks.find((t) => t.kind === "READING" && t.max !== null)!;
      const answer = (fail: boolean) => tasks.map((t) =>
        t.kind === "READING" ? { taskId: t.taskId, reading: t === reading && fail ? t.max! + 5 : ((t.min ?? 0) + (t.max ?? 0)) / 2 } : t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : { taskId: t.taskId, text: "ok" });
      const failed = await tech("POST", `/api/records/${record.id}/complete`, { results: answer(true) });
      assert.equal(failed.failure.offerQuarantine, true);

      const t = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      let caId: number;
      try {
        await t.page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = t.page.getByRole("dialog");
        await dialog.getByText(`Failed: ${failed.failure.problem}`).waitFor();
        await screenshot(t.page, "quarantine-offer");
        await dialog.getByRole("button", { name: "Take out of service" }).click();
        const heading = t.page.getByRole("heading", { level: 1, name: new RegExp(`CA-\\d+ · ${record.equipment.assetTag}`) });
        await heading.waitFor();
        const ca = (await manager("GET", `/api/corrective-actions?labId=${bos.id}`)).items.find((c: { equipment: { id: number } }) => c.equipment.id === record.equipment.id);
        caId = ca.id;
        assert.match(await heading.innerText(), new RegExp(`^${ca.number} · ${record.equipment.assetTag}`));
        assert.equal((await manager("GET", `/api/equipment/${record.equipment.id}`)).status, "OUT_OF_SERVICE");
        await t.page.getByRole("textbox", { name: "Action taken" }).fill("Door seal replaced");
        await t.page.getByRole("button", { name: "Add to log" }).click();
        await t.page.getByRole("list", { name: "Actions taken" }).getByText("Tom Edison: Door seal replaced").waitFor();
        await t.page.getByRole("button", { name: "Start re-check" }).click();
        await t.page.getByText(/^Re-check:/).waitFor();
      } finally {
        await t.context.close();
      }
      const detail = await manager("GET", `/api/corrective-actions/${caId}`);
      await tech("POST", `/api/records/${detail.recheckRecord.id}/complete`, { results: answer(false) });

      const m = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await m.page.goto(`${server.url}/#/corrective`);
        await m.page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        const row = m.page.getByRole("button", { name: `Open ${detail.number} (${record.equipment.assetTag})` });
        await row.waitFor();
        // The list as the database has it: the count, and each row's due day, age and status, due and age in BOS's calendar.
        const rows = (await expectedRows(bos.id)).sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);
        await m.page.getByTestId("list-count").getByText(`${rows.length} open corrective action${rows.length === 1 ? "" : "s"}`, { exact: true }).waitFor();
        const grid = m.page.getByTestId("corrective-grid");
        assert.deepEqual((await grid.getByRole("columnheader").allInnerTexts()).map((t) => t.trim()), ["Number", "Instrument", "What is wrong", "Assigned to", "Due", "Age", "Status"]);
        assert.ok(rows.length >= 2, "the demo's open corrective action and this one");
        assert.deepEqual(await gridRows(grid), rows.map((r) => r.cells), "oldest first, as the server lists them");
        await screenshot(m.page, "corrective-actions-list");
        assert.deepEqual(await seriousViolations(m.page), []);
        // The headers sort the rows on screen, both ways.
        const byNumber = (a: Expected, b: Expected) => a.number - b.number;
        for (const [column, direction, order] of [
          ["Age", "ascending", (a: Expected, b: Expected) => a.ageDays - b.ageDays || byNumber(a, b)],
          ["Due", "ascending", (a: Expected, b: Expected) => a.dueAt - b.dueAt || byNumber(a, b)],
          ["Due", "descending", (a: Expected, b: Expected) => b.dueAt - a.dueAt || byNumber(b, a)],
          ["Number", "ascending", byNumber],
        ] as const) {
          if (!(await grid.locator(`[role=columnheader][aria-sort=${direction}]`, { hasText: column }).count())) await grid.getByRole("columnheader", { name: column }).click();
          await grid.locator(`[role=columnheader][aria-sort=${direction}]`, { hasText: column }).waitFor();
          assert.deepEqual(await gridRows(grid), [...rows].sort(order).map((r) => r.cells), `sorted by ${column}, ${direction}`);
        }
        await screenshot(m.page, "corrective-actions-sorted");
        await row.click();
        // The detail says the same: due by the end of its lab day, opened so many days ago.
        const mine = rows.find((r) => r.id === caId)!;
        await m.page.getByRole("heading", { level: 1, name: new RegExp(`^${detail.number} ·`) }).waitFor();
        assert.equal(await fact(m.page, "Due"), `${mine.cells[2]}${mine.overdue ? ", overdue" : ""}`);
        assert.equal(await fact(m.page, "Opened"), `Tom Edison, ${labTime(new Date(mine.openedAt), bos)} (${daysAgo(mine.ageDays)})`);
        await m.page.getByRole("button", { name: "Close with verification…" }).click();
        const close = m.page.getByRole("dialog", { name: `Close ${detail.number}` });
        assert.equal(await close.getByRole("textbox", { name: /Verification record id/ }).inputValue(), String(detail.recheckRecord.id));
        await close.getByRole("textbox", { name: /How it was resolved/ }).fill("Seal replaced, reading back in limits");
        // Closing is Marie's electronic signature, meaning approved (R-SIGN): her PIN in development.
        await close.getByLabel("Your signing PIN").fill(DEMO_SIGNING_PINS["marie.manager@labkeep.dev"]!);
        await close.getByRole("button", { name: "Close and return to Active" }).click();
        await close.waitFor({ state: "detached" });
        await m.page.getByRole("heading", { level: 1 }).getByText("Closed").waitFor();
        const closed = await manager("GET", `/api/corrective-actions/${caId}`);
        assert.deepEqual([closed.status, closed.verificationRecord.id, closed.equipment.status], ["CLOSED", detail.recheckRecord.id, "ACTIVE"]);
        // Closed: how long it stayed open, in BOS's calendar days.
        const openFor = calendarDays(Date.parse(closed.openedAt), Date.parse(closed.closedAt), bos.timeZone);
        assert.equal(await fact(m.page, "Closed"), `Marie Curie, ${labTime(closed.closedAt, bos)}, ${openFor === 0 ? "the same day it was opened" : `${dayCount(openFor)} after it was opened`}, verified by ${detail.recheckRecord.number}: Seal replaced, reading back in limits`);
        assert.equal(await fact(m.page, "Opened"), `Tom Edison, ${labTime(closed.openedAt, bos)}`);
        await screenshot(m.page, "corrective-action-closed");
      } finally {
        await m.context.close();
      }

      const qa = await signIn(browser, server.url, "rosalind.audit@labkeep.dev");
      try {
        await qa.page.goto(`${server.url}/#/corrective/${caId}`);
        const item = detail.impact[detail.impact.length - 1];
        await qa.page.getByRole("combobox", { name: `Decision on ${item.reference}` }).selectOption("INVESTIGATE");
        await qa.page.getByRole("textbox", { name: `Comment on ${item.reference}` }).fill("Check samples stored that day");
        await qa.page.getByRole("table", { name: "Impact assessment" }).getByRole("button", { name: "Save" }).last().click();
        await qa.page.waitForFunction(async () => true);
        for (let i = 0; i < 50; i++) {
          const now = (await manager("GET", `/api/corrective-actions/${caId}`)).impact.find((x: { itemId: number }) => x.itemId === item.itemId);
          if (now.decision) {
            assert.deepEqual([now.decision.decision, now.decision.comment, now.decision.by.displayName], ["INVESTIGATE", "Check samples stored that day", "Rosalind Franklin"]);
            break;
          }
          if (i === 49) assert.fail("the decision was not saved");
          await new Promise((r) => setTimeout(r, 100));
        }
        await screenshot(qa.page, "corrective-action-impact");
        // Reports → Open corrective actions words the due day the same way.
        await qa.page.goto(`${server.url}/#/reports`);
        await qa.page.getByRole("tab", { name: "Open corrective actions" }).click();
        const report = qa.page.getByRole("table", { name: "Open corrective actions", exact: true });
        const stillOpen = await expectedRows(bos.id);
        assert.ok(stillOpen.length > 0, "the demo's corrective action is still open");
        for (const r of stillOpen) {
          const cells = report.getByRole("row").filter({ hasText: `CA-${r.number}` }).filter({ hasText: r.assetTag }).getByRole("cell");
          assert.equal((await cells.nth(4).innerText()).trim(), `${r.cells[2]}${r.overdue ? ", overdue" : ""}`);
        }
      } finally {
        await qa.context.close();
      }
    });
  });
}
