import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiAs, openPage, signIn, type TabHarness } from "../harness.ts";


/** Answers every task of the open checklist dialog through its labelled controls. */
async function answerChecklist(page: Page, checklist: { title: string; kind: string; min: number | null; max: number | null }[]): Promise<void> {
  const dialog = page.getByRole("dialog");
  for (const task of checklist) {
    const group = dialog.locator("li").filter({ hasText: task.title }).first();
    if (task.kind === "CHECK") await group.getByRole("radio", { name: "Done", exact: true }).check();
    else if (task.kind === "READING") {
      const value = task.min !== null && task.max !== null ? (task.min + task.max) / 2 : task.min ?? task.max ?? 1;
      await group.getByRole("spinbutton").fill(String(value));
    } else await group.getByRole("textbox").fill("Looks fine");
  }
}

/** The workflows of issue 5, in order; the audit check at the end looks for their events. */
export function workflowSuite(harness: () => TabHarness): void {
  describe("workflows", () => {
    const done: { recordId?: number; equipmentTag?: string; taskId?: number } = {};

    test("a technician completes a checklist, after the form refused an empty submit", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "tom.tech@labkeep.dev");
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.getByTestId("maintenance-tables").and(page.locator("[data-loaded=true]")).waitFor();
        const first = page.getByRole("button", { name: /^Open record / }).first();
        const number = (await first.innerText()).trim();
        await first.click();
        const dialog = page.getByRole("dialog");
        await dialog.getByRole("button", { name: "Submit checklist" }).waitFor();
        const recordId = Number(/record\/(\d+)/.exec(page.url())?.[1]);
        const record = await api("GET", `/api/records/${recordId}`);
        assert.equal(record.number, number);
        assert.equal(record.status, "OPEN");

        await dialog.getByRole("button", { name: "Submit checklist" }).click();
        await dialog.getByText("Some answers are missing or invalid.").waitFor();
        assert.equal((await api("GET", `/api/records/${recordId}`)).status, "OPEN", "an invalid form is not sent");

        await answerChecklist(page, record.checklist);
        await dialog.getByRole("textbox", { name: "Comment" }).fill("Completed in the browser test");
        await dialog.getByRole("button", { name: "Submit checklist" }).click();
        await dialog.getByRole("heading", { name: "Amendments" }).waitFor();
        const completed = await api("GET", `/api/records/${recordId}`);
        assert.equal(completed.status, "COMPLETED");
        assert.equal(completed.completedBy.displayName, "Tom Edison");
        assert.equal(completed.comment, "Completed in the browser test");
        done.recordId = recordId;
      } finally {
        await context.close();
      }
    });

    test("a manager amends the completed record with a reason; the original stays visible", async () => {
      const { server, browser } = harness();
      assert.ok(done.recordId, "the technician's checklist was completed");
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/maintenance/record/${done.recordId}`);
        const dialog = page.getByRole("dialog");
        await dialog.getByRole("button", { name: "Amend this record" }).click();
        await dialog.getByRole("button", { name: "Save amendment", exact: true }).click();
        await dialog.getByText("A reason is required for an amendment.").first().waitFor();
        await dialog.getByRole("textbox", { name: "Corrected comment" }).fill("Completed in the browser test; door seal checked too");
        await dialog.getByRole("textbox", { name: "Reason for the amendment" }).fill("Technician forgot to mention the door seal");
        await dialog.getByRole("button", { name: "Save amendment", exact: true }).click();
        await dialog.getByRole("cell", { name: "Technician forgot to mention the door seal" }).waitFor();
        const record = await api("GET", `/api/records/${done.recordId}`);
        assert.equal(record.amendments.length, 1);
        assert.equal(record.amendments[0].reason, "Technician forgot to mention the door seal");
        assert.equal(record.status, "COMPLETED");
      } finally {
        await context.close();
      }
    });

    test("a manager adds equipment and transfers it to another lab", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      const tag = `BOS-UI-${Date.now() % 100000}`;
      try {
        await page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        await openPage(page, "Equipment");
        await page.getByRole("button", { name: "Add equipment" }).click();
        const add = page.getByRole("dialog");
        await add.getByRole("textbox", { name: "Asset tag" }).fill(tag);
        const model = add.getByRole("combobox", { name: "Model" });
        await model.locator("option").nth(1).waitFor({ state: "attached" });
        await model.selectOption({ index: 1 });
        await add.getByRole("textbox", { name: "Location" }).fill("Bench 4");
        await add.getByRole("button", { name: "Add", exact: true }).click();

        const details = page.getByRole("dialog").filter({ hasText: tag });
        await details.getByRole("button", { name: "Transfer to another lab" }).click();
        const transfer = page.getByRole("dialog").filter({ hasText: `Transfer ${tag}` });
        await transfer.getByRole("combobox", { name: "To lab" }).selectOption({ label: "SFO — San Francisco Research Lab" });
        await transfer.getByRole("textbox", { name: "Location in the new lab" }).fill("Room 12");
        await transfer.getByRole("textbox", { name: "Reason" }).fill("Needed for the SFO study");
        await transfer.getByRole("button", { name: "Transfer" }).click();
        await details.getByText("Transferred BOS → SFO").waitFor();

        const labs = (await api("GET", "/api/labs")).items as { id: number; code: string }[];
        const list = await api("GET", `/api/equipment?search=${tag}&labId=${labs.find((l) => l.code === "SFO")!.id}`);
        assert.equal(list.items.length, 1);
        assert.equal(list.items[0].location, "Room 12");
        done.equipmentTag = tag;
      } finally {
        await context.close();
      }
    });

    test("an administrator adds a task to a model and its new record appears", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "ada.admin@labkeep.dev");
      const labs = (await api("GET", "/api/labs")).items as { id: number; code: string }[];
      const bos = labs.find((l) => l.code === "BOS")!;
      const models = await api("GET", "/api/models");
      const equipment = (await api("GET", `/api/equipment?labId=${bos.id}&status=ACTIVE&pageSize=200`)).items as { model: { id: number } }[];
      const model = (models.items ?? models).find((m: { id: number; active: boolean; frequencies: string[] }) =>
        m.active && !m.frequencies.includes("ANNUAL") && equipment.some((e) => e.model.id === m.id));
      assert.ok(model, "a model with active BOS equipment and no annual checklist");
      const title = `Annual calibration ${Date.now() % 100000}`;

      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        await page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        await openPage(page, "Models");
        await page.getByRole("link", { name: model.name }).click();
        await page.getByRole("checkbox", { name: "Annual" }).check();
        await page.getByRole("button", { name: "Save frequencies" }).click();
        // Frequencies of a model in use are regulated: the reason for change is asked first.
        const why = page.getByRole("dialog", { name: "Change frequencies" });
        await why.getByRole("textbox", { name: "Reason for change" }).fill("Annual calibration required by SOP-7");
        await why.getByRole("button", { name: "Save frequencies" }).click();
        await why.waitFor({ state: "detached" });
        await page.getByRole("button", { name: "Add annual task" }).click();
        const dialog = page.getByRole("dialog");
        await dialog.getByRole("textbox", { name: "Title" }).fill(title);
        await dialog.getByRole("combobox", { name: "Kind" }).selectOption("READING");
        await dialog.getByRole("textbox", { name: "Unit" }).fill("°C");
        await dialog.getByRole("spinbutton", { name: "Minimum" }).fill("2");
        await dialog.getByRole("spinbutton", { name: "Maximum" }).fill("8");
        await dialog.getByRole("button", { name: "Add task" }).click();
        await page.getByTestId("tasks-ANNUAL").getByText(title).waitFor();
        assert.equal(await page.getByTestId("tasks-ANNUAL").getByText("2 – 8 °C").count(), 1);

        await openPage(page, "Maintenance");
        const annual = page.getByTestId("table-ANNUAL");
        const row = annual.getByRole("row").filter({ hasText: model.name }).first();
        await row.waitFor();
        await row.getByRole("button", { name: /^Open record / }).click();
        await page.getByRole("dialog").getByText(title).waitFor();
        await page.getByRole("dialog").getByText("Limits: 2 – 8 °C").waitFor();
        const saved = await api("GET", `/api/models/${model.id}`);
        done.taskId = saved.tasks.ANNUAL.find((t: { title: string }) => t.title === title).id;
      } finally {
        await context.close();
      }
    });

    test("the audit page shows these events", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "ada.admin@labkeep.dev");
      assert.ok(done.recordId && done.equipmentTag && done.taskId, "the workflows before this one ran");
      const equipment = (await api("GET", `/api/equipment?search=${done.equipmentTag}&includeObsolete=true`)).items[0];
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        await openPage(page, "Audit");
        await page.getByRole("combobox", { name: "Lab", exact: true }).selectOption({ label: "All labs" });
        const table = page.getByTestId("audit-table");
        for (const [entity, id, action, text] of [
          ["record", done.recordId, "Record completed", "Tom Edison"],
          ["equipment", equipment.id, "Equipment added", "Marie Curie"],
          ["equipment", equipment.id, "Equipment transferred", "Needed for the SFO study"],
          ["task", done.taskId, "Task added", "Ada Lovelace"],
        ] as const) {
          await page.getByRole("combobox", { name: "Entity", exact: true }).selectOption(entity);
          await page.getByRole("textbox", { name: "Entity id" }).fill(String(id));
          await table.getByRole("row").filter({ hasText: action }).filter({ hasText: text }).first().waitFor();
        }
        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: "Export CSV" }).click();
        assert.match((await download).suggestedFilename(), /\.csv$/);
      } finally {
        await context.close();
      }
    });
  });
}

