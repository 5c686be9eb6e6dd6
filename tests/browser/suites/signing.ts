import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { amendmentSignedContent } from "../../../domain/record/record.content.ts";
import { DEMO_SIGNING_PINS } from "../../../domain/seed/pins.ts";
import { contentHash } from "../../../domain/signature/content.ts";
import { labTime } from "../../../domain/time/format.ts";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";

interface Task { taskId: number; title: string; kind: string; required: boolean; min: number | null; max: number | null }


/** R-SIGN in the tab: completing a checklist is the performer's signature, made with the PIN (development). */
export function signingSuite(harness: () => TabHarness): void {
  describe("signing in the tab", () => {
    test("Tom signs and completes a BOS checklist: a wrong PIN is refused, the right one signs, the record shows 'Performed by Tom Edison, <date>, <time> (BOS time)'", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const bos = await db.lab.findUniqueOrThrow({ where: { code: "BOS" } });
      const open = (await tech("GET", `/api/records?labId=${bos.id}&status=open&pageSize=100`)).items as { id: number }[];
      const record = open.at(-3)!;
      const detail = await tech("GET", `/api/records/${record.id}`);
      const tasks = (detail.checklist as Task[]).filter((t) => t.required);
      const { context, page } = await signIn(browser, server.url, "tom.tech@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = page.getByRole("dialog");
        for (const t of tasks) {
          if (t.kind === "CHECK") await dialog.getByRole("radiogroup", { name: t.title }).getByRole("radio", { name: "Done", exact: true }).check();
          else if (t.kind === "READING") await dialog.getByRole("spinbutton", { name: t.title }).fill(String(t.min ?? t.max ?? 1));
          else await dialog.getByRole("textbox", { name: t.title }).fill("ok");
        }
        await dialog.getByText("Signing as Tom Edison — meaning: Performed.", { exact: false }).waitFor();
        await dialog.getByLabel("Your signing PIN").fill("0000");
        await dialog.getByRole("button", { name: "Sign and complete" }).click();
        await dialog.getByText("That PIN is not right. Enter your PIN to sign.").first().waitFor();
        await screenshot(page, "signing-wrong-pin");
        assert.equal((await db.pmRecord.findUniqueOrThrow({ where: { id: record.id } })).status, "OPEN");
        const refused = await db.auditEvent.count({ where: { action: "signature.refused", entityId: `sign-in:${(await db.user.findUniqueOrThrow({ where: { upn: "tom.tech@labkeep.dev" } })).id}` } });
        assert.equal(refused, 1);

        await dialog.getByLabel("Your signing PIN").fill(DEMO_SIGNING_PINS["tom.tech@labkeep.dev"]!);
        await dialog.getByRole("button", { name: "Sign and complete" }).click();
        const signatures = dialog.getByRole("list", { name: "Signatures" });
        await signatures.waitFor();
        const [signature, ...more] = await db.signature.findMany({ where: { subjectType: "record", subjectId: String(record.id) } });
        assert.equal(more.length, 0);
        assert.equal(signature!.meaning, "PERFORMED");
        const expected = `Performed by ${signature!.signerName}, ${labTime(signature!.signedAt, bos)}`;
        assert.equal(signature!.signerName, "Tom Edison");
        assert.equal((await signatures.getByRole("listitem").allInnerTexts()).map((t) => t.trim()).join("|"), expected);
        assert.equal(await dialog.getByText("Awaiting signature").count(), 0);
        await screenshot(page, "signing-signed");
      } finally {
        await context.close();
      }
    });

    test("each amendment shows its signatures in the record view: printed name, date and time with zone, meaning, valid or invalid", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const tech = await apiAs(server, "tom.tech@labkeep.dev");
      const manager = await apiAs(server, "marie.manager@labkeep.dev");
      const bos = await db.lab.findUniqueOrThrow({ where: { code: "BOS" } });
      const open = (await tech("GET", `/api/records?labId=${bos.id}&status=open&pageSize=100`)).items as { id: number }[];
      const record = open.at(-5)!;
      const tasks = ((await tech("GET", `/api/records/${record.id}`)).checklist as Task[]).filter((t) => t.required);
      const results = tasks.map((t) => (t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : t.kind === "READING" ? { taskId: t.taskId, reading: t.min ?? t.max ?? 1 } : { taskId: t.taskId, text: "ok" }));
      await tech("POST", `/api/records/${record.id}/complete`, { results });
      const pin = async () => (await manager("POST", "/api/dev/signing-token", { pin: DEMO_SIGNING_PINS["marie.manager@labkeep.dev"] })).token as string;
      // Signed, unsigned, and signed then altered in the database behind Labkeep's back.
      await manager("POST", `/api/records/${record.id}/amend`, { reason: "Comment typed on the wrong record", comment: "Rotor cleaned" }, { "x-labkeep-signature": await pin() });
      await manager("POST", `/api/records/${record.id}/amend`, { reason: "Say which rotor", comment: "Rotor A cleaned" });
      await manager("POST", `/api/records/${record.id}/amend`, { reason: "Both rotors", comment: "Rotors A and B cleaned" }, { "x-labkeep-signature": await pin() });
      const amendments = await db.pmAmendment.findMany({ where: { recordId: record.id }, orderBy: { id: "asc" } });
      assert.equal(amendments.length, 3);
      await db.pmAmendment.update({ where: { id: amendments[2]!.id }, data: { reason: "Both rotors, checked twice" } });

      const stored = await db.pmAmendment.findMany({ where: { recordId: record.id } });
      const expected = async (amendmentId: number) =>
        (await db.signature.findMany({ where: { subjectType: "amendment", subjectId: String(amendmentId) }, orderBy: { id: "asc" } })).map((sig) => {
          const meaning = { PERFORMED: "Performed by", REVIEWED: "Reviewed by", APPROVED: "Approved by" }[sig.meaning];
          const amendment = stored.find((a) => a.id === amendmentId)!;
          const valid = sig.contentHash === contentHash(amendmentSignedContent(amendment));
          return `${meaning} ${sig.signerName}, ${labTime(sig.signedAt, bos)}${valid ? " valid" : " (signature no longer matches the amendment) invalid"}`;
        });
      const wanted = [await expected(amendments[0]!.id), await expected(amendments[1]!.id), await expected(amendments[2]!.id)];
      assert.deepEqual(wanted.map((w) => w.length), [1, 0, 1]);
      assert.ok(wanted[0]![0]!.startsWith("Performed by Marie Curie, ") && wanted[0]![0]!.endsWith(" valid"));
      assert.ok(wanted[2]![0]!.endsWith(" invalid"), "the altered amendment's signature no longer matches");

      const { context, page } = await signIn(browser, server.url, "marie.manager@labkeep.dev");
      try {
        await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = page.getByRole("dialog");
        const list = dialog.getByRole("list", { name: "Amendment signatures" });
        await list.waitFor();
        const shown = async (n: number) => (await list.getByRole("list", { name: `Signatures of amendment ${n}` }).getByRole("listitem").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
        assert.deepEqual(await shown(1), wanted[0]);
        assert.equal(await list.getByRole("list", { name: "Signatures of amendment 2" }).count(), 0);
        assert.match((await list.locator(":scope > li").nth(1).innerText()).replace(/\s+/g, " "), /^Amendment 2 by Marie Curie, .*: Say which rotor Not signed\.$/);
        assert.deepEqual(await shown(3), wanted[2]);
        await list.scrollIntoViewIfNeeded();
        await screenshot(page, "signing-amendments");
      } finally {
        await context.close();
      }
    });
  });
}
