import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";
import { labTime } from "../../../domain/time/format.ts";

/** Issue 10: the audit page for compliance staff — references people use, words, and whole values. */
export function auditSuite(harness: () => TabHarness): void {
  describe("audit: references and details", () => {
    test("a local auditor finds a record's events by its number, opens the amendment and reads every value before and after", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "rosalind.audit@labkeep.dev");
      const labs = (await api("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[];
      const bos = labs.find((l) => l.code === "BOS")!;
      const [amended] = (await api("GET", `/api/audit?labId=${bos.id}&action=record.amended&pageSize=1`)).items;
      assert.ok(amended, "the demo data has an amended BOS record");
      const record = await api("GET", `/api/records/${amended.entityId}`);
      const expectedTotal = (await api("GET", `/api/audit?labId=${bos.id}&entityType=record&entityId=${record.id}`)).total as number;

      const { context, page } = await signIn(browser, server.url, "rosalind.audit@labkeep.dev");
      try {
        await openPage(page, "Audit");
        await page.getByRole("searchbox", { name: "Record number or asset tag" }).fill(record.number);
        const table = page.getByTestId("audit-table");
        await page.getByText(`${expectedTotal} events`).or(page.getByText(`${expectedTotal} event`)).first().waitFor();
        const row = table.getByRole("row").filter({ hasText: "Record amended" });
        await row.getByRole("gridcell", { name: `${record.number} (${record.equipment.assetTag})`, exact: true }).waitFor();
        const headers = await table.getByRole("columnheader").allInnerTexts();
        assert.equal((await row.getByRole("gridcell").nth(headers.indexOf("Action")).innerText()).trim(), "Record amended", "actions read as words");
        await row.getByRole("button", { name: /^Details: Record amended/ }).click();

        const dialog = page.getByRole("dialog");
        await dialog.getByRole("heading", { name: `Record amended: ${record.number} (${record.equipment.assetTag})` }).waitFor();
        await dialog.getByText(labTime(amended.at, bos)).waitFor();
        await dialog.getByText(amended.reason, { exact: true }).waitFor();
        const values = dialog.getByRole("table", { name: "Values before and after" });
        const cells = async (field: string) => (await values.getByRole("row").filter({ has: page.getByRole("cell", { name: field, exact: true }) }).getByRole("cell").allInnerTexts()).slice(1);
        assert.deepEqual(await cells("Comment"), [amended.before.comment ?? "—", amended.after.comment ?? "—"]);
        const words = { PASS: "Pass", FAIL: "Fail" } as Record<string, string>;
        assert.deepEqual(await cells("Result"), [words[amended.before.result], words[amended.after.result]]);
        const [before, after] = await cells("Results");
        for (const [text, values] of [[before, amended.before.results], [after, amended.after.results]] as const) {
          const lines = text!.split("\n");
          assert.equal(lines.length, values.length);
          values.forEach((r: { title: string; reading: number | null; unit: string | null }, i: number) => {
            if (r.reading !== null) assert.ok(lines[i]!.startsWith(`${r.title}: ${r.reading}${r.unit ? ` ${r.unit}` : ""}`), lines[i]);
          });
        }
        // Nothing is cut off: every value cell shows all of its text.
        const clipped = await values.getByRole("cell").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
        assert.deepEqual(clipped, []);
        await screenshot(page, "light-audit-details");
        await page.keyboard.press("Escape");

        // An asset tag in lower case finds the equipment's events and its records'.
        const tagTotal = (await api("GET", `/api/audit?labId=${bos.id}&reference=${encodeURIComponent(record.equipment.assetTag)}`)).total as number;
        assert.ok(tagTotal > expectedTotal);
        await page.getByRole("searchbox", { name: "Record number or asset tag" }).fill(record.equipment.assetTag.toLowerCase());
        await page.getByText(`${tagTotal} events`).waitFor();
      } finally {
        await context.close();
      }
    });
  });
}
