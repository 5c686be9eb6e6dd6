import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { AUDIT_KEY_ID, buildKeyring, developmentKeyring, type AuditKeyring } from "../domain/audit/keys.ts";
import { parseRegulatedFields, type RegulatedField } from "../domain/audit/regulated.ts";

/**
 * Every setting comes from the environment; a secret may instead come from a file named by
 * `<NAME>_FILE` (Docker and Kubernetes secrets). Validated once at start-up: a missing or invalid
 * value stops the process with a message naming the variable.
 */
const flag = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");
const list = (value: string) => value.split(",").map((item) => item.trim()).filter(Boolean);
const groupMapEntry = z.object({ lab: z.string().min(1).nullable().default(null), role: z.enum(["ADMINISTRATOR", "GLOBAL_AUDIT", "MANAGER", "LOCAL_AUDIT", "TECHNICIAN"]) });
/** AUTH_GROUP_MAP: JSON object, Entra group object id → { lab: "BOS" | null, role }. */
function groupMap(value: string, ctx: z.RefinementCtx): Record<string, z.infer<typeof groupMapEntry>> {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be a JSON object of group id → { lab, role }" });
    return z.NEVER;
  }
  const parsed = z.record(z.string(), groupMapEntry).safeParse(json);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: `must be a JSON object of group id → { lab, role }: ${parsed.error.issues[0]?.message}` });
    return z.NEVER;
  }
  return parsed.data;
}

/** REGULATED_FIELDS: `entity.field` list (domain/audit/regulated.ts) or `none`; unset keeps the default list. */
function regulated(value: string, ctx: z.RefinementCtx): RegulatedField[] {
  const parsed = parseRegulatedFields(value);
  if ("unknown" in parsed) {
    ctx.addIssue({ code: "custom", message: `unknown field(s) ${parsed.unknown.join(", ")}: use entity.field names listed in docs/compliance.md, or none` });
    return z.NEVER;
  }
  return parsed.fields;
}

/** AUDIT_HMAC_KEYS: JSON object, key id → retired key, kept to verify events signed before a rotation. */
function retiredKeys(value: string, ctx: z.RefinementCtx): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = null;
  }
  const parsed = z.record(z.string().regex(AUDIT_KEY_ID), z.string().min(32)).safeParse(json);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: "must be a JSON object of key id → key (ids of letters, digits, . _ -; keys of 32 characters or more)" });
    return z.NEVER;
  }
  return parsed.data;
}

/** The Teams app id deep links name when TEAMS_APP_ID is not set (local development). */
export const DEFAULT_TEAMS_APP_ID = "00000000-0000-0000-0000-000000000000";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATABASE_URL: z.string().url().optional(),
  LABKEEP_DATA_DIR: z.string().default("./data"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // domain/db/client.ts: a silent or overloaded database fails a request (503) instead of hanging it.
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(5),
  DATABASE_QUERY_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  DATABASE_TRANSACTION_WAIT_SECONDS: z.coerce.number().min(0.1).max(600).default(15),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The bot (docs/bot.md). No BOT_ID: local development, unauthenticated requests accepted;
  // refused in production unless BOT_ENABLED=false turns the bot off.
  BOT_ENABLED: flag.default(true),
  BOT_ID: z.string().optional(),
  BOT_PASSWORD: z.string().optional(),
  BOT_TENANT_ID: z.string().optional(),
  BOT_TYPE: z.enum(["SingleTenant", "MultiTenant", "UserAssignedMSI"]).default("SingleTenant"),
  BOT_CERT_THUMBPRINT: z.string().optional(),
  BOT_CERT_KEY: z.string().optional(),
  TEAMS_APP_ID: z.string().optional(),
  BOT_TAB_ENTITY_ID: z.string().default("records"),
  /** Bot Framework's OpenID metadata (signing keys of channel tokens); Microsoft's public cloud when unset. */
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  // Identity and the API (docs/configuration.md, docs/identity.md).
  DEV_SIGN_IN: flag.optional(),
  AUTH_CLIENT_ID: z.string().optional(),
  AUTH_CLIENT_SECRET: z.string().optional(),
  AUTH_APP_ID_URI: z.string().optional(),
  AUTH_TENANT_IDS: z.string().default("").transform(list),
  AUTH_AUTHORITY_HOST: z.string().url().default("https://login.microsoftonline.com"),
  AUTH_V1_ISSUER_HOST: z.string().url().default("https://sts.windows.net"),
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  AUTH_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  AUTH_GROUP_MAP: z.string().default("{}").transform(groupMap),
  AUTH_GROUP_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  AUTH_PRINCIPAL_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  // R-SIGN: how old the sign-in behind a signature may be (the signing token's auth_time).
  SIGNATURE_AUTH_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  GRAPH_BASE_URL: z.string().url().default("https://graph.microsoft.com/v1.0"),
  GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  // Activity-feed notifications through Graph (docs/teams.md): off unless turned on; app-only tokens
  // from AUTH_CLIENT_ID / AUTH_CLIENT_SECRET for this tenant (BOT_TENANT_ID, else the first AUTH_TENANT_IDS).
  ACTIVITY_FEED_ENABLED: flag.default(false),
  ACTIVITY_FEED_TENANT_ID: z.string().optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  // R-FILE: the largest attachment (bytes); larger uploads are answered 413. Stored in PostgreSQL: at most 1 GB.
  FILE_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
  // How many reverse proxies stand in front (X-Forwarded-For hops to trust); true = 1, false = 0.
  TRUST_PROXY: z
    .string()
    .default("0")
    .transform((v) => Number(["true", "yes"].includes(v) ? 1 : ["false", "no"].includes(v) ? 0 : v))
    .pipe(z.number({ error: "must be true, false or a number of proxies (0–10)" }).int().min(0).max(10)),
  TAB_DIST_DIR: z.string().default("./tab/dist"),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  // The audit trail's keys and checkpoints (docs/compliance.md). Without a key: a development
  // key anyone can derive, refused in production.
  AUDIT_HMAC_KEY: z.string().min(32, "must be 32 characters or more (e.g. openssl rand -base64 32)").optional(),
  AUDIT_HMAC_KEY_ID: z.string().regex(AUDIT_KEY_ID, "letters, digits, . _ - (up to 40)").default("k1"),
  AUDIT_HMAC_KEYS: z.string().default("{}").transform(retiredKeys),
  AUDIT_CHECKPOINT_PATH: z.string().optional(),
  AUDIT_CHECKPOINT_CRON: z.string().default("*/15 * * * *"),
  // Fields whose edit needs a reason for change (Annex 11 §9); unset: the domain's default list.
  REGULATED_FIELDS: z.string().transform(regulated).optional(),
});

export type Config = Omit<z.infer<typeof schema>, "DEV_SIGN_IN" | "AUDIT_CHECKPOINT_PATH"> & {
  dataDir: string;
  DEV_SIGN_IN: boolean;
  AUDIT_CHECKPOINT_PATH: string;
  /** The keys built from AUDIT_HMAC_KEY*, or the development keyring when no key is set (never in production). */
  auditKeyring: AuditKeyring;
};

/** Variables that may be given as `<NAME>_FILE`. */
const SECRET_VARIABLES = ["DATABASE_URL", "BOT_PASSWORD", "BOT_CERT_KEY", "AUTH_CLIENT_SECRET", "AUDIT_HMAC_KEY", "AUDIT_HMAC_KEYS"] as const;

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
  const devSignIn = parsed.data.DEV_SIGN_IN ?? parsed.data.NODE_ENV !== "production";
  // R-AUTH-DEV: the development sign-in can never run in production.
  if (devSignIn && parsed.data.NODE_ENV === "production") {
    throw new ConfigError("DEV_SIGN_IN is on while NODE_ENV=production: the development sign-in lets anyone act as any demo user, so Labkeep refuses to start. Unset DEV_SIGN_IN (or set it to false).");
  }
  // R-SEC: a bot without credentials takes anyone's activities and calls whatever serviceUrl they name.
  if (parsed.data.NODE_ENV === "production" && parsed.data.BOT_ENABLED && !parsed.data.BOT_ID) {
    throw new ConfigError("BOT_ID is not set while NODE_ENV=production: without bot credentials /api/messages would accept anyone's activities, so Labkeep refuses to start. Set BOT_ID with BOT_PASSWORD (or a certificate, or BOT_TYPE=UserAssignedMSI), or set BOT_ENABLED=false to run without the bot.");
  }
  const audit = auditSettings(parsed.data);
  const dataDir = resolve(parsed.data.LABKEEP_DATA_DIR);
  return {
    ...parsed.data,
    DEV_SIGN_IN: devSignIn,
    dataDir,
    AUDIT_CHECKPOINT_PATH: resolve(parsed.data.AUDIT_CHECKPOINT_PATH ?? join(dataDir, "audit-checkpoints.jsonl")),
    auditKeyring: audit,
  };
}

/** R-TRAIL: the audit chain's keyring; production refuses the development key. */
function auditSettings(values: z.infer<typeof schema>): AuditKeyring {
  const { AUDIT_HMAC_KEY: key, AUDIT_HMAC_KEY_ID: id, AUDIT_HMAC_KEYS: retired } = values;
  if (!key) {
    if (values.NODE_ENV === "production") {
      throw new ConfigError("AUDIT_HMAC_KEY is not set while NODE_ENV=production: the audit trail would be signed with the development key that anyone can derive, so Labkeep refuses to start. Set AUDIT_HMAC_KEY (or AUDIT_HMAC_KEY_FILE) to a random secret of 32 characters or more, kept outside the database.");
    }
    if (Object.keys(retired).length > 0) throw new ConfigError("AUDIT_HMAC_KEYS is set without AUDIT_HMAC_KEY: set the current key too.");
    return developmentKeyring();
  }
  if (retired[id] !== undefined && retired[id] !== key) {
    throw new ConfigError(`AUDIT_HMAC_KEYS holds another key under the current id "${id}": a key id names one key forever; give the new key a new AUDIT_HMAC_KEY_ID.`);
  }
  return buildKeyring(id, key, retired);
}
