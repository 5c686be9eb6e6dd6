// Runs node's test runner on the test files under the given folders (Node 20's `--test` does
// not expand glob patterns). Usage:
//   node scripts/run-tests.mjs [--suffix .test.ts] [--timeout ms] [--concurrency n] <folder or file>...
// Each test file has its own database (tests/support/db.ts) and ports, so files can run side by side.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
let suffix = ".test.ts";
let timeout;
let concurrency = "1";
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--suffix") suffix = args[++i];
  else if (args[i] === "--timeout") timeout = args[++i];
  else if (args[i] === "--concurrency") concurrency = args[++i];
  else roots.push(args[i]);
}

function collect(path, out) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new Error(`no such test folder or file: ${path}`);
  if (stat.isFile()) return void out.push(path);
  for (const name of readdirSync(path).sort()) {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    const child = join(path, name);
    if (statSync(child).isDirectory()) collect(child, out);
    else if (name.endsWith(suffix)) out.push(child);
  }
}

const files = [];
for (const root of roots) collect(root, files);
if (files.length === 0) {
  console.error(`no *${suffix} files under ${roots.join(", ")}`);
  process.exit(1);
}
// Files run side by side only against a PostgreSQL server: without one, each file starts its own
// embedded (WebAssembly) PostgreSQL, which takes a core of its own.
if (!process.env.TEST_DATABASE_URL) concurrency = "1";
const nodeArgs = ["--import", "tsx", "--test", "--test-force-exit", `--test-concurrency=${concurrency}`];
if (timeout) nodeArgs.push(`--test-timeout=${timeout}`);
const result = spawnSync(process.execPath, [...nodeArgs, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
