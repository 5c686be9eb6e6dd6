import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, signIn, type TabHarness } from "../harness.ts";

/** R-AUTH-MGR in the lab access editor: a Manager grants only at labs they manage, only lower roles. */
export function usersSuite(harness: () => TabHarness): void {
  describe("users and lab access", () => {
    test("a manager's access editor offers only their labs and Manager, Local Audit, Technician; a grant shows and can be revoked", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await openPage(page, "Users");
        const names = await page.getByRole("grid", { name: "Users" }).getByRole("link").allInnerTexts();
        assert.ok(!names.includes("Ada Lovelace") && !names.includes("Grace Hopper"), "no Administrators or Global Audit in a Manager's list");
        await page.getByRole("link", { name: "Tom Edison" }).click();
        const dialog = page.getByRole("dialog");
        const lab = dialog.getByRole("combobox", { name: "Lab", exact: true });
        await lab.locator("option").nth(1).waitFor({ state: "attached" });
        assert.deepEqual((await lab.locator("option").allInnerTexts()).slice(1).map((t) => t.slice(0, 3)).sort(), ["BOS", "SFO"]);
        await lab.selectOption({ label: "SFO — San Francisco Research Lab" });
        const role = dialog.getByRole("combobox", { name: "Role" });
        assert.deepEqual((await role.locator("option").allInnerTexts()).slice(1), ["Manager", "Local Audit", "Technician"]);
        await role.selectOption({ label: "Technician" });
        await dialog.getByRole("button", { name: "Grant access" }).click();
        // Access is regulated: a small dialog asks the reason for change.
        const grantReason = page.getByRole("dialog", { name: "Grant Technician at SFO" });
        await grantReason.getByRole("textbox", { name: "Reason for change" }).fill("Covers SFO's inventory week");
        await grantReason.getByRole("button", { name: "Grant access" }).click();
        await grantReason.waitFor({ state: "detached" });
        const details = page.getByRole("dialog").first();
        const revoke = details.getByRole("button", { name: "Revoke Technician at SFO" });
        await revoke.waitFor();
        await revoke.click();
        const revokeReason = page.getByRole("dialog", { name: "Revoke Technician at SFO" });
        await revokeReason.getByRole("textbox", { name: "Reason for change" }).fill("Inventory week over");
        await revokeReason.getByRole("button", { name: "Revoke" }).click();
        await revoke.waitFor({ state: "detached" });
      } finally {
        await context.close();
      }
    });
  });
}
