// npm run bench:import — imports a workbook of BENCH_ROWS (default 20,000) pieces of equipment,
// with its models and tasks, into a fresh database on the PostgreSQL server named by
// TEST_DATABASE_URL, as an Administrator: reading, checking and writing the file, timed together.
// Last line: `import: <n> rows in <s> s` (SPEC R-IMPORT asks under a minute for 20,000).
import { performance } from "node:perf_hooks";
import { importFile } from "../domain/import/import.service.ts";
import { createTestDatabase } from "../tests/support/db.ts";
import { createWorld } from "../tests/support/fixtures/world.ts";
import { realisticRows, xlsx } from "../tests/support/fixtures/workbook.ts";

if (!process.env.TEST_DATABASE_URL) {
  console.error("bench:import needs TEST_DATABASE_URL, the PostgreSQL server to benchmark on (e.g. postgresql://root@127.0.0.1:5432/postgres).");
  process.exit(2);
}
const rows = Number(process.env.BENCH_ROWS ?? 20_000);
const database = await createTestDatabase();
try {
  const world = await createWorld(database.prisma);
  const sheets = realisticRows(rows, "2026-03-09", 0);
  delete sheets["Maintenance history"];
  const file = await xlsx(sheets);
  console.log(`workbook: ${(file.length / 1024 / 1024).toFixed(1)} MB, ${rows} equipment rows`);
  const started = performance.now();
  const report = await importFile(world.as("ada.admin"), file, { dryRun: false, fileName: "bench.xlsx" });
  const seconds = (performance.now() - started) / 1000;
  if (report.problems.length > 0 || report.counts?.equipmentCreated !== rows) throw new Error(`import failed: ${JSON.stringify(report.problems.slice(0, 3))}`);
  if ((await database.prisma.equipment.count()) !== rows) throw new Error("not every row was written");
  console.log(`import: ${rows} rows in ${seconds.toFixed(2)} s`);
} finally {
  await database.close();
}
