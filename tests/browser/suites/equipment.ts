import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";
import { clean } from "./records.ts";

/** Each control lies wholly inside the dialog surface (nothing clipped at its right edge). */
async function assertInside(surface: Locator, controls: Locator): Promise<void> {
  const box = await surface.boundingBox();
  assert.ok(box, "the dialog is visible");
  for (const control of await controls.all()) {
    const inner = await control.boundingBox();
    assert.ok(inner, "the control is visible");
    assert.ok(inner.x >= box.x && inner.x + inner.width <= box.x + box.width + 0.5, `${await control.getAttribute("aria-label") ?? await control.evaluate((e) => e.id)} spans ${inner.x}–${inner.x + inner.width}, the dialog ${box.x}–${box.x + box.width}`);
  }
}

/** Issue 10: editing equipment pre-fills what the API holds and saves a change. */
export function equipmentSuite(harness: () => TabHarness): void {
  describe("equipment editing", () => {
    test("a manager edits equipment: the form shows its saved values, a changed location saves and shows on reopening", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const labs = (await api("GET", "/api/labs")).items as { id: number; code: string }[];
      const bos = labs.find((l) => l.code === "BOS")!;
      const listed = (await api("GET", `/api/equipment?labId=${bos.id}&status=ACTIVE&pageSize=200`)).items as { id: number; serialNumber: string | null; commissionedOn: string | null }[];
      const target = listed.find((e) => e.serialNumber && e.commissionedOn);
      assert.ok(target, "a BOS equipment with a serial number and commissioning date");
      const before = await api("GET", `/api/equipment/${target.id}`);
      const location = `Bench ${Date.now() % 1000}`;

      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        await page.goto(`${server.url}/#/equipment/${target.id}`);
        const total = (await api("GET", `/api/equipment?labId=${bos.id}&pageSize=1`)).total as number;
        assert.equal(clean(await page.getByTestId("list-count").innerText()), `${total} pieces of equipment`, "the list says how many");
        const details = page.getByRole("dialog").filter({ hasText: before.assetTag });
        // A phone-width window, where a long model name once pushed the fields past the dialog's edge.
        await page.setViewportSize({ width: 420, height: 900 });
        await details.getByRole("button", { name: "Edit details" }).click();
        const form = page.getByRole("dialog").filter({ has: page.getByRole("heading", { name: `Edit ${before.assetTag}` }) });
        const model = form.getByRole("combobox", { name: "Model" });
        await model.locator(`option[value="${before.model.id}"]`).waitFor({ state: "attached" });
        assert.equal(await form.getByRole("textbox", { name: "Asset tag" }).inputValue(), before.assetTag);
        assert.equal(await model.inputValue(), String(before.model.id));
        assert.equal(await form.getByRole("textbox", { name: "Serial number" }).inputValue(), before.serialNumber);
        assert.equal(await form.getByRole("textbox", { name: "Location" }).inputValue(), before.location ?? "");
        assert.equal(await form.getByLabel("Commissioned on").inputValue(), before.commissionedOn);
        assert.equal(await form.getByRole("textbox", { name: "Notes" }).inputValue(), before.notes ?? "");
        await assertInside(form, form.locator("input, select, textarea"));
        await screenshot(page, "equipment-edit-light");

        await form.getByRole("textbox", { name: "Location" }).fill(location);
        // Location is a regulated field: the dialog asks for the reason for change, and saving without one is stopped.
        await form.getByRole("button", { name: "Save" }).click();
        await form.getByText("Say why this change is made.").waitFor();
        await form.getByRole("textbox", { name: "Reason for change" }).fill("Moved next to the sink");
        await form.getByRole("button", { name: "Save" }).click();
        await form.waitFor({ state: "detached" });
        await details.getByText(location).waitFor();
        const after = await api("GET", `/api/equipment/${target.id}`);
        assert.equal(after.location, location);
        assert.equal(after.model.id, before.model.id, "the model is kept");
        assert.equal(after.serialNumber, before.serialNumber);

        await details.getByRole("button", { name: "Edit details" }).click();
        assert.equal(await form.getByRole("textbox", { name: "Location" }).inputValue(), location);
      } finally {
        await context.close();
      }
    });

    test("a manager exports the equipment list as CSV: the file holds her lab's asset tags, filtered like the page", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const bos = ((await api("GET", "/api/labs")).items as { id: number; code: string }[]).find((l) => l.code === "BOS")!;
      const listed = ((await api("GET", `/api/equipment?labId=${bos.id}&status=ACTIVE&pageSize=200`)).items as { assetTag: string }[]).map((e) => e.assetTag);
      assert.ok(listed.length > 0);
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        await page.goto(`${server.url}/#/equipment`);
        await page.getByRole("combobox", { name: "Status" }).selectOption("ACTIVE");
        await page.getByTestId("equipment-grid").getByRole("row").nth(1).waitFor();
        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: "Export the equipment list as CSV" }).click();
        const file = await download;
        assert.match(file.suggestedFilename(), /^labkeep-equipment\.csv$/);
        const chunks: Buffer[] = [];
        for await (const chunk of (await file.createReadStream())) chunks.push(chunk as Buffer);
        const tags = Buffer.concat(chunks).toString("utf8").replace(/^\ufeff/, "").trim().split(/\r?\n/).slice(1).map((line) => line.split(",")[0]);
        assert.deepEqual(tags, listed, "the page's order: by asset tag");
      } finally {
        await context.close();
      }
    });
  });
}
