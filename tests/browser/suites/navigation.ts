import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { navLabels, signIn, type TabHarness } from "../harness.ts";

const EVERYTHING = ["My work", "Maintenance", "Equipment", "Corrective actions", "Models", "Users", "Audit", "Audit review", "Reports"];
/** Reviewers and performers also get the review queue (R-REVIEW); the audit roles do not. */
const WITH_REVIEWS = ["My work", "Maintenance", "Reviews", ...EVERYTHING.slice(2)];

/** The administrator's tabs, in order: every page there is. */
export const ADMIN_PAGES = [...WITH_REVIEWS, "Labs", "Import"];

export function navigationSuite(harness: () => TabHarness): void {
  describe("navigation per role (SPEC §2)", () => {
    const tab = { get browser() { return harness().browser; }, get server() { return harness().server; } };

    const expected: [string, string[]][] = [
      ["ada.admin@labkeep.dev", ADMIN_PAGES],
      ["grace.audit@labkeep.dev", EVERYTHING],
      ["marie.manager@labkeep.dev", [...WITH_REVIEWS, "Import"]],
      ["rosalind.audit@labkeep.dev", EVERYTHING],
      ["tom.tech@labkeep.dev", ["My work", "Maintenance", "Reviews", "Corrective actions"]],
    ];

    for (const [upn, pages] of expected) {
      test(`${upn} sees exactly ${pages.join(", ")}`, async () => {
        const { context, page } = await signIn(tab.browser, tab.server.url, upn);
        try {
          assert.deepEqual(await navLabels(page), pages);
          await page.getByRole("heading", { name: "Maintenance", level: 1 }).waitFor();
        } finally {
          await context.close();
        }
      });
    }

    test("the development sign-in is labelled as such, before and after signing in", async () => {
      const context = await tab.browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${tab.server.url}/`);
        await page.getByText("Development sign-in", { exact: true }).first().waitFor();
        await page.getByRole("button", { name: "Sign in as Tom Edison" }).click();
        await page.getByRole("navigation", { name: "Main" }).waitFor();
        assert.equal(await page.getByText("Development sign-in", { exact: true }).count(), 1);
      } finally {
        await context.close();
      }
    });

    test("a technician who types another page's address stays on Maintenance", async () => {
      const { context, page } = await signIn(tab.browser, tab.server.url, "tom.tech@labkeep.dev");
      try {
        await page.goto(`${tab.server.url}/#/equipment`);
        await page.getByRole("heading", { name: "Maintenance", level: 1 }).waitFor();
        assert.equal(await page.getByRole("heading", { name: "Equipment", level: 1 }).count(), 0);
      } finally {
        await context.close();
      }
    });

    test("the lab picker lists only the user's labs", async () => {
      const cases: [string, string[]][] = [
        ["tom.tech@labkeep.dev", ["BOS"]],
        ["theo.tech@labkeep.dev", ["BOS", "LON"]],
        ["ada.admin@labkeep.dev", ["BOS", "LON", "SFO"]],
      ];
      for (const [upn, codes] of cases) {
        const { context, page } = await signIn(tab.browser, tab.server.url, upn);
        try {
          const options = await page.getByRole("combobox", { name: "Current lab" }).locator("option").allInnerTexts();
          assert.deepEqual(options.map((text) => text.slice(0, 3)).sort(), codes, upn);
        } finally {
          await context.close();
        }
      }
    });

    test("a disabled user is refused with a message", async () => {
      const context = await tab.browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${tab.server.url}/`);
        await page.getByRole("button", { name: "Sign in as Dan Gone" }).click();
        await page.getByRole("alert").waitFor();
        assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0);
      } finally {
        await context.close();
      }
    });
  });
}
