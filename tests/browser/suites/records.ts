import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { labTime } from "../../../domain/time/format.ts";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";

interface Task { taskId: number; title: string; kind: string; min: number | null; max: number | null; unit: string | null }

export const clean = (text: string) => text.replace(/\s+/g, " ").trim();

/** The text of a table's cell at (row whose first cell is `rowName`, column headed `column`). */
async function cellText(table: Locator, rowName: string, column: string): Promise<string> {
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map(clean);
  const index = headers.indexOf(column);
  assert.ok(index >= 0, `a column "${column}" among ${headers.join(", ")}`);
  const row = table.getByRole("row").filter({ has: table.page().getByRole("cell", { name: rowName, exact: true }) }).first();
  return clean(await row.getByRole("cell").nth(index).innerText());
}

/** Issue 10: an amendment corrects a reading; the original completion stays beside it. */
export function recordsSuite(harness: () => TabHarness): void {
  describe("records: amendments beside the original", () => {
    test("the checklist form: errors clear as each answer is fixed, an out-of-limits reading is flagged as it is typed", async () => {
      const { server, browser } = harness();
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const bos = ((await tech("GET", "/api/labs")).items as { id: number; code: string }[]).find((l) => l.code === "BOS")!;
      const open = (await tech("GET", `/api/records?labId=${bos.id}&status=open&pageSize=100`)).items as { id: number }[];
      let record: { id: number; checklist: (Task & { required: boolean })[] } | undefined;
      for (const candidate of open) {
        const detail = await tech("GET", `/api/records/${candidate.id}`);
        const tasks = detail.checklist as (Task & { required: boolean })[];
        if (tasks.some((t) => t.kind === "READING" && t.required && t.min !== null && t.max !== null) && tasks.some((t) => t.kind === "CHECK" && t.required)) { record = detail; break; }
      }
      assert.ok(record, "an open BOS record with a required check and a required bounded reading");
      const check = record.checklist.find((t) => t.kind === "CHECK" && t.required)!;
      const reading = record.checklist.find((t) => t.kind === "READING" && t.required && t.min !== null && t.max !== null)!;
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = page.getByRole("dialog");
        await dialog.getByRole("button", { name: "Submit checklist" }).click();
        const summary = dialog.getByText("Some answers are missing or invalid.");
        await summary.waitFor();
        const checkItem = dialog.locator("li").filter({ hasText: check.title }).first();
        const readingItem = dialog.locator("li").filter({ hasText: reading.title }).first();
        // The domain's own wording (domain/record/checklist.ts), the same the bot shows.
        const checkMissing = `"${check.title}" is required: mark it done, not done or not applicable.`;
        const readingMissing = `"${reading.title}" needs a reading${reading.unit ? ` in ${reading.unit}` : ""}.`;
        await checkItem.getByText(checkMissing).waitFor();
        await readingItem.getByText(readingMissing).waitFor();

        await checkItem.getByRole("radio", { name: "Done", exact: true }).check();
        await checkItem.getByText(checkMissing).waitFor({ state: "detached" });
        await readingItem.getByText(readingMissing).waitFor();
        await readingItem.getByRole("spinbutton").fill(String(reading.max! + 1));
        await readingItem.getByText(/^Outside the limits .*: the check will fail\.$/).waitFor();
        await readingItem.getByRole("spinbutton").fill(String((reading.min! + reading.max!) / 2));
        assert.equal(await readingItem.getByText(/Outside the limits/).count(), 0);
        for (const task of record.checklist.filter((t) => t.required && t !== check && t !== reading)) {
          const item = dialog.locator("li").filter({ hasText: task.title }).first();
          if (task.kind === "CHECK") await item.getByRole("radio", { name: "Done", exact: true }).check();
          else if (task.kind === "READING") await item.getByRole("spinbutton").fill(String(task.min ?? task.max ?? 1));
          else await item.getByRole("textbox").fill("ok");
        }
        await summary.waitFor({ state: "detached" });
        assert.equal((await tech("GET", `/api/records/${record.id}`)).status, "OPEN", "nothing was sent");
      } finally {
        await context.close();
      }
    });

    test("a manager corrects a mistyped reading: the form flags it out of limits, the record shows the original and the amendment side by side", async () => {
      const { server, browser } = harness();
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const labs = (await tech("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[];
      const bos = labs.find((l) => l.code === "BOS")!;
      // An open BOS record whose checklist has a reading with both limits.
      const open = (await tech("GET", `/api/records?labId=${bos.id}&status=open&pageSize=100`)).items as { id: number }[];
      let record: { id: number; number: string; checklist: Task[] } | undefined;
      for (const candidate of open) {
        const detail = await tech("GET", `/api/records/${candidate.id}`);
        if ((detail.checklist as Task[]).some((t) => t.kind === "READING" && t.min !== null && t.max !== null)) { record = detail; break; }
      }
      assert.ok(record, "an open BOS record with a bounded reading");
      const reading = record.checklist.find((t) => t.kind === "READING" && t.min !== null && t.max !== null)!;
      const inLimits = (reading.min! + reading.max!) / 2;
      const outside = reading.max! + 10;
      await tech("POST", `/api/records/${record.id}/complete`, {
        comment: "Routine",
        results: record.checklist.map((t) => t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : t.kind === "READING" ? { taskId: t.taskId, reading: t.taskId === reading.taskId ? inLimits : (t.min ?? t.max ?? 1) } : { taskId: t.taskId, text: "ok" }),
      });
      const completed = await tech("GET", `/api/records/${record.id}`);
      assert.equal(completed.result, "PASS");

      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = page.getByRole("dialog");
        await dialog.getByText(`${completed.completedBy.displayName}, ${labTime(completed.completedAt, bos)}`).first().waitFor();
        await dialog.getByRole("button", { name: "Amend this record" }).click();
        const field = dialog.getByRole("spinbutton", { name: reading.unit ? `${reading.title} (${reading.unit})` : reading.title });
        assert.equal(Number(await field.inputValue()), inLimits, "the form starts from the recorded answer");
        await field.fill(String(outside));
        await dialog.getByText(/^Outside the limits .*: this answer fails\.$/).waitFor();
        await field.fill("");
        await dialog.getByRole("button", { name: "Save amendment", exact: true }).click();
        await dialog.getByText(`"${reading.title}" needs a reading${reading.unit ? ` in ${reading.unit}` : ""}.`).waitFor();
        await dialog.getByText("A reason is required for an amendment.").waitFor();
        await field.fill(String(outside));
        await dialog.getByText(`"${reading.title}" needs a reading${reading.unit ? ` in ${reading.unit}` : ""}.`).waitFor({ state: "detached" });
        const reason = "Reading was typed from the wrong display";
        await dialog.getByRole("textbox", { name: "Reason for the amendment" }).fill(reason);
        await dialog.getByRole("button", { name: "Save amendment", exact: true }).click();
        const table = dialog.getByRole("table", { name: "Checklist results" });
        await table.getByRole("columnheader", { name: "Amendment 1" }).waitFor();
        await screenshot(page, "light-record-amended");

        const amended = await manager("GET", `/api/records/${record.id}`);
        assert.equal(amended.result, "FAIL");
        assert.equal(amended.original.result, "PASS");
        const [amendment] = amended.amendments;
        assert.equal(amendment.reason, reason);
        const unit = reading.unit ? ` ${reading.unit}` : "";
        assert.equal(await cellText(table, reading.title, "As completed"), `${inLimits}${unit}`);
        assert.equal(await cellText(table, reading.title, "Amendment 1"), `${outside}${unit} Failed`);
        assert.equal(await cellText(table, "Result", "As completed"), "Pass");
        assert.equal(await cellText(table, "Result", "Amendment 1"), "Fail");
        assert.equal(await cellText(table, "Comment", "As completed"), "Routine");
        assert.equal(await cellText(table, "Comment", "Amendment 1"), "unchanged");
        assert.equal(await cellText(table, "By, when", "As completed"), clean(`${completed.completedBy.displayName}, ${labTime(completed.completedAt, bos)}`));
        assert.equal(await cellText(table, "By, when", "Amendment 1"), clean(`Marie Curie, ${labTime(amendment.at, bos)}`));
        assert.equal(await cellText(table, "Reason", "Amendment 1"), reason);
        const other = record.checklist.find((t) => t.taskId !== reading.taskId);
        if (other) assert.equal(await cellText(table, other.title, "Amendment 1"), "unchanged");
      } finally {
        await context.close();
      }
    });
  });
}
