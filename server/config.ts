import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";

/**
 * Every setting comes from the environment; a secret may instead come from a file named by
 * `<NAME>_FILE` (Docker and Kubernetes secrets). Validated once at start-up: a missing or invalid
 * value stops the process with a message naming the variable.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATABASE_URL: z.string().url().optional(),
  LABKEEP_DATA_DIR: z.string().default("./data"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The bot (docs/bot.md). No BOT_ID: local development, unauthenticated requests accepted.
  BOT_ID: z.string().optional(),
  BOT_PASSWORD: z.string().optional(),
  BOT_TENANT_ID: z.string().optional(),
  BOT_TYPE: z.enum(["SingleTenant", "MultiTenant", "UserAssignedMSI"]).default("SingleTenant"),
  BOT_CERT_THUMBPRINT: z.string().optional(),
  BOT_CERT_KEY: z.string().optional(),
  TEAMS_APP_ID: z.string().optional(),
  BOT_TAB_ENTITY_ID: z.string().default("records"),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

/** Variables that may be given as `<NAME>_FILE`. */
const SECRET_VARIABLES = ["DATABASE_URL", "BOT_PASSWORD", "BOT_CERT_KEY"] as const;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (file && !env[name]) {
      try {
        values[name] = readFileSync(file, "utf8").trim();
      } catch (error) {
        throw new ConfigError(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
      }
    }
  }
  for (const key of Object.keys(values)) if (values[key] === "") values[key] = undefined;
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.LABKEEP_DATA_DIR) };
}
