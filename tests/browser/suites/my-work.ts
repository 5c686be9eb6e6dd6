import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { OUTPUT_DIR, openPage, signIn, type TabHarness } from "../harness.ts";

/** Issue 14 §3: My work lists exactly the user's records, in due order, at desktop and at phone width (360 px). */
export function myWorkSuite(harness: () => TabHarness): void {
  describe("my work", () => {
    test("My work lists Tom's records in due order at desktop and 360 px width", async () => {
      const { server } = harness();
      const prisma = server.database.prisma;
      const tom = await prisma.user.findUniqueOrThrow({ where: { upn: "tom.tech@labkeep.dev" } });
      const now = new Date();
      const open = await prisma.pmRecord.findMany({ where: { status: "OPEN", periodStart: { lte: now }, lab: { code: "BOS" } }, orderBy: { id: "asc" }, take: 2 });
      await prisma.pmRecord.updateMany({ where: { id: { in: open.map((r) => r.id) } }, data: { assigneeId: tom.id } });
      try {
        const mine = await prisma.pmRecord.findMany({
          where: { status: "OPEN", periodStart: { lte: now }, OR: [{ assigneeId: tom.id }, { assigneeId: null, equipment: { responsibleId: tom.id } }] },
          include: { lab: { select: { code: true } } },
          orderBy: [{ dueAt: "asc" }, { id: "asc" }],
        });
        const expected = mine.map((r) => `${r.lab.code}-${String(r.number).padStart(6, "0")}`);
        const { context, page } = await signIn(harness().browser, server.url, "tom.tech@labkeep.dev");
        try {
          for (const width of [1360, 360]) {
            await page.setViewportSize({ width, height: 800 });
            await openPage(page, "My work");
            const list = page.getByRole("list", { name: "My work" });
            await list.getByRole("link").first().waitFor();
            assert.deepEqual(await list.getByRole("link").allInnerTexts(), expected);
            // Nothing runs off the side of a phone screen.
            assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no horizontal scroll at ${width} px`);
            await page.screenshot({ path: join(OUTPUT_DIR, `my-work-${width}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
      } finally {
        await prisma.pmRecord.updateMany({ where: { id: { in: open.map((r) => r.id) } }, data: { assigneeId: null } });
      }
    });

    test("Notifications: Tom turns a type off and sets quiet hours in his own zone; the server keeps them, and they show again on reload", async () => {
      const { server } = harness();
      const prisma = server.database.prisma;
      const tom = await prisma.user.findUniqueOrThrow({ where: { upn: "tom.tech@labkeep.dev" }, include: { primaryLab: true } });
      const labZone = tom.primaryLab!.timeZone;
      // A device in Paris, a primary lab in Boston: the form offers the device's zone.
      const { context, page } = await signIn(harness().browser, server.url, "tom.tech@labkeep.dev", { timezoneId: "Europe/Paris" });
      try {
        await page.setViewportSize({ width: 1360, height: 900 });
        await openPage(page, "My work");
        const form = page.getByRole("form", { name: "Notifications" });
        await form.getByRole("checkbox", { name: "Calibration due" }).waitFor();
        await form.getByRole("checkbox", { name: "Calibration due" }).uncheck();
        await form.getByRole("switch", { name: "Quiet hours" }).check();
        await form.getByLabel("From").fill("21:30");
        await form.getByLabel("Until").fill("06:45");
        const zone = form.getByRole("combobox", { name: "Time zone for quiet hours" });
        assert.equal(await zone.inputValue(), `My primary lab's zone (${labZone})`);
        await form.getByText(`Read in ${labZone} time.`).waitFor();
        await zone.fill("");
        await zone.pressSequentially("toky");
        // Typing searches the zones; the list is in the page (inline), under the field.
        await page.getByRole("option", { name: "Asia/Tokyo", exact: true }).waitFor();
        await page.screenshot({ path: join(OUTPUT_DIR, "my-work-notifications-zone-search.png"), fullPage: true });
        await page.getByRole("option", { name: "Asia/Tokyo", exact: true }).click();
        assert.equal(await zone.inputValue(), "Asia/Tokyo");
        await form.getByText("Read in Asia/Tokyo time.").waitFor();
        await form.getByRole("button", { name: "Save notification settings" }).click();
        await page.getByText("Notification settings saved.").waitFor();
        const stored = await prisma.notificationSetting.findUniqueOrThrow({ where: { userId: tom.id } });
        assert.deepEqual([stored.disabledTypes, stored.quietStart, stored.quietEnd, stored.timeZone], [["calibrationDue"], "21:30", "06:45", "Asia/Tokyo"]);
        await page.screenshot({ path: join(OUTPUT_DIR, "my-work-notifications.png"), fullPage: true });
        await page.reload();
        await openPage(page, "My work");
        const again = page.getByRole("form", { name: "Notifications" });
        await again.getByRole("checkbox", { name: "Calibration due" }).waitFor();
        assert.equal(await again.getByRole("checkbox", { name: "Calibration due" }).isChecked(), false);
        assert.equal(await again.getByRole("checkbox", { name: "Work assigned to me" }).isChecked(), true);
        assert.equal(await again.getByLabel("From").inputValue(), "21:30");
        assert.equal(await again.getByRole("combobox", { name: "Time zone for quiet hours" }).inputValue(), "Asia/Tokyo");
        // One click takes the device's zone; the offer goes once it is the zone in effect.
        await again.getByRole("button", { name: "Use this device's zone (Europe/Paris)" }).click();
        assert.equal(await again.getByRole("combobox", { name: "Time zone for quiet hours" }).inputValue(), "Europe/Paris");
        assert.equal(await again.getByRole("button", { name: "Use this device's zone" }).count(), 0);
        await again.getByText("Read in Europe/Paris time.").waitFor();
        await again.getByRole("button", { name: "Save notification settings" }).click();
        await page.getByText("Notification settings saved.").waitFor();
        assert.equal((await prisma.notificationSetting.findUniqueOrThrow({ where: { userId: tom.id } })).timeZone, "Europe/Paris");
        await page.screenshot({ path: join(OUTPUT_DIR, "my-work-notifications-device-zone.png"), fullPage: true });
      } finally {
        await context.close();
        await prisma.notificationSetting.deleteMany({ where: { userId: tom.id } });
      }
    });
  });
}
