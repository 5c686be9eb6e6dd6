import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, seriousViolations, signIn, type TabHarness } from "../harness.ts";

/** R-LAB in the tab: an Administrator adds a lab, edits it, deactivates and reactivates it. */
export function labsSuite(harness: () => TabHarness): void {
  describe("lab administration", () => {
    test("an Administrator adds a lab and edits it; deactivating hides it until shown", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      const db = server.database.prisma;
      try {
        await openPage(page, "Labs");
        const grid = page.getByRole("grid", { name: "Labs" });
        await grid.getByRole("row").nth(1).waitFor();
        await page.getByRole("button", { name: "Add lab" }).click();
        let dialog = page.getByRole("dialog");
        await dialog.getByRole("textbox", { name: "Code" }).fill("tyo");
        await dialog.getByRole("textbox", { name: "Name" }).fill("Tokyo Lab");
        await dialog.getByRole("combobox", { name: "Time zone" }).fill("Mars/Olympus");
        await dialog.getByRole("button", { name: "Add" }).click();
        await dialog.getByText("Unknown IANA time zone.").waitFor(); // the domain schema's own message, checked as typed
        await dialog.getByRole("combobox", { name: "Time zone" }).fill("Asia/Tokyo");
        await dialog.getByRole("combobox", { name: "Digest hour" }).selectOption({ label: "08:00" });
        assert.deepEqual(await seriousViolations(page), []);
        await screenshot(page, "labs-add");
        await dialog.getByRole("button", { name: "Add" }).click();
        await dialog.waitFor({ state: "detached" });
        await grid.getByRole("gridcell", { name: "Tokyo Lab" }).waitFor();
        const created = await db.lab.findUniqueOrThrow({ where: { code: "TYO" } });
        assert.deepEqual([created.name, created.timeZone, created.digestHour, created.active], ["Tokyo Lab", "Asia/Tokyo", 8, true]);

        await page.getByRole("button", { name: "Edit TYO" }).click();
        dialog = page.getByRole("dialog");
        assert.equal(await dialog.getByRole("textbox", { name: "Name" }).inputValue(), "Tokyo Lab", "the editor is pre-filled");
        await dialog.getByRole("textbox", { name: "Name" }).fill("Tokyo Research Lab");
        await dialog.getByRole("combobox", { name: "Time zone" }).fill("Asia/Seoul");
        await dialog.getByText("the new zone applies from the next period").waitFor();
        await dialog.getByRole("spinbutton", { name: "Escalate overdue checks after (hours)" }).fill("48");
        await dialog.getByRole("button", { name: "Save" }).click();
        await dialog.waitFor({ state: "detached" });
        await grid.getByRole("gridcell", { name: "Asia/Seoul" }).waitFor();
        const edited = await db.lab.findUniqueOrThrow({ where: { id: created.id } });
        assert.deepEqual([edited.name, edited.timeZone, edited.escalationHours], ["Tokyo Research Lab", "Asia/Seoul", 48]);
        const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "lab.updated", entityId: String(created.id) } });
        assert.deepEqual(audit.after, { name: "Tokyo Research Lab", timeZone: "Asia/Seoul", escalationHours: 48 });
        await page.getByRole("button", { name: "Edit TYO" }).click();
        dialog = page.getByRole("dialog");
        assert.equal(await dialog.getByRole("spinbutton", { name: "Escalate overdue checks after (hours)" }).inputValue(), "48", "the escalation time is pre-filled");
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await dialog.waitFor({ state: "detached" });

        await page.getByRole("button", { name: "Deactivate TYO" }).click();
        const confirm = page.getByRole("alertdialog");
        await confirm.getByRole("button", { name: "Deactivate" }).click();
        // The open alert dialog hides the grid from the accessibility tree: wait for it to close first.
        await confirm.waitFor({ state: "detached" });
        await page.getByRole("button", { name: "Edit TYO" }).waitFor({ state: "detached" });
        assert.equal((await db.lab.findUniqueOrThrow({ where: { id: created.id } })).active, false);
        await page.getByRole("switch", { name: "Show inactive" }).check();
        await page.getByRole("button", { name: "Reactivate TYO" }).click();
        await page.getByRole("button", { name: "Deactivate TYO" }).waitFor();
        assert.equal((await db.lab.findUniqueOrThrow({ where: { id: created.id } })).active, true);
        await screenshot(page, "labs-list");
      } finally {
        await context.close();
      }
    });

    test("an Administrator chooses a lab's digest channel among the channels where the bot is installed; saving links it, audited", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const lon = await db.lab.findUniqueOrThrow({ where: { code: "LON" } });
      // The bot installed in a team channel (what its install event records); no lab linked yet.
      const conversationId = "19:cold-chain@thread.tacv2";
      const installation = await db.botInstallation.create({
        data: { conversationId, conversationType: "CHANNEL", serviceUrl: "http://127.0.0.1:9/", reference: { conversation: { id: conversationId, conversationType: "channel", name: "Cold chain" }, serviceUrl: "http://127.0.0.1:9/" } },
      });
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        await openPage(page, "Labs");
        await page.getByRole("button", { name: "Edit LON" }).click();
        let dialog = page.getByRole("dialog");
        const picker = dialog.getByRole("combobox", { name: "Digest channel" });
        await picker.locator(`option[value="${installation.id}"]`).waitFor({ state: "attached" });
        assert.equal(await picker.inputValue(), "", "no channel is linked to LON yet");
        await picker.selectOption({ label: "Cold chain" });
        assert.deepEqual(await seriousViolations(page), []);
        await screenshot(page, "labs-digest-channel");
        await dialog.getByRole("button", { name: "Save" }).click();
        await dialog.waitFor({ state: "detached" });
        assert.equal((await db.botInstallation.findUniqueOrThrow({ where: { id: installation.id } })).labId, lon.id);
        const audit = await db.auditEvent.findMany({ where: { action: "installation.linked", entityId: String(installation.id) } });
        assert.deepEqual(audit.map((e) => [e.source, e.actorName, e.labId, e.after]), [["TAB", "Ada Lovelace", lon.id, { labId: lon.id }]]);

        await page.getByRole("button", { name: "Edit LON" }).click();
        dialog = page.getByRole("dialog");
        await dialog.getByRole("combobox", { name: "Digest channel" }).locator("option", { hasText: "No channel chosen" }).waitFor({ state: "detached" });
        assert.equal(await dialog.getByRole("combobox", { name: "Digest channel" }).inputValue(), String(installation.id), "the dialog shows the linked channel");
      } finally {
        await context.close();
        // The suites after this one do not expect a linked channel.
        await db.botInstallation.update({ where: { id: installation.id }, data: { active: false, labId: null } });
      }
    });
  });
}
