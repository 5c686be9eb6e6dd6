import { pino, type Logger } from "pino";
import type { Config } from "./config.ts";

export type { Logger };

/** Structured JSON logs on stdout; request logs carry the request id (`reqId`). */
export function createLogger(config: Pick<Config, "LOG_LEVEL">): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: "labkeep" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "headers.authorization", "token"], censor: "[redacted]" },
  });
}
