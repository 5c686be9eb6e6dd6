import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine };

let initialised: Promise<void> | undefined;

// Node has WebAssembly built in, but its type declarations come with the DOM lib, which the
// server's TypeScript config leaves out: declare the one call used here.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

/**
 * Prisma's schema engine compiled to WebAssembly: migrations without the native binary that the
 * Prisma CLI downloads. Node 20 cannot import `.wasm` modules without a flag, so the bytes are
 * instantiated here and handed to the package's bindings.
 */
async function initialise(): Promise<void> {
  const require = createRequire(import.meta.url);
  // The package does not export its .wasm file; it sits beside the main entry.
  const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  const bytes = await readFile(wasmPath);
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  const exports = instance.exports as { __wbindgen_start: () => void };
  (bindings as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
  exports.__wbindgen_start();
}

/** Runs `work` with a schema engine connected to `connectionString`, then frees the engine and closes its pool. */
export async function withSchemaEngine<T>(
  connectionString: string,
  schemaPath: string,
  schemaText: string,
  work: (engine: SchemaEngine) => Promise<T>,
  log: (message: string) => void = () => {},
): Promise<T> {
  initialised ??= initialise();
  await initialised;
  // Our own pool, so it can be ended: an idle pool would keep the process alive.
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    const adapterFactory = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg(pool)));
    const engine = await bindings.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, (message: string) => log(message), adapterFactory);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

/**
 * adapter-pg's `executeScript` splits a migration on every ";", which breaks function bodies
 * (`$$ … $$`) and string literals holding a semicolon. Prisma's native engine sends a migration
 * as one simple-protocol query, which PostgreSQL runs statement by statement; do the same.
 */
function wholeScripts(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const driver = adapter.underlyingDriver() as pg.Pool;
    const onError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await driver.query(script);
      } catch (error) {
        onError(error);
      }
    };
    return adapter;
  };
  return factory;
}
