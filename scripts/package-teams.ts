/**
 * Builds the Teams app package: `npm run package:teams [-- --env dev]`.
 *
 * Fills the `${{NAME}}` placeholders of appPackage/manifest.json from env/.env.<env>, then
 * env/.env.<env>.user (secrets, git-ignored), then the process environment (last wins, as in the
 * Agents Toolkit), validates the result against Microsoft's JSON schema for its manifestVersion
 * (shipped by @microsoft/app-manifest, nothing downloaded) and the icon sizes, and writes
 * appPackage/build/manifest.<env>.json and appPackage/build/appPackage.<env>.zip.
 *
 * The Copilot declarative agent (manifest copilotAgents) comes along: its manifest and its API
 * plugin's, filled the same way and validated against Microsoft's schemas for their versions
 * (also shipped by @microsoft/app-manifest), and the plugin's OpenAPI description generated from
 * the server's route table (the read-only operations of COPILOT_OPERATIONS).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Ajv from "ajv-draft-04";
import Ajv2019 from "ajv";
import addFormats from "ajv-formats";
import JSZip from "jszip";
import { DEFAULT_TEAMS_APP_ID } from "../server/config.ts";
import { labRoutes } from "../server/api/labs.ts";
import { lookupRoutes } from "../server/api/lookup.ts";
import { pluginOpenApiDocument } from "../server/api/openapi.ts";
import { recordRoutes } from "../server/api/records.ts";
import { reportRoutes } from "../server/api/reports.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Teams' icon rules: color 192×192, outline 32×32. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;
/** A fixed timestamp keeps the zip byte-for-byte reproducible. */
const ZIP_DATE = new Date(Date.UTC(2026, 0, 1));

export class PackageError extends Error {}

/** KEY=VALUE lines as written by the Agents Toolkit (comments with #, optional quotes). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    let value = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, "");
    values[match[1]!] = value;
  }
  return values;
}

/** The values for environment `env`: env/.env.<env>, then its .user file, then `processEnv`. */
export function loadTeamsEnv(
  env: string,
  options: { root?: string; processEnv?: NodeJS.ProcessEnv } = {},
): Record<string, string> {
  const root = options.root ?? ROOT;
  const file = join(root, "env", `.env.${env}`);
  if (!existsSync(file)) throw new PackageError(`No environment file env/.env.${env}`);
  const values = parseEnvFile(readFileSync(file, "utf8"));
  const userFile = `${file}.user`;
  if (existsSync(userFile)) Object.assign(values, parseEnvFile(readFileSync(userFile, "utf8")));
  for (const [key, value] of Object.entries(options.processEnv ?? process.env)) {
    if (value !== undefined && value !== "") values[key] = value;
  }
  return values;
}

/** Replaces every `${{NAME}}`; a name with no value, or an empty one, is an error naming it. */
export function fillPlaceholders(template: string, values: Record<string, string | undefined>): string {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") {
      missing.add(name);
      return "";
    }
    // Values land inside JSON strings: escape them as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new PackageError(`Unfilled placeholders in the manifest: ${[...missing].sort().join(", ")}`);
  }
  return filled;
}

const require = createRequire(import.meta.url);

/** Path of the official schema for a manifest version, from @microsoft/app-manifest. */
export function manifestSchemaPath(manifestVersion: string): string {
  const packageDir = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const path = join(packageDir, "build", "json-schemas", "teams", `v${manifestVersion}`, "MicrosoftTeams.schema.json");
  if (!existsSync(path)) throw new PackageError(`@microsoft/app-manifest has no schema for manifestVersion ${manifestVersion}`);
  return path;
}

/** Schema errors of a filled manifest as readable lines; empty when it is valid. */
export function validateManifest(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown }).manifestVersion;
  if (typeof version !== "string") return ["manifestVersion: missing"];
  const schema = JSON.parse(readFileSync(manifestSchemaPath(version), "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`.trim());
}

/** The Copilot plugin's functions: operationId → the API route it calls (GET only). */
export const COPILOT_OPERATIONS: Record<string, string> = {
  listLabs: "GET /api/labs",
  listRecords: "GET /api/records",
  lookup: "GET /api/lookup",
  getInstrumentWork: "GET /api/lookup/equipment/:id",
  complianceReport: "GET /api/reports/compliance",
  overdueAgeing: "GET /api/reports/overdue-ageing",
};

/** The plugin's OpenAPI description for a deployment at `https://<tabDomain>`. */
export function copilotOpenApi(tabDomain: string, teamsAppId = DEFAULT_TEAMS_APP_ID): Record<string, unknown> {
  const routes = [...labRoutes, ...recordRoutes, ...lookupRoutes(teamsAppId), ...reportRoutes];
  return pluginOpenApiDocument(routes, COPILOT_OPERATIONS, `https://${tabDomain}`);
}

type CopilotKind = "declarative-agent" | "plugin";

/** Path of Microsoft's schema for a declarative agent (version "v1.6") or plugin (schema_version "v2.3") manifest. */
export function copilotSchemaPath(kind: CopilotKind, version: string): string {
  const packageDir = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const path = join(packageDir, "build", "json-schemas", "copilot", kind, version, "schema.json");
  if (!/^v\d+(\.\d+)?$/.test(version) || !existsSync(path)) throw new PackageError(`@microsoft/app-manifest has no ${kind} schema ${version}`);
  return path;
}

/**
 * Schema errors of a declarative agent or plugin manifest. Their schemas say draft-04 but use
 * later keywords (const, if/then, $defs): Ajv's default (draft-07) vocabulary reads them.
 */
export function validateCopilotManifest(kind: CopilotKind, document: unknown): string[] {
  const version = (document as Record<string, unknown>)[kind === "plugin" ? "schema_version" : "version"];
  if (typeof version !== "string") return [`${kind === "plugin" ? "schema_version" : "version"}: missing`];
  const schema = JSON.parse(readFileSync(copilotSchemaPath(kind, version), "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`.trim());
}

/** What the schemas cannot see: every function is an operation of the description, read-only, and run by a runtime. */
export function pluginProblems(plugin: { functions?: { name: string }[]; runtimes?: { run_for_functions?: string[] }[] }, openApi: Record<string, unknown>): string[] {
  const operations = new Map<string, string>();
  for (const [path, methods] of Object.entries(openApi.paths as Record<string, Record<string, { operationId?: string }>>)) {
    for (const [method, op] of Object.entries(methods)) if (op.operationId) operations.set(op.operationId, `${method.toUpperCase()} ${path}`);
  }
  const problems: string[] = [];
  const names = (plugin.functions ?? []).map((f) => f.name);
  for (const name of names) {
    const op = operations.get(name);
    if (!op) problems.push(`function ${name}: no operationId ${name} in the OpenAPI description`);
    else if (!op.startsWith("GET ")) problems.push(`function ${name}: ${op} is not read-only`);
  }
  for (const runtime of plugin.runtimes ?? []) {
    for (const name of runtime.run_for_functions ?? []) if (!names.includes(name)) problems.push(`run_for_functions: ${name} is not a function`);
  }
  return problems;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 24 || bytes.subarray(0, 8).toString("hex") !== signature || bytes.toString("ascii", 12, 16) !== "IHDR") {
    throw new PackageError("not a PNG file");
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface BuiltPackage {
  zipPath: string;
  manifest: Record<string, unknown>;
}

/** Fills, validates and zips the package for `env`; throws PackageError on any problem. */
export async function buildTeamsPackage(options: {
  env: string;
  root?: string;
  values?: Record<string, string>;
  outDir?: string;
}): Promise<BuiltPackage> {
  const root = options.root ?? ROOT;
  const appDir = join(root, "appPackage");
  const values = options.values ?? loadTeamsEnv(options.env, { root });
  const text = fillPlaceholders(readFileSync(join(appDir, "manifest.json"), "utf8"), values);
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const problems = validateManifest(manifest);
  if (problems.length > 0) throw new PackageError(`The manifest does not match its schema:\n  ${problems.join("\n  ")}`);

  const icons = manifest.icons as Record<keyof typeof ICON_SIZES, string>;
  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const kind of Object.keys(ICON_SIZES) as (keyof typeof ICON_SIZES)[]) {
    const bytes = readFileSync(join(appDir, icons[kind]));
    const { width, height } = pngSize(bytes);
    const expected = ICON_SIZES[kind];
    if (width !== expected || height !== expected) {
      throw new PackageError(`${kind} icon ${icons[kind]} is ${width}×${height}, Teams wants ${expected}×${expected}`);
    }
    zip.file(icons[kind], bytes, { date: ZIP_DATE });
  }
  await addCopilotAgent(zip, manifest, appDir, values);
  const outDir = options.outDir ?? join(appDir, "build");
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${options.env}.zip`);
  writeFileSync(join(outDir, `manifest.${options.env}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(zipPath, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return { zipPath, manifest };
}

/** The declarative agent's files, filled, validated and zipped beside the manifest. */
async function addCopilotAgent(zip: JSZip, manifest: Record<string, unknown>, appDir: string, values: Record<string, string>): Promise<void> {
  const agents = (manifest.copilotAgents as { declarativeAgents?: { file: string }[] } | undefined)?.declarativeAgents ?? [];
  for (const ref of agents) {
    const agent = JSON.parse(fillPlaceholders(readFileSync(join(appDir, ref.file), "utf8"), values)) as { actions?: { file: string }[] };
    const agentProblems = validateCopilotManifest("declarative-agent", agent);
    if (agentProblems.length > 0) throw new PackageError(`${ref.file} does not match its schema:\n  ${agentProblems.join("\n  ")}`);
    zip.file(ref.file, `${JSON.stringify(agent, null, 2)}\n`, { date: ZIP_DATE });
    const agentDir = dirname(ref.file);
    for (const action of agent.actions ?? []) {
      const pluginFile = join(agentDir, action.file);
      const plugin = JSON.parse(fillPlaceholders(readFileSync(join(appDir, pluginFile), "utf8"), values)) as { runtimes?: { spec?: { url?: string } }[] };
      const problems = validateCopilotManifest("plugin", plugin);
      const specUrl = plugin.runtimes?.[0]?.spec?.url;
      if (!specUrl || /^https?:/.test(specUrl)) problems.push("runtimes[0].spec.url: the OpenAPI description must be a file in the package");
      const openApi = copilotOpenApi(values.TAB_DOMAIN ?? "", values.TEAMS_APP_ID);
      problems.push(...pluginProblems(plugin as never, openApi));
      if (problems.length > 0) throw new PackageError(`${pluginFile} is not valid:\n  ${problems.join("\n  ")}`);
      zip.file(pluginFile, `${JSON.stringify(plugin, null, 2)}\n`, { date: ZIP_DATE });
      zip.file(join(dirname(pluginFile), specUrl!), `${JSON.stringify(openApi, null, 2)}\n`, { date: ZIP_DATE });
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { env: { type: "string", default: "offline" } } });
  const env = values.env!;
  if (!/^[a-z0-9-]+$/i.test(env)) throw new PackageError(`Invalid environment name: ${env}`);
  const built = await buildTeamsPackage({ env });
  console.log(`Wrote ${built.zipPath} (manifest ${String(built.manifest.manifestVersion)}, app ${String(built.manifest.id)})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof PackageError ? `package:teams: ${error.message}` : error);
    process.exit(1);
  });
}
