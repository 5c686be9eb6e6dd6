import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiAs, openPage, screenshot, signIn, type TabHarness } from "../harness.ts";
import { labDays, labPreviousMonth } from "../../../domain/time/format.ts";

/** Issue 13 §5: QA's audit-trail review page — the exceptions and counts of a lab and period, and the sign-off step. */
export function reviewSuite(harness: () => TabHarness): void {
  describe("audit-trail review", () => {
    test("a local auditor reviews BOS's month of its latest amendment: counts and rows equal the API's; signing needs a fresh sign-in", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "rosalind.audit@labkeep.dev");
      const bos = ((await api("GET", "/api/labs")).items as { id: number; code: string; name: string; timeZone: string }[]).find((l) => l.code === "BOS")!;
      const [amended] = (await api("GET", `/api/audit?labId=${bos.id}&action=record.amended&pageSize=1`)).items;
      assert.ok(amended, "the demo data has an amended BOS record");
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: bos.timeZone }).format(new Date(amended.at));
      const from = `${day.slice(0, 8)}01`;
      const review = await api("GET", `/api/audit/review?labId=${bos.id}&from=${from}&to=${day}`);
      const record = await api("GET", `/api/records/${amended.entityId}`);
      assert.ok(review.exceptions.some((e: { kind: string; reference: string }) => e.kind === "amendment" && e.reference === record.number));

      const { context, page } = await signIn(browser, server.url, "rosalind.audit@labkeep.dev");
      try {
        await openPage(page, "Audit review");
        await page.getByRole("heading", { name: "Audit-trail review", level: 1 }).waitFor();
        // It opens on the lab's previous calendar month, read in the lab's own calendar.
        const labSelect = page.getByRole("main").getByRole("combobox", { name: "Lab", exact: true });
        const labs = (await api("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[];
        const initialId = await labSelect.inputValue();
        const initial = labs.find((l) => String(l.id) === initialId)!;
        const expected = labPreviousMonth(new Date(), initial);
        assert.deepEqual({ from: await page.getByLabel("From").inputValue(), to: await page.getByLabel("To").inputValue() }, expected, `${initial.code}'s previous month`);
        await labSelect.selectOption({ label: "BOS" });
        await page.getByLabel("From").fill(from);
        await page.getByLabel("To").fill(day);
        await page.getByTestId("review-hash").getByText(review.contentHash).waitFor();
        // The period reads as the days picked, both ends, through the one formatter: "Nov 1 – 20, 2026 (BOS time)".
        assert.equal(review.window.text, labDays(from, day, bos));
        assert.equal((await page.getByTestId("review-period").innerText()).trim(), `BOS — ${bos.name}: ${labDays(from, day, bos)}`);
        for (const k of review.kinds as { kind: string; label: string; count: number }[]) {
          assert.equal((await page.getByTestId(`count-${k.kind}`).innerText()).trim(), `${k.label}: ${k.count}`);
        }
        const rows = page.getByTestId("review-table").getByRole("row");
        assert.equal(await rows.count(), review.total + 1, "one row per exception under the header");
        await rows.filter({ hasText: "Amendments" }).filter({ hasText: record.number }).first().waitFor();
        await screenshot(page, "audit-review-light");
        // Signing needs a fresh sign-in (R-SIGN): without a PIN the page asks for one; a wrong one is refused by the server.
        await page.getByRole("button", { name: "Sign off" }).click();
        await page.getByText("Enter your PIN to sign.").first().waitFor();
        await page.getByLabel("Your signing PIN").fill("0000");
        await page.getByRole("button", { name: "Sign off" }).click();
        await page.getByText("That PIN is not right. Enter your PIN to sign.").first().waitFor();
        assert.equal((await api("GET", `/api/audit/review?labId=${bos.id}&from=${from}&to=${day}`)).signOffs.length, 0);
      } finally {
        await context.close();
      }
    });
  });
}
