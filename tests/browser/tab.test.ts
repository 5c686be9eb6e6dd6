import { after, before, describe } from "node:test";
import { startTab, type TabHarness } from "./harness.ts";
import { navigationSuite } from "./suites/navigation.ts";
import { workflowSuite } from "./suites/workflows.ts";
import { pagesSuite } from "./suites/pages.ts";
import { usersSuite } from "./suites/users.ts";
import { equipmentSuite } from "./suites/equipment.ts";
import { attachmentsSuite } from "./suites/attachments.ts";
import { themeSuite } from "./suites/theme.ts";
import { timesSuite } from "./suites/times.ts";
import { auditSuite } from "./suites/audit.ts";
import { reviewSuite } from "./suites/review.ts";
import { rolesSuite } from "./suites/roles.ts";
import { recordsSuite } from "./suites/records.ts";
import { labsSuite } from "./suites/labs.ts";
import { notRequiredSuite } from "./suites/not-required.ts";
import { importSuite } from "./suites/import.ts";
import { loadingSuite } from "./suites/loading.ts";
import { sortingSuite } from "./suites/sorting.ts";
import { reviewsSuite } from "./suites/reviews.ts";
import { signingSuite } from "./suites/signing.ts";
import { correctiveSuite } from "./suites/corrective.ts";
import { phoneSuite } from "./suites/phone.ts";
import { myWorkSuite } from "./suites/my-work.ts";
import { assignmentsSuite } from "./suites/assignments.ts";
import { calibrationSuite } from "./suites/calibration.ts";

/**
 * The tab in Chromium against the real server (tab/dist built if stale) on one test database with
 * the demo data: seeding takes a while, so the suites share it and run in this order.
 */
describe("Labkeep tab in a browser", () => {
  let tab: TabHarness | undefined;
  before(async () => { tab = await startTab(); });
  after(async () => { await tab?.close(); });
  const harness = () => {
    if (!tab) throw new Error("the tab harness did not start");
    return tab;
  };
  navigationSuite(harness);
  workflowSuite(harness);
  usersSuite(harness);
  equipmentSuite(harness);
  attachmentsSuite(harness);
  recordsSuite(harness);
  notRequiredSuite(harness);
  rolesSuite(harness);
  auditSuite(harness);
  reviewSuite(harness);
  timesSuite(harness);
  themeSuite(harness);
  labsSuite(harness);
  reviewsSuite(harness);
  signingSuite(harness);
  loadingSuite(harness);
  sortingSuite(harness);
  pagesSuite(harness);
  correctiveSuite(harness);
  phoneSuite(harness);
  myWorkSuite(harness);
  assignmentsSuite(harness);
  calibrationSuite(harness);
  // Last: it adds BOS equipment (and their open records) that the suites above do not expect.
  importSuite(harness);
});
