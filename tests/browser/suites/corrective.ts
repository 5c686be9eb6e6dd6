import { DEMO_SIGNING_PINS } from "../../../domain/seed/pins.ts";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiAs, screenshot, seriousViolations, signIn, type TabHarness } from "../harness.ts";

interface Task { taskId: number; kind: string; title: string; min: number | null; max: number | null }

/** R-QUAR in the tab: the offer after a failed check, the corrective actions page, closing, impact decisions. */
export function correctiveSuite(harness: () => TabHarness): void {
  describe("corrective actions", () => {
    test("a failed reading offers quarantine in the checklist dialog; the CA page logs, closes with the re-check and records QA's decision", async () => {
      const { server, browser } = harness();
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      const bos = ((await manager("GET", "/api/labs")).items as { id: number; code: string }[]).find((l) => l.code === "BOS")!;
      const open = (await manager("GET", `/api/records?labId=${bos.id}&status=open&frequency=DAILY&pageSize=200`)).items as { id: number; equipment: { id: number; assetTag: string } }[];
      // An instrument with a reading, with no corrective action open (the demo data has one), from the middle of the list.
      const openCas = (await manager("GET", `/api/corrective-actions?labId=${bos.id}`)).items as { equipment: { id: number } }[];
      let chosen: { record: { id: number; equipment: { id: number; assetTag: string } }; tasks: Task[] } | null = null;
      for (const record of open.slice(Math.floor(open.length / 3))) {
        if (openCas.some((c) => c.equipment.id === record.equipment.id)) continue;
        const tasks = (await tech("GET", `/api/records/${record.id}`)).checklist as Task[];
        if (tasks.some((t) => t.kind === "READING" && t.max !== null)) { chosen = { record, tasks }; break; }
      }
      assert.ok(chosen, "an open BOS daily record with a reading");
      const { record, tasks } = chosen;
      const reading = tasks.find((t) => t.kind === "READING" && t.max !== null)!;
      const answer = (fail: boolean) => tasks.map((t) =>
        t.kind === "READING" ? { taskId: t.taskId, reading: t === reading && fail ? t.max! + 5 : ((t.min ?? 0) + (t.max ?? 0)) / 2 } : t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : { taskId: t.taskId, text: "ok" });
      const failed = await tech("POST", `/api/records/${record.id}/complete`, { results: answer(true) });
      assert.equal(failed.failure.offerQuarantine, true);

      const t = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      let caId: number;
      try {
        await t.page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = t.page.getByRole("dialog");
        await dialog.getByText(`Failed: ${failed.failure.problem}`).waitFor();
        await screenshot(t.page, "quarantine-offer");
        await dialog.getByRole("button", { name: "Take out of service" }).click();
        const heading = t.page.getByRole("heading", { level: 1, name: new RegExp(`CA-\\d+ · ${record.equipment.assetTag}`) });
        await heading.waitFor();
        const ca = (await manager("GET", `/api/corrective-actions?labId=${bos.id}`)).items.find((c: { equipment: { id: number } }) => c.equipment.id === record.equipment.id);
        caId = ca.id;
        assert.match(await heading.innerText(), new RegExp(`^${ca.number} · ${record.equipment.assetTag}`));
        assert.equal((await manager("GET", `/api/equipment/${record.equipment.id}`)).status, "OUT_OF_SERVICE");
        await t.page.getByRole("textbox", { name: "Action taken" }).fill("Door seal replaced");
        await t.page.getByRole("button", { name: "Add to log" }).click();
        await t.page.getByRole("list", { name: "Actions taken" }).getByText("Tom Edison: Door seal replaced").waitFor();
        await t.page.getByRole("button", { name: "Start re-check" }).click();
        await t.page.getByText(/^Re-check:/).waitFor();
      } finally {
        await t.context.close();
      }
      const detail = await manager("GET", `/api/corrective-actions/${caId}`);
      await tech("POST", `/api/records/${detail.recheckRecord.id}/complete`, { results: answer(false) });

      const m = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await m.page.goto(`${server.url}/#/corrective`);
        const row = m.page.getByRole("button", { name: `Open ${detail.number} (${record.equipment.assetTag})` });
        await row.waitFor();
        await screenshot(m.page, "corrective-actions-list");
        assert.deepEqual(await seriousViolations(m.page), []);
        await row.click();
        await m.page.getByRole("button", { name: "Close with verification…" }).click();
        const close = m.page.getByRole("dialog", { name: `Close ${detail.number}` });
        assert.equal(await close.getByRole("textbox", { name: /Verification record id/ }).inputValue(), String(detail.recheckRecord.id));
        await close.getByRole("textbox", { name: /How it was resolved/ }).fill("Seal replaced, reading back in limits");
        // Closing is Marie's electronic signature, meaning approved (R-SIGN): her PIN in development.
        await close.getByLabel("Your signing PIN").fill(DEMO_SIGNING_PINS["marie.manager@labkeep.dev"]!);
        await close.getByRole("button", { name: "Close and return to Active" }).click();
        await close.waitFor({ state: "detached" });
        await m.page.getByRole("heading", { level: 1 }).getByText("Closed").waitFor();
        const closed = await manager("GET", `/api/corrective-actions/${caId}`);
        assert.deepEqual([closed.status, closed.verificationRecord.id, closed.equipment.status], ["CLOSED", detail.recheckRecord.id, "ACTIVE"]);
        await screenshot(m.page, "corrective-action-closed");
      } finally {
        await m.context.close();
      }

      const qa = await signIn(browser, server.url, "rosalind.audit@labkeep.dev");
      try {
        await qa.page.goto(`${server.url}/#/corrective/${caId}`);
        const item = detail.impact[detail.impact.length - 1];
        await qa.page.getByRole("combobox", { name: `Decision on ${item.reference}` }).selectOption("INVESTIGATE");
        await qa.page.getByRole("textbox", { name: `Comment on ${item.reference}` }).fill("Check samples stored that day");
        await qa.page.getByRole("table", { name: "Impact assessment" }).getByRole("button", { name: "Save" }).last().click();
        await qa.page.waitForFunction(async () => true);
        for (let i = 0; i < 50; i++) {
          const now = (await manager("GET", `/api/corrective-actions/${caId}`)).impact.find((x: { itemId: number }) => x.itemId === item.itemId);
          if (now.decision) {
            assert.deepEqual([now.decision.decision, now.decision.comment, now.decision.by.displayName], ["INVESTIGATE", "Check samples stored that day", "Rosalind Franklin"]);
            break;
          }
          if (i === 49) assert.fail("the decision was not saved");
          await new Promise((r) => setTimeout(r, 100));
        }
        await screenshot(qa.page, "corrective-action-impact");
      } finally {
        await qa.context.close();
      }
    });
  });
}
