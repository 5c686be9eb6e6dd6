import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { DEMO_SIGNING_PINS } from "../../../domain/seed/pins.ts";
import { labTime } from "../../../domain/time/format.ts";
import { apiAs, openPage, screenshot, seriousViolations, signIn, type TabHarness } from "../harness.ts";

/** Theo (the performer) finds a record returned to him under Reviews → Returned to me, with the reviewer's reason. */
async function theoSeesReturned(browser: Browser, url: string, reason: string, shot: string, recordNumber?: string): Promise<void> {
  const performer = await signIn(browser, url, "theo.tech@labkeep.dev");
  try {
    await openPage(performer.page, "Reviews");
    const mine = performer.page.getByRole("grid", { name: "Records returned to me" });
    if (recordNumber) await mine.getByRole("gridcell", { name: recordNumber, exact: true }).waitFor();
    await mine.getByRole("gridcell", { name: reason }).waitFor();
    await screenshot(performer.page, shot);
  } finally {
    await performer.context.close();
  }
}

/** R-REVIEW in the tab: the lab's review switch, then the queue — a record returned leaves it; reviewing asks for a signature. */
export function reviewsSuite(harness: () => TabHarness): void {
  describe("review queue", () => {
    test("the demo's review story: Lena's queue as seeded, a reviewed record with its signatures, and the record returned to Theo", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const lon = await db.lab.findUniqueOrThrow({ where: { code: "LON" } });
      const lena = await db.user.findUniqueOrThrow({ where: { upn: "lena.manager@labkeep.dev" } });
      const theo = await db.user.findUniqueOrThrow({ where: { upn: "theo.tech@labkeep.dev" } });
      const awaiting = await db.pmRecord.findMany({ where: { labId: lon.id, status: "COMPLETED", reviewState: "AWAITING", NOT: { completedById: lena.id } }, orderBy: [{ completedAt: "asc" }, { id: "asc" }] });
      assert.ok(awaiting.length >= 3 && awaiting.length <= 6, `${awaiting.length} await Lena's review in the demo data`);
      // The record returned, resubmitted with a correction and reviewed: its trail is in the audit.
      const resubmitted = await db.auditEvent.findFirstOrThrow({ where: { action: "record.resubmitted", labId: lon.id } });
      const record = await db.pmRecord.findUniqueOrThrow({ where: { id: Number(resubmitted.entityId) }, include: { reviewedBy: true } });
      const signatures = await db.signature.findMany({ where: { subjectType: "record", subjectId: String(record.id) }, orderBy: { id: "asc" } });
      const returned = await db.pmRecord.findFirstOrThrow({ where: { labId: lon.id, reviewState: "RETURNED", completedById: theo.id } });
      const number = (n: number) => `LON-${String(n).padStart(6, "0")}`;

      const { context, page } = await signIn(browser, server.url, "lena.manager@labkeep.dev");
      try {
        await openPage(page, "Reviews");
        const grid = page.getByRole("grid", { name: "Records awaiting my review" });
        await grid.getByRole("gridcell", { name: number(awaiting[0]!.number), exact: true }).waitFor();
        assert.equal(await page.getByTestId("list-count").textContent(), `${awaiting.length} records await your review`);
        assert.equal(await grid.getByRole("row").count(), 1 + awaiting.length);
        await screenshot(page, "reviews-demo-queue");

        await page.goto(`${server.url}/#/maintenance/record/${record.id}`);
        const dialog = page.getByRole("dialog");
        const list = dialog.getByRole("list", { name: "Signatures", exact: true });
        await list.waitFor();
        const texts = (await list.getByRole("listitem").allInnerTexts()).map((t) => t.trim());
        // Each reads meaning, printed name, and the lab time with its zone, from the one formatter.
        const manifestations = signatures.map((s) => `${s.meaning === "REVIEWED" ? "Reviewed" : "Performed"} by ${s.signerName}, ${labTime(s.signedAt, lon)}`);
        assert.deepEqual(texts.map((t, i) => t.slice(0, manifestations[i]!.length)), manifestations);
        // Signed at completion, then again after the correction: the first no longer matches the record.
        assert.deepEqual(texts.map((t) => t.includes("no longer matches")), [true, false, false]);
        await dialog.getByText(`Reviewed by ${record.reviewedBy!.displayName} at`).waitFor();
        await dialog.getByRole("cell", { name: resubmitted.reason! }).waitFor();
        assert.deepEqual(await seriousViolations(page), []);
        await screenshot(page, "reviews-demo-reviewed-record");
      } finally {
        await context.close();
      }

      await theoSeesReturned(browser, server.url, `${returned.reviewComment} (Lena Meitner)`, "reviews-demo-returned", number(returned.number));
    });

    test("the demo's LON requires review (the lab switch shows it and turns it off and on); its manager's queue lists the records awaiting review and a returned one leaves it", async () => {
      const { server, browser } = harness();
      const db = server.database.prisma;
      const admin = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      const lon = await db.lab.findUniqueOrThrow({ where: { code: "LON" } });
      assert.equal(lon.reviewRequired, true, "the demo data requires review in LON");
      const setSwitch = async (on: boolean) => {
        await admin.page.getByRole("button", { name: "Edit LON" }).click();
        const dialog = admin.page.getByRole("dialog");
        const toggle = dialog.getByRole("switch", { name: "Require second-person review" });
        assert.equal(await toggle.isChecked(), !on);
        await toggle.setChecked(on);
        await dialog.getByRole("button", { name: "Save" }).click();
        await dialog.waitFor({ state: "detached" });
        assert.equal((await db.lab.findUniqueOrThrow({ where: { id: lon.id } })).reviewRequired, on);
      };
      try {
        await openPage(admin.page, "Labs");
        await setSwitch(false);
        await setSwitch(true);
      } finally {
        await admin.context.close();
      }
      try {
        // Theo completes two LON records of models that need review (the demo exempts the −80 °C freezer), through the API as the tab would.
        const theo = await apiAs(server, "theo.tech@labkeep.dev");
        const open = await db.pmRecord.findMany({ where: { labId: lon.id, status: "OPEN", equipment: { model: { reviewRequired: null } } }, orderBy: { id: "asc" }, select: { id: true, number: true } });
        const picked = open.slice(-2).map((r) => ({ id: r.id, number: `LON-${String(r.number).padStart(6, "0")}` }));
        assert.equal(picked.length, 2);
        for (const record of picked) {
          const detail = await theo("GET", `/api/records/${record.id}`);
          const results = detail.checklist.map((t: { taskId: number; kind: string; min: number | null; max: number | null }) =>
            t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : t.kind === "READING" ? { taskId: t.taskId, reading: t.min ?? t.max ?? 1 } : { taskId: t.taskId, text: "ok" },
          );
          await theo("POST", `/api/records/${record.id}/complete`, { results });
        }
        const lena = await db.user.findUniqueOrThrow({ where: { upn: "lena.manager@labkeep.dev" } });
        const awaiting = await db.pmRecord.count({ where: { labId: lon.id, reviewState: "AWAITING", NOT: { completedById: lena.id } } });

        const { context, page } = await signIn(browser, server.url, "lena.manager@labkeep.dev");
        try {
          await openPage(page, "Reviews");
          const grid = page.getByRole("grid", { name: "Records awaiting my review" });
          await grid.getByRole("gridcell", { name: picked[0]!.number, exact: true }).waitFor();
          assert.equal(await page.getByTestId("list-count").textContent(), `${awaiting} ${awaiting === 1 ? "record awaits" : "records await"} your review`);
          assert.equal(await grid.getByRole("row").count(), 1 + awaiting);
          assert.deepEqual(await seriousViolations(page), []);
          await screenshot(page, "reviews-queue");

          // Reviewing is a signature (REVIEWED): the dialog asks Lena's PIN; a wrong one is refused and nothing is reviewed.
          await page.getByRole("button", { name: `Review ${picked[1]!.number}` }).click();
          const review = page.getByRole("dialog", { name: `Review ${picked[1]!.number}` });
          await review.getByRole("textbox", { name: "Comment" }).fill("Checked against the instrument log");
          await review.getByText("Signing as Lena Meitner — meaning: Reviewed.", { exact: false }).waitFor();
          await review.getByRole("button", { name: "Sign as reviewed" }).click();
          await review.getByText("Enter your PIN to sign.").first().waitFor();
          await review.getByLabel("Your signing PIN").fill("0000");
          await review.getByRole("button", { name: "Sign as reviewed" }).click();
          await review.getByText("That PIN is not right. Enter your PIN to sign.").first().waitFor();
          await screenshot(page, "reviews-sign-refused");
          assert.equal((await db.pmRecord.findUniqueOrThrow({ where: { id: picked[1]!.id } })).reviewState, "AWAITING");
          await review.getByLabel("Your signing PIN").fill(DEMO_SIGNING_PINS["lena.manager@labkeep.dev"]!);
          await screenshot(page, "reviews-sign-pin");
          await review.getByRole("button", { name: "Sign as reviewed" }).click();
          await review.waitFor({ state: "detached" });
          await grid.getByRole("gridcell", { name: picked[1]!.number, exact: true }).waitFor({ state: "detached" });
          const reviewed = await db.pmRecord.findUniqueOrThrow({ where: { id: picked[1]!.id } });
          assert.deepEqual([reviewed.reviewState, reviewed.reviewComment, reviewed.reviewedById], ["REVIEWED", "Checked against the instrument log", lena.id]);
          const signed = await db.signature.findMany({ where: { subjectType: "record", subjectId: String(picked[1]!.id), meaning: "REVIEWED" } });
          assert.deepEqual(signed.map((s) => [s.signerId, s.signerName, s.authMethod]), [[lena.id, "Lena Meitner", "dev-pin"]]);

          await page.getByRole("button", { name: `Return ${picked[0]!.number}` }).click();
          const ret = page.getByRole("dialog", { name: `Return ${picked[0]!.number}` });
          await ret.getByRole("button", { name: "Return to performer" }).click();
          await ret.getByText("Say why the record goes back.").waitFor();
          await ret.getByRole("textbox", { name: /Reason/ }).fill("Reading of the door seal missing");
          await screenshot(page, "reviews-return");
          await ret.getByRole("button", { name: "Return to performer" }).click();
          await ret.waitFor({ state: "detached" });
          await grid.getByRole("gridcell", { name: picked[0]!.number, exact: true }).waitFor({ state: "detached" });
          // The grid reloads after the return: wait for the header row plus the rows still awaiting.
          await waitForCount(() => grid.getByRole("row").count(), 1 + awaiting - 2);
          const row = await db.pmRecord.findUniqueOrThrow({ where: { id: picked[0]!.id } });
          assert.deepEqual([row.reviewState, row.reviewComment, row.reviewedById], ["RETURNED", "Reading of the door seal missing", lena.id]);
        } finally {
          await context.close();
        }

        await theoSeesReturned(browser, server.url, "Reading of the door seal missing (Lena Meitner)", "reviews-returned");
      } finally {
        // The demo's setting, for the suites after this one.
        await db.lab.update({ where: { id: lon.id }, data: { reviewRequired: true } });
      }
    });
  });
}

/** Polls a count until it is the expected one (the grid re-renders after a reload), then asserts it. */
export async function waitForCount(count: () => Promise<number>, expected: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = await count();
  while (last !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await count();
  }
  assert.equal(last, expected);
}
