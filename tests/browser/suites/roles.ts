import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_USERS } from "../../../domain/seed/identities.ts";
import { openPage, screenshot, signIn, type TabHarness } from "../harness.ts";

const ROLE_NAMES = { ADMINISTRATOR: "Administrator", GLOBAL_AUDIT: "Global Audit", MANAGER: "Manager", LOCAL_AUDIT: "Local Audit", TECHNICIAN: "Technician" } as const;

/** The roles line the Users page should show for a demo user: its groups and in-app grants, with their sources. */
function expectedRoles(demo: (typeof DEMO_USERS)[number]): string[] {
  const sources = new Map<string, string[]>();
  for (const g of demo.groups) sources.set(`${g.lab ?? "All labs"} ${ROLE_NAMES[g.role]}`, ["Entra group"]);
  for (const g of demo.grants) sources.set(`${g.lab} ${ROLE_NAMES[g.role]}`, [...(sources.get(`${g.lab} ${ROLE_NAMES[g.role]}`) ?? []), "granted in Labkeep"]);
  return [...sources].map(([what, from]) => `${what} (${from.join(" and ")})`).sort();
}

/** Issue 10: the Users page shows each user's effective roles per lab and where each comes from. */
export function rolesSuite(harness: () => TabHarness): void {
  describe("users: effective roles", () => {
    test("an administrator sees every demo user's roles per lab, from Entra groups and in-app grants", async () => {
      const { server, browser } = harness();
      const { context, page } = await signIn(browser, server.url, "ada.admin@labkeep.dev");
      try {
        await openPage(page, "Users");
        await page.getByRole("switch", { name: "Show disabled" }).or(page.getByRole("checkbox", { name: "Show disabled" })).first().check();
        const table = page.getByRole("grid", { name: "Users" });
        await table.getByRole("link", { name: "Dan Gone" }).waitFor();
        for (const demo of DEMO_USERS) {
          const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: demo.displayName, exact: true }) });
          const roles = (await row.getByRole("listitem").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim()).sort();
          assert.deepEqual(roles, expectedRoles(demo), demo.upn);
        }
        await screenshot(page, "light-users-roles");
        await page.getByRole("link", { name: "Theo Brown", exact: true }).click();
        const dialog = page.getByRole("dialog");
        const access = dialog.getByRole("table", { name: "Lab access" });
        await access.getByRole("row").nth(1).waitFor();
        const rows = (await access.getByRole("row").allInnerTexts()).slice(1).map((t) => t.replace(/\s+/g, " ").trim());
        assert.deepEqual(rows.map((r) => r.replace(/ Revoke$/, "")).sort(), ["BOS Technician granted in Labkeep", "LON Technician Entra group"]);
      } finally {
        await context.close();
      }
    });
  });
}
