import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { labTime } from "../../../domain/time/format.ts";
import { pngFile } from "../../support/fixtures/files.ts";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";

/** R-FILE in the tab: a manager attaches a photo on the equipment page, sees its SHA-256, and downloads the same bytes. */
export function attachmentsSuite(harness: () => TabHarness): void {
  describe("attachments in the tab", () => {
    test("a manager attaches a PNG on the equipment page: name, size and SHA-256 show; the download is the same bytes", async () => {
      const { server, browser } = harness();
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const bos = ((await api("GET", "/api/labs")).items as { id: number; code: string; timeZone: string }[]).find((l) => l.code === "BOS")!;
      const target = ((await api("GET", `/api/equipment?labId=${bos.id}&status=ACTIVE&pageSize=1`)).items as { id: number; assetTag: string }[])[0]!;
      const png = pngFile(16, 16, [20, 120, 60]);
      const sha = createHash("sha256").update(png).digest("hex");
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.getByRole("combobox", { name: "Current lab" }).selectOption({ label: "BOS — Boston Clinical Lab" });
        await page.goto(`${server.url}/#/equipment/${target.id}`);
        const details = page.getByRole("dialog").filter({ hasText: target.assetTag });
        await details.getByText("No files attached.").waitFor();
        await details.getByLabel("Attach a file to files").setInputFiles({ name: "calibration label.png", mimeType: "image/png", buffer: png });
        const row = details.getByRole("row").filter({ hasText: "calibration label.png" });
        await row.waitFor();
        const listed = (await api("GET", `/api/equipment/${target.id}/attachments`)).items as { sha256: string; uploadedAt: string; sizeBytes: number }[];
        // The one formatter (the tab's viewer is en-US here), as the history table above it writes times: "Nov 30, 2026, 9:46 AM (BOS time)".
        const when = labTime(listed[0]!.uploadedAt, bos);
        assert.equal(listed.length, 1);
        assert.equal(listed[0]!.sha256, sha);
        const cells = await row.getByRole("cell").allInnerTexts();
        assert.deepEqual(cells.map((c) => c.trim()), ["calibration label.png", `image/png, ${png.length} bytes`, sha, `Marie Curie, ${when}`]);
        await screenshot(page, "equipment-attachments");

        const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: "Download calibration label.png" }).click()]);
        assert.equal(download.suggestedFilename(), "calibration label.png");
        assert.deepEqual(await readFile((await download.path())!), png);
        const downloads = await server.database.prisma.auditEvent.count({ where: { action: "file.downloaded", actorName: "Marie Curie" } });
        assert.equal(downloads, 1);
      } finally {
        await context.close();
      }
    });
  });
}
