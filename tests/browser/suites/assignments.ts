import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { formatRecordNumber } from "../../../domain/record/record.view.ts";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";
import { columnOf } from "./loading.ts";

const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"] as const;

/** Waits until the maintenance tables have answered the current filters. */
async function tablesLoaded(page: Page): Promise<void> {
  await page.getByTestId("list-loading").first().waitFor({ state: "detached" });
  await page.locator('[data-testid="maintenance-tables"][data-loaded="true"]').waitFor();
}

/** A frequency's table as shown: its count ("12 records, …"), record numbers and "Assigned to" cells. */
async function readTable(page: Page, table: Locator) {
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map((t) => t.trim());
  const assignedTo = headers.indexOf("Assigned to");
  assert.ok(assignedTo > 0, `an Assigned to column among ${headers.join(", ")}`);
  const count = Number(/^(\d+) records?/.exec(await table.getByTestId("table-count").innerText())?.[1]);
  return { count, numbers: await columnOf(page, 0, table), assignees: await columnOf(page, assignedTo, table) };
}

/** Issue 14 §3: a manager gives a record to a technician and names an instrument's responsible person from the tab. */
export function assignmentsSuite(harness: () => TabHarness): void {
  describe("assignments", () => {
    test("a manager assigns an open record to Theo; Theo's My work then lists it with the rest of his work", async () => {
      const { server, browser } = harness();
      const prisma = server.database.prisma;
      const theo = await prisma.user.findUniqueOrThrow({ where: { upn: "theo.tech@labkeep.dev" } });
      const now = new Date();
      // A BOS record whose period has begun and that is nobody's yet (not Theo's by his instruments either).
      const record = await prisma.pmRecord.findFirstOrThrow({
        where: { status: "OPEN", periodStart: { lte: now }, assigneeId: null, lab: { code: "BOS" }, equipment: { responsibleId: null, deputyId: null } },
        include: { lab: { select: { code: true } } },
        orderBy: { id: "desc" },
      });
      const number = `${record.lab.code}-${String(record.number).padStart(6, "0")}`;
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      try {
        const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
        try {
          await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
          const dialog = page.getByRole("dialog", { name: new RegExp(number) });
          const assign = dialog.getByRole("group", { name: `Assign ${number}` });
          await assign.getByRole("combobox", { name: "Assigned to" }).click();
          await page.getByRole("option", { name: "Theo Brown" }).click();
          await assign.getByRole("button", { name: "Assign", exact: true }).click();
          // Exact: while the request runs the button reads "Assigning…", which a substring match would take for done.
          await assign.getByRole("button", { name: "Assign", exact: true }).and(page.locator("[disabled]")).waitFor();
          assert.equal((await manager("GET", `/api/records/${record.id}`)).assignee?.displayName, "Theo Brown");
          assert.equal(await assign.getByRole("combobox", { name: "Assigned to" }).innerText(), "Theo Brown");
          await screenshot(page, "record-assign");
        } finally {
          await context.close();
        }

        // Theo's work, from the data: assigned to him, or unassigned on instruments he answers for
        // (as deputy when nobody else does), in the labs he sees, earliest due first.
        const theoApi = await apiAs(server, "theo.tech@labkeep.dev");
        const labIds = ((await theoApi("GET", "/api/labs")).items as { id: number }[]).map((l) => l.id);
        const mine = await prisma.pmRecord.findMany({
          where: {
            status: "OPEN", periodStart: { lte: now }, labId: { in: labIds },
            OR: [
              { assigneeId: theo.id },
              { assigneeId: null, equipment: { responsibleId: theo.id } },
              { assigneeId: null, equipment: { deputyId: theo.id, OR: [{ responsibleId: null }, { responsible: { status: "DISABLED" } }] } },
            ],
          },
          include: { lab: { select: { code: true } } },
          orderBy: [{ dueAt: "asc" }, { id: "asc" }],
        });
        const expected = mine.map((r) => `${r.lab.code}-${String(r.number).padStart(6, "0")}`);
        assert.ok(expected.includes(number));
        const tech = await signIn(browser, server.url, "theo.tech@labkeep.dev");
        try {
          await openPage(tech.page, "My work");
          const list = tech.page.getByRole("list", { name: "My work" });
          await list.getByRole("link").first().waitFor();
          assert.deepEqual(await list.getByRole("link").allInnerTexts(), expected);
          // A technician sees who the record is assigned to, without the control.
          await tech.page.goto(`${server.url}/#/maintenance/record/${record.id}`);
          const dialog = tech.page.getByRole("dialog", { name: new RegExp(number) });
          await dialog.getByRole("button", { name: "Submit checklist" }).waitFor();
          assert.match(await dialog.locator("dl").innerText(), /Assigned to\s*Theo Brown/);
          assert.equal(await dialog.getByRole("button", { name: "Assign" }).count(), 0);
        } finally {
          await tech.context.close();
        }
      } finally {
        await prisma.pmRecord.update({ where: { id: record.id }, data: { assigneeId: null } });
      }
    });

    test("a manager sets an instrument's responsible person and deputy; they show after a reload and in the list", async () => {
      const { server, browser } = harness();
      const prisma = server.database.prisma;
      const equipment = await prisma.equipment.findFirstOrThrow({ where: { lab: { code: "BOS" }, status: "ACTIVE", responsibleId: null }, orderBy: { assetTag: "asc" } });
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      try {
        const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
        try {
          await page.goto(`${server.url}/#/equipment/${equipment.id}`);
          const section = page.getByRole("region", { name: "Responsible" });
          await section.getByRole("combobox", { name: "Responsible person" }).click();
          await page.getByRole("option", { name: "Tom Edison" }).click();
          await section.getByRole("combobox", { name: "Deputy" }).click();
          await page.getByRole("option", { name: "Theo Brown" }).click();
          await section.getByRole("button", { name: "Save responsible" }).click();
          await section.getByRole("button", { name: "Save responsible" }).and(page.locator("[disabled]")).waitFor();
          const saved = await manager("GET", `/api/equipment/${equipment.id}`);
          assert.deepEqual([saved.responsible?.displayName, saved.deputy?.displayName], ["Tom Edison", "Theo Brown"]);

          await page.reload();
          const again = page.getByRole("region", { name: "Responsible" });
          await again.getByRole("combobox", { name: "Responsible person" }).waitFor();
          assert.equal(await again.getByRole("combobox", { name: "Responsible person" }).innerText(), saved.responsible.displayName);
          assert.equal(await again.getByRole("combobox", { name: "Deputy" }).innerText(), saved.deputy.displayName);
          await screenshot(page, "equipment-responsible");

          await page.getByRole("dialog").getByRole("button", { name: "Close" }).last().click();
          const grid = page.getByTestId("equipment-grid");
          const row = grid.getByRole("row").filter({ has: page.getByRole("button", { name: `Open ${equipment.assetTag}`, exact: true }) });
          await row.waitFor();
          assert.match(await row.innerText(), /Tom Edison/);
        } finally {
          await context.close();
        }
      } finally {
        await prisma.equipment.update({ where: { id: equipment.id }, data: { responsibleId: null, deputyId: null } });
      }
    });

    test("a manager filters the Maintenance list by Unassigned, then by a person: the column and each table's count are the database's, also on the next page", async () => {
      const { server, browser } = harness();
      const prisma = server.database.prisma;
      const bos = await prisma.lab.findUniqueOrThrow({ where: { code: "BOS" } });
      const [theo, tom] = await Promise.all(["theo.tech", "tom.tech"].map((u) => prisma.user.findUniqueOrThrow({ where: { upn: `${u}@labkeep.dev` } })));
      // Through the API: open BOS records of two frequencies to Theo, one to Tom.
      const daily = await prisma.pmRecord.findMany({ where: { labId: bos.id, status: "OPEN", assigneeId: null, frequency: "DAILY" }, orderBy: { id: "asc" }, take: 2 });
      const weekly = await prisma.pmRecord.findFirstOrThrow({ where: { labId: bos.id, status: "OPEN", assigneeId: null, frequency: "WEEKLY" }, orderBy: { id: "asc" } });
      const plan: [number, number][] = [[daily[0]!.id, theo!.id], [weekly.id, theo!.id], [daily[1]!.id, tom!.id]];
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      for (const [id, assigneeId] of plan) await manager("PUT", `/api/records/${id}/assignee`, { assigneeId });
      /** The database's open BOS records per frequency for an assignee (null: unassigned), as record numbers. */
      const expected = async (assigneeId: number | null): Promise<Record<string, string[]>> => {
        const rows = await prisma.pmRecord.findMany({ where: { labId: bos.id, status: "OPEN", assigneeId }, select: { number: true, frequency: true } });
        const byFrequency = FREQUENCIES.map((f) => [f, rows.filter((r) => r.frequency === f).map((r) => formatRecordNumber("BOS", r.number)).sort()] as const);
        return Object.fromEntries(byFrequency.filter(([, list]) => list.length > 0));
      };
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.goto(`${server.url}/?lab=${bos.id}#/maintenance`);
        await tablesLoaded(page);
        const filter = page.getByRole("combobox", { name: "Assigned to" });
        /** Every table shown: its count, numbers and names, checked against the database's records of `who`. */
        const check = async (who: string, assigneeId: number | null) => {
          await tablesLoaded(page);
          const want = await expected(assigneeId);
          const shown: Record<string, string[]> = {};
          for (const frequency of FREQUENCIES) {
            const table = page.getByTestId(`table-${frequency}`);
            if ((await table.count()) === 0) continue;
            const { count, numbers, assignees } = await readTable(page, table);
            assert.equal(count, want[frequency]?.length, `${who}: ${frequency} count`);
            assert.deepEqual([...new Set(assignees)], [who], `${who}: ${frequency} Assigned to`);
            shown[frequency] = [...numbers].sort();
          }
          assert.deepEqual(shown, want, `${who}: the tables and their records`);
        };

        await filter.selectOption({ label: "Unassigned" });
        await check("Unassigned", null);
        await filter.selectOption({ label: "Theo Brown" });
        await check("Theo Brown", theo!.id);
        assert.deepEqual(Object.keys(await expected(theo!.id)), ["DAILY", "WEEKLY"]);
        await screenshot(page, "maintenance-assigned-to");

        // Completed work pages at 25 a table: the next page keeps the filter (newest period first).
        await filter.selectOption({ label: "Unassigned" });
        await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Completed" });
        await tablesLoaded(page);
        const dailyTable = page.getByTestId("table-DAILY");
        const unassignedDone = { labId: bos.id, frequency: "DAILY" as const, status: "COMPLETED" as const, assigneeId: null };
        const total = await prisma.pmRecord.count({ where: unassignedDone });
        assert.ok(total > 25, `${total} unassigned completed daily records`);
        await dailyTable.getByRole("navigation", { name: "Daily pages" }).getByRole("button", { name: "Next" }).click();
        await page.getByRole("navigation", { name: "Daily pages" }).getByText(`Page 2 of ${Math.ceil(total / 25)}`).waitFor();
        await tablesLoaded(page);
        const second = await readTable(page, dailyTable);
        const secondPage = await prisma.pmRecord.findMany({ where: unassignedDone, orderBy: [{ dueAt: "desc" }, { id: "desc" }], skip: 25, take: 25, select: { number: true } });
        assert.equal(second.count, total);
        assert.deepEqual(second.numbers, secondPage.map((r) => formatRecordNumber("BOS", r.number)));
        assert.deepEqual([...new Set(second.assignees)], ["Unassigned"]);
        assert.equal(await filter.inputValue(), "none");
        await screenshot(page, "maintenance-unassigned-completed");
      } finally {
        await context.close();
        await prisma.pmRecord.updateMany({ where: { id: { in: plan.map(([id]) => id) } }, data: { assigneeId: null } });
      }
    });
  });
}
