import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Db } from "../../domain/db/client.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Thrown by a probe to stop waiting at once (the process being waited on has died). */
export class StopWaiting extends Error {}

export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Structured (JSON) log lines written so far. */
  logs: LogLine[];
  /** Everything written to stdout and stderr, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(what: string, match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  status(path: string): Promise<number>;
}

/** Starts the real server (`node --import tsx server/main.ts`) on a free port. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  // Each server signs its own database's audit checkpoints, never the repository's ./data file.
  const checkpoints = join(tmpdir(), `labkeep-checkpoints-${process.pid}-${port}.jsonl`);
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", AUDIT_CHECKPOINT_PATH: checkpoints, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  let text = "";
  let pending = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line (a library printing on its own)
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on("exit", (code, signal) => {
      rmSync(checkpoints, { force: true });
      resolveExit({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    port,
    url,
    logs,
    output: () => text,
    exited,
    waitForLog: (what, match, timeoutMs = 60_000) =>
      waitUntil(what, () => {
        if (child.exitCode !== null) throw new StopWaiting(`server exited (${child.exitCode}):\n${text.slice(-4000)}`);
        return logs.find(match);
      }, timeoutMs),
    async status(path) {
      const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      return response.status;
    },
  };
  return server;
}

/** Waits until the server answers /readyz with 200. */
export async function waitReady(server: ServerProcess, timeoutMs = 180_000): Promise<void> {
  await waitUntil(`${server.url}/readyz`, async () => {
    if (server.child.exitCode !== null) throw new StopWaiting(`server exited (${server.child.exitCode}):\n${server.output().slice(-4000)}`);
    return (await server.status("/readyz")) === 200;
  }, timeoutMs, 300);
}

/**
 * A small world (one lab, one model with daily and weekly tasks, three instruments) so that a
 * server started on this database skips the demo data, which takes a minute or more to load,
 * and its scheduler has today's records to generate.
 */
export async function smallWorld(db: Db): Promise<{ labId: number }> {
  const lab = await db.lab.create({ data: { code: "OPS", name: "Operations test lab", timeZone: "UTC" } });
  const model = await db.equipmentModel.create({ data: { manufacturer: "Acme", name: "Centrifuge 5000", frequencies: ["DAILY", "WEEKLY"] } });
  await db.checklistTask.createMany({
    data: [
      { modelId: model.id, frequency: "DAILY", position: 1, title: "Wipe the rotor chamber", kind: "CHECK" },
      { modelId: model.id, frequency: "WEEKLY", position: 1, title: "Check the lid seal", kind: "CHECK" },
    ],
  });
  const activeSince = new Date(Date.now() - 30 * 86_400_000);
  await db.equipment.createMany({
    data: [1, 2, 3].map((n) => ({ assetTag: `OPS-C${n}`, modelId: model.id, labId: lab.id, activeSince })),
  });
  return { labId: lab.id };
}
