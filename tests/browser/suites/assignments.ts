import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";

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
  });
}
