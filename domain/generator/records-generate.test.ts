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

test("records:generate -- --date in the past leaves a new lab alone; back-filling is explicit and capped", async () => {
  const db = tdb.prisma;
  const lab = await createLab(db, "OLD", "UTC");
  const model = await createModel(db, "Never generated", { frequencies: ["DAILY"] });
  await createEquipment(db, lab.id, model.id, ["OLD-1", "OLD-2"]);
  const generatedThrough = async () => (await db.lab.findUniqueOrThrow({ where: { id: lab.id } })).generatedThrough?.toISOString().slice(0, 10) ?? null;

  const past = await recordsGenerate("--date", "2020-01-15");
  assert.match(past.stdout, /OLD: 0 record\(s\) created, not started yet/);
  assert.equal(await generatedThrough(), null);
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 0);

  // The next run starts it today: one daily record per piece, nothing back to 2020.
  const today = new Date().toISOString().slice(0, 10);
  await recordsGenerate();
  assert.equal(await generatedThrough(), today);
  const records = await db.pmRecord.findMany({ where: { labId: lab.id }, select: { periodStart: true } });
  assert.deepEqual(records.map((r) => r.periodStart.toISOString().slice(0, 10)), [today, today]);

  await assert.rejects(recordsGenerate("--backfill-from", "2020-01-01"), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /--backfill-from: .*more than 366 days/);
    return true;
  });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const backfill = await recordsGenerate("--backfill-from", yesterday);
  assert.match(backfill.stdout, new RegExp(`OLD: 2 record\\(s\\) created .*dates ${yesterday} to ${today}`));
  assert.equal(await generatedThrough(), today);
  assert.equal(await db.pmRecord.count({ where: { labId: lab.id } }), 4);
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "records.generated", labId: lab.id }, orderBy: { seq: "desc" } });
  assert.equal((audit.after as { backfillFrom?: string }).backfillFrom, yesterday);
});
