import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { loadConfig, type Config } from "../../server/config.ts";
import { buildServices, type Services } from "../../server/start.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export interface TestServer {
  url: string;
  config: Config;
  services: Services;
  database: TestDatabase;
  /** fetch against the server, JSON in and out (the body is asserted structurally by the tests, hence `any`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A development sign-in token for a demo user (`ada.admin` or a full UPN), as the tab's sign-in gets one. */
export async function devToken(server: Pick<TestServer, "call">, user: string): Promise<string> {
  const upn = user.includes("@") ? user : `${user}@labkeep.dev`;
  const response = await server.call("POST", "/api/dev/token", { body: { upn } });
  if (response.status !== 200) throw new Error(`dev token for ${upn}: ${response.status}`);
  return response.body.token as string;
}

/**
 * The real server (createApp through buildServices, the same code as `npm start`) on a random
 * loopback port, over a fresh test database (see db.ts).
 */
export async function startTestServer(env: Record<string, string> = {}, options: { database?: TestDatabase; prepare?: (db: TestDatabase) => Promise<void> } = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  await options.prepare?.(database);
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0", TAB_DIST_DIR: "./tests/support/no-tab", ...env });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const services = await buildServices(config, log, {
    database: { url: database.url, prisma: database.prisma, mode: "server", close: async () => {} },
    jwksCooldownMs: 0,
  });
  const server = services.app.server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    services,
    database,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      await database.close();
    },
  };
}

export interface ServerProcess {
  url: string;
  /** Every line the process wrote (JSON logs on stdout, anything on stderr). */
  output: string[];
  /** SIGTERM, then the exit code once it has shut down. */
  stop(): Promise<number | null>;
}

/**
 * `server/main.ts` (what `npm start` runs) as a child process, for what only a fresh process
 * shows: start-up refusals, environment read at start (NODE_EXTRA_CA_CERTS), shutdown on SIGTERM.
 * Resolves once it logs that it listens; rejects if it exits first.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const { spawn } = await import("node:child_process");
  const { rmSync } = await import("node:fs");
  // Each server signs its own database's audit checkpoints, never the repository's ./data file.
  const checkpoints = `${(await import("node:os")).tmpdir()}/labkeep-checkpoints-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", LOG_LEVEL: "info", AUDIT_CHECKPOINT_PATH: checkpoints, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      if (!env.AUDIT_CHECKPOINT_PATH) rmSync(checkpoints, { force: true });
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output.join("\n")}`)), timeoutMs);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        output.push(line);
        const port = /"port":(\d+)/.exec(line);
        if (port && line.includes("listening")) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port[1]}`);
        }
      }
    };
    child.stdout.on("data", onLine);
    child.stderr.on("data", onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output.join("\n")}`));
    });
  });
  return {
    url,
    output,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
