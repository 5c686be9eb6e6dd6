import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createEquipment, createLab, createModel } from "../../tests/support/fixtures/generator.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => {
  await tdb?.close();
});

async function recordsGenerate(...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "scripts/records-generate.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: "silent" },
  });
}

test("npm run records:generate -- --date creates records once, however often it runs", async () => {
  const db = tdb.prisma;
  const lab = await createLab(db, "CLI", "Europe/London", "2026-10-29");
  const model = await createModel(db, "Command line", { frequencies: ["DAILY", "MONTHLY"] });
  await createEquipment(db, lab.id, model.id, ["CLI-1", "CLI-2"]);

  const first = await recordsGenerate("--date", "2026-11-01");
  // 10-30 .. 11-01: three days, October and November.
  assert.match(first.stdout, /CLI: 10 record\(s\) created \(CLI-000001 to CLI-000010\), dates 2026-10-30 to 2026-11-01/);
  const second = await recordsGenerate("--date", "2026-11-01");
  assert.match(second.stdout, /CLI: 0 record\(s\) created, already up to date/);
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 10);

  await assert.rejects(recordsGenerate("--date", "2026-02-30"), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /--date: expected a date/);
    return true;
  });
});
