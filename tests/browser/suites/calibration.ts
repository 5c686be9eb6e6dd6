import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import type { Locator } from "playwright-core";
import { labToday, isoDateOf } from "../../../domain/calibration/interval.ts";
import { PAPER } from "../../../domain/calibration/labels.ts";
import { calibrationStatus, CALIBRATION_STATUS_TEXT } from "../../../domain/calibration/status.ts";
import { certificatePdf } from "../../../domain/seed/certificate.ts";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";

const BOS_ZONE = "America/New_York";

/** How many lines each element's text takes (its height over its line height). */
const linesOf = (items: Locator) => items.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))));
/** How far a region scrolls sideways (0: it all fits). */
const sideways = (region: Locator) => region.evaluate((el) => el.scrollWidth - el.clientWidth);

/**
 * R-CAL and R-FILE in the tab: a manager records a calibration of the demo's overdue pH meter
 * against the lab's reference balance with the certificate PDF; the badge follows the register's
 * data, the certificate is attached to the calibration, and "Print labels" gives a PDF.
 */
export function calibrationSuite(harness: () => TabHarness): void {
  describe("calibration in the tab", () => {
    test("a manager records a calibration with its certificate; the badge changes; Print labels answers a PDF", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const meter = await db.equipment.findUniqueOrThrow({ where: { assetTag: "BOS-PHM-001" }, include: { calibrationPlan: true } });
      const badgeText = (plan: NonNullable<typeof meter.calibrationPlan>) =>
        CALIBRATION_STATUS_TEXT[calibrationStatus({ ...plan, nextDueOn: isoDateOf(plan.nextDueOn) }, new Date(), BOS_ZONE)!];
      const before = badgeText(meter.calibrationPlan!);
      const today = labToday(new Date(), BOS_ZONE);
      const pdf = await certificatePdf({ certificateNumber: "BOS-CAL-9001", provider: "Boston Clinical Lab", assetTag: meter.assetTag, instrument: "pH meter", calibratedOn: today, points: [{ name: "pH 7.00 buffer", unit: "pH", nominal: 7, tolerance: 0.02, asFound: 7.01, asLeft: 7 }] });

      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/equipment/${meter.id}`);
        const details = page.getByRole("dialog").filter({ hasText: meter.assetTag });
        const section = details.getByRole("region", { name: "Calibration" });
        const badge = section.getByTestId("calibration-badge");
        assert.equal((await badge.innerText()).trim(), before);

        // The demo's calibration of the meter has three points: one a line, in a table wide enough to read them whole.
        const seeded = await db.calibrationEvent.findFirstOrThrow({ where: { equipmentId: meter.id, certificateNumber: "BOS-CAL-0003" }, include: { points: { orderBy: { position: "asc" } } } });
        assert.equal(seeded.points.length, 3);
        const history = section.getByRole("region", { name: "Calibration history (scrolls)" });
        const points = history.getByRole("row").filter({ hasText: seeded.certificateNumber! }).getByRole("listitem");
        assert.deepEqual((await points.allInnerTexts()).map((t) => t.trim()), seeded.points.map((p) => `${p.name}: ${p.asFound ?? "—"} → ${p.asLeft ?? "—"} ${p.unit} (${p.nominal} ± ${p.tolerance})`));
        await history.scrollIntoViewIfNeeded();
        assert.deepEqual(await linesOf(points), [1, 1, 1], "at 1360 px each point reads on one line");
        assert.equal(await sideways(history), 0, "at 1360 px the history needs no sideways scrolling");
        await screenshot(page, "light-calibration-history");
        // At phone width (360 px) the dialog stays inside the screen and each calibration stacks, its cells named: nothing scrolls sideways.
        await page.setViewportSize({ width: 360, height: 740 });
        const surface = await details.boundingBox();
        assert.ok(surface && surface.x >= 0 && surface.x + surface.width <= 360, `the dialog fits 360 px: ${JSON.stringify(surface)}`);
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, "the page never scrolls sideways");
        assert.equal(await sideways(history), 0, "the history fits 360 px");
        assert.equal(await points.count(), 3);
        const pointsBox = await history.getByRole("row").filter({ hasText: seeded.certificateNumber! }).getByRole("list").boundingBox();
        assert.ok(pointsBox && pointsBox.width >= 240, `the points keep a readable width on a phone: ${JSON.stringify(pointsBox)}`);
        await history.scrollIntoViewIfNeeded();
        await screenshot(page, "phone-calibration-history");
        await page.setViewportSize({ width: 1360, height: 900 });

        await section.getByRole("button", { name: "Record a calibration" }).click();
        const form = page.getByRole("form", { name: `Record a calibration of ${meter.assetTag}` });
        await form.getByLabel("Calibrated on").fill(today);
        await form.getByLabel("Certificate number").fill("BOS-CAL-9001");
        await form.locator('input[type="file"][aria-label="Certificate file"]').setInputFiles({ name: "BOS-CAL-9001.pdf", mimeType: "application/pdf", buffer: pdf });
        // The picker shows the reference standards with their own badge.
        const standard = form.getByRole("checkbox", { name: /^BOS-BAL-001/ });
        await standard.check();
        const point = form.getByRole("group", { name: "Point 1" });
        for (const [label, value] of [["Point", "pH 7.00 buffer"], ["Unit", "pH"], ["Nominal", "7"], ["± Tolerance", "0.02"], ["As found", "7.01"], ["As left", "7.00"]] as const) {
          await point.getByLabel(label, { exact: true }).fill(value);
        }
        await screenshot(page, "calibration-record-dialog");
        await form.getByRole("button", { name: "Record calibration" }).click();
        await form.waitFor({ state: "detached" });

        // The badge as the register's data now says (the plan moved on by the interval from today).
        const after = badgeText((await db.calibrationPlan.findUniqueOrThrow({ where: { equipmentId: meter.id } })));
        assert.notEqual(after, before);
        await section.getByTestId("calibration-badge").filter({ hasText: after }).waitFor();
        await section.getByRole("row").filter({ hasText: "BOS-CAL-9001" }).filter({ hasText: "BOS-BAL-001" }).waitFor();
        const event = await db.calibrationEvent.findFirstOrThrow({ where: { equipmentId: meter.id, certificateNumber: "BOS-CAL-9001" } });
        const files = (await api("GET", `/api/calibrations/${event.id}/attachments`)).items as { name: string; contentType: string; sha256: string }[];
        assert.deepEqual(files.map((f) => [f.name, f.contentType, f.sha256]), [["BOS-CAL-9001.pdf", "application/pdf", createHash("sha256").update(pdf).digest("hex")]]);
        await screenshot(page, "calibration-recorded");

        // The list shows the same badge; Print labels for the ticked row answers a PDF.
        await details.getByRole("button", { name: "Close", exact: true }).click();
        await details.waitFor({ state: "detached" });
        const row = page.getByTestId("equipment-grid").getByRole("row").filter({ hasText: meter.assetTag });
        assert.equal((await row.getByTestId("calibration-badge").innerText()).trim(), after);
        await row.getByRole("checkbox", { name: `Select ${meter.assetTag}` }).check();
        const [response, download] = await Promise.all([
          page.waitForResponse((r) => r.url().includes("/api/calibrations/labels.pdf")),
          page.waitForEvent("download"),
          page.getByRole("button", { name: "Print labels (1)" }).click(),
        ]);
        assert.equal(response.status(), 200);
        assert.equal(response.headers()["content-type"], "application/pdf");
        assert.equal(new URL(response.url()).searchParams.get("ids"), String(meter.id));
        // The bytes the browser saved: a PDF, one A4 page for one label.
        assert.equal(download.suggestedFilename(), "labkeep-labels-a4.pdf");
        const saved = await readFile((await download.path())!);
        assert.equal(saved.subarray(0, 5).toString("latin1"), "%PDF-");
        const sheet = await PDFDocument.load(saved);
        assert.deepEqual(sheet.getPages().map((p) => p.getSize()), [{ width: PAPER.A4[0], height: PAPER.A4[1] }]);
        await screenshot(page, "calibration-labels");

        // High contrast: the history's lines and the table's borders still read.
        await page.getByRole("combobox", { name: "Theme" }).selectOption({ label: "High contrast" });
        await page.goto(`${server.url}/#/equipment/${meter.id}`);
        const contrast = page.getByRole("dialog").filter({ hasText: meter.assetTag }).getByRole("region", { name: "Calibration history (scrolls)" });
        await contrast.getByRole("row").filter({ hasText: "BOS-CAL-9001" }).waitFor();
        await contrast.scrollIntoViewIfNeeded();
        await page.waitForTimeout(400); // the dialog's fade-in
        await screenshot(page, "contrast-calibration-history");
        await page.keyboard.press("Escape");
        await page.getByRole("combobox", { name: "Theme" }).selectOption({ label: "Light" });
      } catch (error) {
        await screenshot(page, "calibration-failure");
        throw error;
      } finally {
        await context.close();
      }
    });
  });
}
