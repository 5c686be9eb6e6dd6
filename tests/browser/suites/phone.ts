import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot, signIn, type TabHarness } from "../harness.ts";
import { ADMIN_PAGES } from "./navigation.ts";

/** Teams mobile's narrowest common phone width (issue 14 §5). */
const PHONE = { width: 360, height: 740 };
const TEAMS_APP_ID = "00000000-0000-0000-0000-000000000000";

/** How far the page itself scrolls sideways (0: nothing sticks out). */
const sidewaysScroll = (page: Page) => page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));

/** A Teams deep link to an instrument, as the label's QR code holds it (bot/cards/links.ts). */
const labelLink = (equipmentId: number) =>
  `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/records?context=${encodeURIComponent(JSON.stringify({ subEntityId: `equipment:${equipmentId}` }))}`;

/** Issue 14 §5 (R-TEAMS): the tab at phone width, and the Scan screen's typed fallback. */
export function phoneSuite(harness: () => TabHarness): void {
  describe("phone width (360 px) and the Scan screen", () => {
    test("every page an administrator has fits 360 px: the page never scrolls sideways and every tab is reachable", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        await page.setViewportSize(PHONE);
        const nav = page.getByRole("navigation", { name: "Main" });
        const labels = (await nav.getByRole("tab").allInnerTexts()).map((t) => t.trim());
        assert.deepEqual(labels, ADMIN_PAGES);
        const wide: string[] = [];
        for (const label of labels) {
          await nav.getByRole("tab", { name: label, exact: true }).click();
          await nav.getByRole("tab", { name: label, exact: true, selected: true }).waitFor();
          // Most pages are headed by their tab's name; the audit-trail review page by its longer title.
          await page.getByRole("heading", { level: 1, name: label === "Audit review" ? "Audit-trail review" : label }).waitFor();
          await page.waitForLoadState("networkidle");
          const extra = await sidewaysScroll(page);
          if (extra > 0) wide.push(`${label}: ${extra} px`);
          if (label === "Maintenance" || label === "Equipment") await screenshot(page, `phone-${label.toLowerCase()}`);
        }
        await page.getByRole("button", { name: "Scan", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Scan a label" }).waitFor();
        const scanExtra = await sidewaysScroll(page);
        if (scanExtra > 0) wide.push(`Scan: ${scanExtra} px`);
        assert.deepEqual(wide, []);
      } finally {
        await context.close();
      }
    });

    test("a technician types an asset tag, then pastes a label's link: each opens that instrument's next due checklist", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const bos = await db.lab.findUniqueOrThrow({ where: { code: "BOS" } });
      // An instrument of Tom's lab with open work: its earliest due open record is the one to open.
      const open = await db.pmRecord.findFirstOrThrow({ where: { labId: bos.id, status: "OPEN" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], include: { equipment: true } });
      const next = await db.pmRecord.findFirstOrThrow({ where: { equipmentId: open.equipmentId, status: "OPEN" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
      const number = `BOS-${String(next.number).padStart(6, "0")}`;
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.setViewportSize(PHONE);
        await page.getByRole("button", { name: "Scan", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Scan a label" }).waitFor();
        assert.equal(await page.getByRole("button", { name: "Scan with the camera" }).count(), 0, "no camera outside Teams mobile");
        await page.getByText("Type or paste the asset tag").waitFor();
        await screenshot(page, "phone-scan");

        const field = page.getByLabel("Asset tag, record number or link");
        await field.fill(open.equipment.assetTag.toLowerCase());
        await page.getByRole("button", { name: "Open", exact: true }).click();
        await page.getByRole("dialog").getByText(`${number} · ${open.equipment.assetTag}`).waitFor();
        assert.equal(new URL(page.url()).hash, `#/maintenance/record/${next.id}`);
        await screenshot(page, "phone-scan-opened");
        assert.equal(await sidewaysScroll(page), 0);

        await page.keyboard.press("Escape");
        await page.getByRole("button", { name: "Scan", exact: true }).click();
        await field.fill(labelLink(open.equipmentId));
        await page.getByRole("button", { name: "Open", exact: true }).click();
        await page.getByRole("dialog").getByText(`${number} · ${open.equipment.assetTag}`).waitFor();
      } finally {
        await context.close();
      }
    });

    test("a tag of another lab, or nothing at all, says nothing matches; a model name lists the choices", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const lon = await db.equipment.findFirstOrThrow({ where: { lab: { code: "LON" } }, orderBy: { id: "asc" } });
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.setViewportSize(PHONE);
        await page.goto(`${server.url}/#/scan`);
        const field = page.getByLabel("Asset tag, record number or link");
        for (const text of [lon.assetTag, "no-such-thing"]) {
          await field.fill(text);
          await page.getByRole("button", { name: "Open", exact: true }).click();
          await page.getByRole("status").getByText(`Nothing you can see matches “${text}”.`).waitFor();
        }
        const bos = await db.lab.findUniqueOrThrow({ where: { code: "BOS" } });
        // The search's match written out: tag, serial, location, model or manufacturer; a technician gets open records only.
        const like = { contains: "Freezer", mode: "insensitive" as const };
        const equipment = { OR: [{ assetTag: like }, { serialNumber: like }, { location: like }, { model: { name: like } }, { model: { manufacturer: like } }] };
        const freezers = await db.pmRecord.count({ where: { labId: bos.id, status: "OPEN", equipment } });
        await field.fill("Freezer");
        await page.getByRole("button", { name: "Open", exact: true }).click();
        const matches = page.getByRole("navigation", { name: "Matches" }).getByRole("listitem");
        await matches.first().waitFor();
        assert.equal(await matches.count(), Math.min(10, freezers));
        assert.equal(await sidewaysScroll(page), 0);
      } finally {
        await context.close();
      }
    });
  });
}
