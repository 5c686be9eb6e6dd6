import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";
import { labTime } from "../../../domain/time/format.ts";
import { clean } from "./records.ts";

/** Issue 10: a manager closes one open period as not required, with a reason, from the record dialog. */
export function notRequiredSuite(harness: () => TabHarness): void {
  describe("records: not required", () => {
    test("a manager marks an open record not required with a reason; the dialog then says who, when and why; a technician has no such button", async () => {
      const { server, browser } = harness();
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      const labs = (await manager("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[];
      const bos = labs.find((l) => l.code === "BOS")!;
      const open = (await manager("GET", `/api/records?labId=${bos.id}&status=open&pageSize=200`)).items as { id: number; number: string }[];
      // The last open record: the other suites take theirs from the front of the list.
      const record = open[open.length - 1];
      assert.ok(record, "an open BOS record");

      const tech = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await tech.page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = tech.page.getByRole("dialog");
        await dialog.getByRole("button", { name: "Submit checklist" }).waitFor();
        assert.equal(await dialog.getByRole("button", { name: "Mark not required" }).count(), 0);
      } finally {
        await tech.context.close();
      }

      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const recordDialog = page.getByRole("dialog", { name: new RegExp(record.number) });
        await recordDialog.getByRole("button", { name: "Mark not required" }).click();
        const ask = page.getByRole("dialog", { name: `Mark ${record.number} not required` });
        await ask.getByRole("button", { name: "Mark not required" }).click();
        await ask.getByText("A reason is required.").waitFor();
        assert.equal((await manager("GET", `/api/records/${record.id}`)).status, "OPEN", "nothing was sent without a reason");

        await ask.getByRole("textbox", { name: /Reason/ }).fill("Equipment away for calibration all month");
        await ask.getByRole("button", { name: "Mark not required" }).click();
        await ask.waitFor({ state: "detached" });

        const detail = await manager("GET", `/api/records/${record.id}`);
        assert.equal(detail.status, "NOT_REQUIRED");
        assert.equal(detail.notRequired.reason, "Equipment away for calibration all month");
        assert.equal(detail.notRequired.by.displayName, "Marie Curie");
        const shown = page.getByRole("dialog", { name: new RegExp(record.number) });
        await shown.getByText("Equipment away for calibration all month").waitFor();
        const facts = clean(await shown.locator("dl").innerText());
        assert.match(facts, new RegExp(`Not required\\s*Marie Curie, ${labTime(detail.notRequired.at, bos).replace(/[()]/g, "\\$&")}`));
        assert.equal(await shown.getByRole("button", { name: "Submit checklist" }).count(), 0, "no checklist to complete");
        assert.equal(await shown.getByRole("button", { name: "Mark not required" }).count(), 0);
        await screenshot(page, "record-not-required");

        const listed = (await manager("GET", `/api/records?labId=${bos.id}&status=open&pageSize=200`)).items as { id: number }[];
        assert.ok(!listed.some((r) => r.id === record.id), "no longer open");
      } finally {
        await context.close();
      }
    });
  });
}
