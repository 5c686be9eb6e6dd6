// Runs `prisma generate` after `npm install`.
// Every Prisma CLI command first downloads its schema-engine binary from Prisma's host, which is
// unreachable on offline machines. `generate` never uses that engine, so when no engine is set we
// point PRISMA_SCHEMA_ENGINE_BINARY at an existing file to skip the download. Migrations run
// through the WebAssembly schema engine instead (domain/db/migrate.ts).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate", "--schema", "prisma/schema.prisma"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
