import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { apiAs, navLabels, openPage, screenshot, seriousViolations, signIn, type TabHarness } from "../harness.ts";
import type { TestServer } from "../../support/server.ts";
import { STATUS_VALUES } from "../../../domain/import/format.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const FILE_NAME = "bos-asset-log.xlsx";

interface Item { tag: string; serial: string; location: string; status: string; commissioned: string; written: string | Date; notes: string }

/** The template as the tab's "Download the template" gets it (binary, so not through server.call's text body). */
async function template(server: TestServer, upn: string): Promise<Buffer> {
  const { body } = await server.call("POST", "/api/dev/token", { body: { upn } });
  const response = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { authorization: `Bearer ${(body as { token: string }).token}` } });
  assert.equal(response.status, 200);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * The template filled in as a lab would: its example rows removed, the items on the Equipment
 * sheet from row 2 on, each value under the template's own header. Returns the bytes.
 */
async function fill(templateBytes: Buffer, model: { manufacturer: string; name: string }, items: Item[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(templateBytes as unknown as ArrayBuffer);
  for (const title of ["Models", "Tasks", "Equipment", "Maintenance history"]) workbook.getWorksheet(title)!.getRow(2).values = [];
  const sheet = workbook.getWorksheet("Equipment")!;
  const headers = (sheet.getRow(1).values as unknown[]).map((h) => String(h ?? ""));
  const column = (header: string) => {
    const at = headers.indexOf(header);
    assert.ok(at > 0, `the template's Equipment sheet has a ${header} column`);
    return at;
  };
  items.forEach((item, i) => {
    const row = sheet.getRow(2 + i);
    const cells: Record<string, string | Date> = {
      "Asset tag": item.tag, Serial: item.serial, Manufacturer: model.manufacturer, Model: model.name, Lab: "BOS",
      Location: item.location, Status: item.status, Commissioned: item.written, Notes: item.notes,
    };
    for (const [header, value] of Object.entries(cells)) row.getCell(column(header)).value = value;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function choose(page: Page, bytes: Buffer): Promise<void> {
  await page.locator("input[type=file]").setInputFiles({ name: FILE_NAME, mimeType: XLSX, buffer: bytes });
}

const importButton = (page: Page) => page.getByRole("button", { name: "Import", exact: true });

async function problemRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole("table", { name: "Problems in the file" }).getByRole("row");
  await rows.nth(1).waitFor();
  const texts: string[][] = [];
  for (const row of (await rows.all()).slice(1)) texts.push((await row.getByRole("cell").allInnerTexts()).map((t) => t.trim()));
  return texts;
}

/** Issue 11: a Manager imports her lab's asset log from the Import page; a Technician has no such page. */
export function importSuite(harness: () => TabHarness): void {
  describe("import: workbook from the tab", () => {
    test("a manager checks a file with a repeated asset tag, sees the row's problem, fixes it, imports it; the rows and one audited SHA-256 are in the database", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const bos = await db.lab.findUniqueOrThrow({ where: { code: "BOS" } });
      const existing = await db.equipment.findFirstOrThrow({ where: { labId: bos.id }, include: { model: true }, orderBy: { id: "asc" } });
      const model = existing.model;
      const countBefore = await db.equipment.count({ where: { labId: bos.id } });
      const importsBefore = await db.auditEvent.count({ where: { action: "data.imported" } });

      const good: Item[] = [
        { tag: "BOS-IMP-001", serial: "IMP-7731", location: "Room 4.12", status: "ACTIVE", commissioned: "2025-06-01", written: "2025-06-01", notes: "From the 2025 asset log" },
        { tag: "BOS-IMP-002", serial: "IMP-7732", location: "Room 4.14, bench 2", status: "IN_REPAIR", commissioned: "2024-01-15", written: "15/01/2024", notes: "Compressor replaced" },
        { tag: "BOS-IMP-003", serial: "IMP-7733", location: "Cold room", status: "ACTIVE", commissioned: "2023-11-30", written: new Date("2023-11-30T00:00:00Z"), notes: "=typed by a lab, not a formula" },
      ];
      // The last row repeats the first row's tag in other letters: tags are compared without regard to case.
      const repeated: Item = { tag: good[0]!.tag.toLowerCase(), serial: "IMP-7734", location: "Room 4.20", status: "ACTIVE", commissioned: "2022-03-03", written: "03.03.2022", notes: "" };
      const bytesOfTemplate = await template(server, "marie.manager@labkeep.dev");
      const bad = await fill(bytesOfTemplate, model, [...good, repeated]);
      const fixedItem: Item = { ...repeated, tag: "BOS-IMP-004" };
      const fixedItems = [...good, fixedItem];
      const fixed = await fill(bytesOfTemplate, model, fixedItems);
      const sha256 = createHash("sha256").update(fixed).digest("hex");

      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        assert.ok((await navLabels(page)).includes("Import"));
        await openPage(page, "Import");
        await page.getByRole("heading", { level: 1, name: "Import" }).waitFor();
        assert.ok(await importButton(page).isDisabled(), "nothing to import before a file is checked");

        await choose(page, bad);
        assert.ok(await importButton(page).isDisabled(), "a chosen file is checked before it is imported");
        await page.getByRole("button", { name: "Check file" }).click();
        const badRow = 2 + good.length;
        assert.deepEqual(await problemRows(page), [[
          "Equipment", String(badRow), "Asset tag",
          `Asset tag ${repeated.tag} is used twice in the file (row 2); tags are compared without regard to case.`,
        ]]);
        assert.ok(await importButton(page).isDisabled(), "a file with problems cannot be imported");
        assert.equal(await db.equipment.count({ where: { labId: bos.id } }), countBefore, "a check writes nothing");
        assert.deepEqual(await seriousViolations(page), []);
        await screenshot(page, "light-import-problems");

        await choose(page, fixed);
        await page.getByRole("button", { name: "Check file" }).click();
        await page.getByText(`Ready to import: 0 models, 0 tasks, ${fixedItems.length} equipment, 0 past records.`).waitFor();
        assert.equal(await page.getByRole("table", { name: "Problems in the file" }).count(), 0);
        assert.ok(await importButton(page).isEnabled(), "a clean file can be imported");
        await importButton(page).click();
        await page.getByText(`Imported 0 models, 0 tasks, ${fixedItems.length} equipment, 0 past records: ${fixedItems.length} equipment added, 0 updated, 0 past records added, 0 rows unchanged.`).waitFor();
        assert.ok(await importButton(page).isDisabled(), "the same file is not imported twice from the page");
        assert.deepEqual(await seriousViolations(page), []);
        await screenshot(page, "light-import-done");
      } finally {
        await context.close();
      }

      const imported = await db.equipment.findMany({ where: { assetTag: { startsWith: "BOS-IMP-", mode: "insensitive" } }, include: { model: true, lab: true }, orderBy: { assetTag: "asc" } });
      assert.deepEqual(imported.map((e) => ({
        tag: e.assetTag, serial: e.serialNumber, model: `${e.model.manufacturer} ${e.model.name}`, lab: e.lab.code, location: e.location,
        status: e.status, commissioned: e.commissionedOn?.toISOString().slice(0, 10), notes: e.notes,
      })), fixedItems.map((item) => ({
        tag: item.tag, serial: item.serial, model: `${model.manufacturer} ${model.name}`, lab: "BOS", location: item.location,
        status: item.status, commissioned: item.commissioned, notes: item.notes === "" ? null : item.notes,
      })));
      assert.equal(await db.equipment.count({ where: { labId: bos.id } }), countBefore + fixedItems.length, "only the file's rows were added");

      const events = await db.auditEvent.findMany({ where: { action: "data.imported" }, orderBy: { seq: "asc" } });
      assert.equal(events.length, importsBefore + 1, "one import event");
      const event = events[events.length - 1]!;
      const after = event.after as { sha256: string; fileName: string; rows: { equipment: number }; equipmentCreated: number };
      assert.equal(after.sha256, sha256);
      assert.equal(after.fileName, FILE_NAME);
      assert.equal(after.rows.equipment, fixedItems.length);
      assert.equal(after.equipmentCreated, fixedItems.length);
      assert.equal(event.actorName, "Marie Curie");
      const api = await apiAs(server, "marie.manager@labkeep.dev");
      const listed = (await api("GET", `/api/equipment?labId=${bos.id}&search=BOS-IMP-&pageSize=50`)).items as { assetTag: string }[];
      assert.deepEqual(listed.map((e) => e.assetTag).sort(), fixedItems.map((i) => i.tag));
    });

    test("in dark mode the problems read as well; a technician has no Import page and the API refuses their file", async () => {
      const { server, browser } = harness();
      const model = (await server.database.prisma.equipmentModel.findFirstOrThrow({ orderBy: { id: "asc" } }));
      const bytes = await fill(await template(server, "marie.manager@labkeep.dev"), model, [
        { tag: "BOS-DARK-001", serial: "", location: "", status: "BROKEN", commissioned: "", written: "31/02/2025", notes: "" },
      ]);
      const dark = await signIn(browser, server.url, "marie.manager@labkeep.dev", { colorScheme: "dark" });
      try {
        await openPage(dark.page, "Import");
        await choose(dark.page, bytes);
        await dark.page.getByRole("button", { name: "Check file" }).click();
        const rows = await problemRows(dark.page);
        assert.deepEqual(rows, [
          ["Equipment", "2", "Status", `"BROKEN" is not one of ${STATUS_VALUES.join(", ")}.`],
          ["Equipment", "2", "Commissioned", `"31/02/2025" is not a date of the calendar.`],
        ]);
        assert.deepEqual(await seriousViolations(dark.page), []);
        await screenshot(dark.page, "dark-import-problems");
      } finally {
        await dark.context.close();
      }
      assert.equal(await server.database.prisma.equipment.count({ where: { assetTag: "BOS-DARK-001" } }), 0);

      const tech = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        assert.ok(!(await navLabels(tech.page)).includes("Import"));
        await tech.page.goto(`${server.url}/#/import`);
        await tech.page.getByRole("heading", { level: 1 }).first().waitFor();
        assert.equal(await tech.page.getByRole("button", { name: "Check file" }).count(), 0, "a deep link does not open the page either");
      } finally {
        await tech.context.close();
      }
      const { body } = await server.call("POST", "/api/dev/token", { body: { upn: "tom.tech@labkeep.dev" } });
      const refused = await fetch(`${server.url}/api/import?dryRun=true`, { method: "POST", headers: { authorization: `Bearer ${(body as { token: string }).token}`, "content-type": XLSX }, body: new Uint8Array(bytes) });
      assert.equal(refused.status, 403);
    });

    test("a large workbook shows its progress: Uploading… n % on a bar, then Checking… until the answer", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const model = (await db.equipment.findFirstOrThrow({ where: { lab: { code: "BOS" } }, include: { model: true }, orderBy: { id: "asc" } })).model;
      const items: Item[] = Array.from({ length: 3000 }, (_, i) => {
        const n = String(i + 1).padStart(4, "0");
        return { tag: `BOS-BULK-${n}`, serial: `BULK-${n}`, location: `Store ${i % 40}`, status: "ACTIVE", commissioned: "2024-05-01", written: "2024-05-01", notes: `Bulk row ${n}` };
      });
      const bytes = await fill(await template(server, "marie.manager@labkeep.dev"), model, items);
      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await openPage(page, "Import");
        await choose(page, bytes);
        // Every label the bar shows, however briefly (on the loopback the check may take only a moment).
        await page.evaluate(() => {
          const seen: string[] = [];
          (window as unknown as { progressSeen: string[] }).progressSeen = seen;
          new MutationObserver(() => {
            for (const bar of document.querySelectorAll("[role=progressbar]")) {
              const label = `${bar.getAttribute("aria-label")} ${bar.getAttribute("aria-valuenow") ?? "indeterminate"}`;
              if (seen[seen.length - 1] !== label) seen.push(label);
            }
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        // Upload at 1 MB/s, as from a lab's network, so the bar has time to move.
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
        await page.getByRole("button", { name: "Check file" }).click();
        await page.getByText(`Ready to import: 0 models, 0 tasks, ${items.length} equipment, 0 past records.`).waitFor({ timeout: 60_000 });
        const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
        const percents = seen.map((label) => /^Uploading… (\d+) % (\S+)$/.exec(label)).filter((m) => m !== null);
        assert.ok(percents.length > 0, `an upload percentage was shown: ${seen.join(" | ")}`);
        for (const m of percents) assert.equal(Number(m[2]), Number(m[1]) / 100, "the bar's value is the percentage shown");
        assert.ok(percents.some((m) => Number(m[1]) > 0 && Number(m[1]) < 100), `a percentage between 0 and 100 was shown (${bytes.length} bytes): ${seen.join(" | ")}`);
        assert.equal(seen[seen.length - 1], "Checking… indeterminate", `then the server's check, with no measure: ${seen.join(" | ")}`);
        assert.equal(await page.getByRole("progressbar").count(), 0, "the bar goes once the answer is in");
      } finally {
        await context.close();
      }
      assert.equal(await db.equipment.count({ where: { assetTag: { startsWith: "BOS-BULK-" } } }), 0, "a check writes nothing");
    });
  });
}
