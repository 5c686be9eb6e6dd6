import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_SIGNING_PINS } from "../../../domain/seed/pins.ts";
import { apiAs, screenshot, signIn, type TabHarness } from "../harness.ts";

interface Task { taskId: number; title: string; kind: string; required: boolean; min: number | null; max: number | null }

/** "10 Mar 2026, 11:00 (BOS time)": the instant in the lab's zone, computed here from the stored value. */
function labTimeText(at: Date, timeZone: string, code: string): string {
  const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone }).format(at);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
  return `${date}, ${time} (${code} time)`;
}

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
        const expected = `Performed by ${signature!.signerName}, ${labTimeText(signature!.signedAt, bos.timeZone, bos.code)}`;
        assert.equal(signature!.signerName, "Tom Edison");
        assert.equal((await signatures.getByRole("listitem").allInnerTexts()).map((t) => t.trim()).join("|"), expected);
        assert.equal(await dialog.getByText("Awaiting signature").count(), 0);
        await screenshot(page, "signing-signed");
      } finally {
        await context.close();
      }
    });
  });
}
