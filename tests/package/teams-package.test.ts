import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import JSZip from "jszip";
import {
  buildTeamsPackage,
  copilotOpenApi,
  COPILOT_OPERATIONS,
  pluginProblems,
  validateCopilotManifest,
  fillPlaceholders,
  loadTeamsEnv,
  manifestSchemaPath,
  PackageError,
  parseEnvFile,
  pngSize,
  validateManifest,
} from "../../scripts/package-teams.ts";
import { ACTIVITY_TYPES, manifestActivityTypes, templateParameterNames } from "../../domain/activity/activity.types.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const TEMPLATE = readFileSync(join(ROOT, "appPackage", "manifest.json"), "utf8");
const outDir = mkdtempSync(join(tmpdir(), "labkeep-package-"));
after(() => rmSync(outDir, { recursive: true, force: true }));

/** Values as provision would write them, independent of the committed env files. */
const VALUES = {
  APP_VERSION: "1.2.3",
  APP_DISPLAY_NAME: "Labkeep (test)",
  DEVELOPER_NAME: "Contoso Labs",
  TEAMS_APP_ID: "0c3f6a4e-1b2d-4c5e-8f70-9a1b2c3d4e5f",
  BOT_ID: "1d4e7b5f-2c3e-4d6f-9081-ab2c3d4e5f60",
  AAD_APP_CLIENT_ID: "2e5f8c60-3d4f-4e70-a192-bc3d4e5f6071",
  TAB_DOMAIN: "labkeep.contoso.com",
  COPILOT_OAUTH_REFERENCE_ID: "contoso-labkeep-oauth",
};

function newestSchemaVersion(): string {
  const dir = join(ROOT, "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams");
  const versions = execFileSync("ls", [dir], { encoding: "utf8" })
    .split("\n")
    .filter((name) => /^v1\.\d+$/.test(name))
    .map((name) => Number(name.slice(3)));
  return `1.${Math.max(...versions)}`;
}

describe("Teams app manifest", () => {
  test("is on the newest v1.x schema that @microsoft/app-manifest ships", () => {
    const manifest = JSON.parse(fillPlaceholders(TEMPLATE, VALUES)) as { manifestVersion: string; $schema: string };
    assert.equal(manifest.manifestVersion, newestSchemaVersion());
    assert.ok(manifest.$schema.includes(`/v${manifest.manifestVersion}/`));
  });

  test("declares exactly Labkeep's activity-feed types, each template naming only parameters Labkeep fills", () => {
    const manifest = JSON.parse(fillPlaceholders(TEMPLATE, VALUES)) as { activities: { activityTypes: { type: string; templateText: string }[] } };
    assert.deepEqual(manifest.activities.activityTypes, manifestActivityTypes());
    for (const declared of manifest.activities.activityTypes) {
      const expected = ACTIVITY_TYPES[declared.type as keyof typeof ACTIVITY_TYPES];
      assert.ok(templateParameterNames(declared.templateText).length > 0, declared.type);
      assert.equal(declared.templateText, expected.templateText);
    }
    // A type without a templateText is refused by Microsoft's schema.
    const broken = { ...manifest, activities: { activityTypes: [{ type: "assigned", description: "x" }] } };
    assert.ok(validateManifest(broken as unknown as Record<string, unknown>).some((line) => line.includes("templateText")));
  });

  test("filled from the values, it validates against the official JSON schema", () => {
    const manifest = JSON.parse(fillPlaceholders(TEMPLATE, VALUES)) as Record<string, unknown>;
    assert.deepEqual(validateManifest(manifest), []);
    assert.ok(manifestSchemaPath("1.30").includes("@microsoft/app-manifest"));
  });

  test("the schema check rejects what Teams would reject", () => {
    const manifest = JSON.parse(fillPlaceholders(TEMPLATE, VALUES)) as Record<string, unknown>;
    const badId = validateManifest({ ...manifest, id: "not-a-guid" });
    assert.ok(badId.some((line) => line.startsWith("/id ")), badId.join("\n"));
    const { icons: _icons, ...noIcons } = manifest;
    assert.ok(validateManifest(noIcons).some((line) => line.includes("icons")));
    const bots = manifest.bots as { scopes: string[] }[];
    const badScope = validateManifest({ ...manifest, bots: [{ ...bots[0], scopes: ["everywhere"] }] });
    assert.ok(badScope.some((line) => line.startsWith("/bots/0/scopes/0")), badScope.join("\n"));
  });

  test("declares the bot, both tabs, SSO and the valid domain", () => {
    const manifest = JSON.parse(fillPlaceholders(TEMPLATE, VALUES)) as {
      bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
      staticTabs: { entityId: string; contentUrl?: string; scopes: string[] }[];
      configurableTabs: { configurationUrl: string; scopes: string[] }[];
      webApplicationInfo: { id: string; resource: string };
      validDomains: string[];
    };
    const bot = manifest.bots[0]!;
    assert.equal(bot.botId, VALUES.BOT_ID);
    assert.deepEqual([...bot.scopes].sort(), ["groupChat", "personal", "team"]);
    for (const scope of bot.scopes) {
      const list = bot.commandLists.find((entry) => entry.scopes.includes(scope));
      const titles = list?.commands.map((command) => command.title) ?? [];
      for (const title of ["help", "overdue", "due"]) assert.ok(titles.includes(title), `${scope} lacks ${title}`);
    }
    const teamTitles = bot.commandLists.find((entry) => entry.scopes.includes("team"))!.commands.map((c) => c.title);
    assert.ok(teamTitles.includes("link"));
    const records = manifest.staticTabs.find((tab) => tab.entityId === "records");
    assert.equal(records?.contentUrl?.startsWith(`https://${VALUES.TAB_DOMAIN}/`), true);
    assert.deepEqual(records?.scopes, ["personal"]);
    assert.ok(manifest.configurableTabs[0]!.configurationUrl.startsWith(`https://${VALUES.TAB_DOMAIN}/`));
    assert.deepEqual(manifest.configurableTabs[0]!.scopes, ["team"]);
    assert.equal(manifest.webApplicationInfo.id, VALUES.AAD_APP_CLIENT_ID);
    assert.equal(manifest.webApplicationInfo.resource, `api://${VALUES.TAB_DOMAIN}/${VALUES.AAD_APP_CLIENT_ID}`);
    assert.deepEqual(manifest.validDomains, [VALUES.TAB_DOMAIN]);
  });

  test("unfilled placeholders are an error naming each of them", () => {
    const { BOT_ID: _bot, TAB_DOMAIN: _domain, ...partial } = VALUES;
    assert.throws(
      () => fillPlaceholders(TEMPLATE, { ...partial, BOT_ID: "" }),
      (error: unknown) => error instanceof PackageError && /BOT_ID, TAB_DOMAIN$/.test(error.message),
    );
  });

  test("values are escaped as JSON", () => {
    const manifest = JSON.parse(fillPlaceholders(TEMPLATE, { ...VALUES, DEVELOPER_NAME: 'Lab "A" \\ B' })) as {
      developer: { name: string };
    };
    assert.equal(manifest.developer.name, 'Lab "A" \\ B');
  });
});

describe("env files", () => {
  test("are parsed like the Agents Toolkit writes them; .user and the process environment override", () => {
    assert.deepEqual(parseEnvFile("# c\nA=1\nB = \"two words\"\nC=x # note\nexport D='q'\nE=\n"), {
      A: "1",
      B: "two words",
      C: "x",
      D: "q",
      E: "",
    });
    const values = loadTeamsEnv("dev", { root: ROOT, processEnv: { TAB_DOMAIN: "from.process" } });
    assert.equal(values.TEAMSFX_ENV, "dev");
    assert.equal(values.TAB_DOMAIN, "from.process");
  });

  test("committed env files hold no secrets", () => {
    for (const env of ["local", "dev", "offline"]) {
      const values = parseEnvFile(readFileSync(join(ROOT, "env", `.env.${env}`), "utf8"));
      const secrets = Object.entries(values).filter(([key, value]) => /SECRET|PASSWORD/.test(key) && value !== "");
      assert.deepEqual(secrets, [], `env/.env.${env}`);
    }
  });
});

describe("icons", () => {
  test("color is 192×192 and outline 32×32, white on transparent", () => {
    assert.deepEqual(pngSize(readFileSync(join(ROOT, "appPackage", "color.png"))), { width: 192, height: 192 });
    const outline = readFileSync(join(ROOT, "appPackage", "outline.png"));
    assert.deepEqual(pngSize(outline), { width: 32, height: 32 });
    assert.equal(outline[25], 6, "outline is RGBA, so it can be transparent");
    assert.throws(() => pngSize(Buffer.from("GIF89a not a png at all")), PackageError);
  });
});

describe("npm run package:teams", () => {
  test("zips exactly manifest.json and the two icons, with the filled manifest", async () => {
    const built = await buildTeamsPackage({ env: "test", values: VALUES, outDir });
    assert.equal(built.zipPath, join(outDir, "appPackage.test.zip"));
    const zip = await JSZip.loadAsync(readFileSync(built.zipPath));
    const files = Object.keys(zip.files).filter((name) => !name.endsWith("/")).sort();
    assert.deepEqual(files, ["color.png", "copilot/declarativeAgent.json", "copilot/labkeep-plugin.json", "copilot/openapi.json", "manifest.json", "outline.png"]);
    const plugin = JSON.parse(await zip.file("copilot/labkeep-plugin.json")!.async("string"));
    assert.equal(plugin.runtimes[0].auth.reference_id, VALUES.COPILOT_OAUTH_REFERENCE_ID);
    const openApi = JSON.parse(await zip.file("copilot/openapi.json")!.async("string"));
    assert.deepEqual(openApi.servers, [{ url: `https://${VALUES.TAB_DOMAIN}` }]);
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as Record<string, unknown>;
    assert.equal(manifest.id, VALUES.TEAMS_APP_ID);
    assert.deepEqual(validateManifest(manifest), []);
    assert.ok(!JSON.stringify(manifest).includes("${{"));
    const color = await zip.file("color.png")!.async("nodebuffer");
    assert.deepEqual(pngSize(color), { width: 192, height: 192 });
  });

  test("the command line builds the default environment and fails on unprovisioned ones", () => {
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const script = join(ROOT, "scripts", "package-teams.ts");
    const env = { ...process.env, TEAMS_APP_ID: "", BOT_ID: "", AAD_APP_CLIENT_ID: "", TAB_DOMAIN: "" };
    const ok = spawnSync(tsx, [script], { cwd: ROOT, env, encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /appPackage\.offline\.zip/);
    const unprovisioned = spawnSync(tsx, [script, "--env", "dev"], { cwd: ROOT, env, encoding: "utf8" });
    assert.equal(unprovisioned.status, 1);
    assert.match(unprovisioned.stderr, /Unfilled placeholders in the manifest: AAD_APP_CLIENT_ID, BOT_ID, TAB_DOMAIN, TEAMS_APP_ID/);
    // The manifest is checked first; the Copilot plugin's reference id is asked for once the rest is provisioned.
    const provisioned = { ...env, TEAMS_APP_ID: VALUES.TEAMS_APP_ID, BOT_ID: VALUES.BOT_ID, AAD_APP_CLIENT_ID: VALUES.AAD_APP_CLIENT_ID, TAB_DOMAIN: VALUES.TAB_DOMAIN, COPILOT_OAUTH_REFERENCE_ID: "" };
    const noReference = spawnSync(tsx, [script, "--env", "dev"], { cwd: ROOT, env: provisioned, encoding: "utf8" });
    assert.equal(noReference.status, 1);
    assert.match(noReference.stderr, /Unfilled placeholders in the manifest: COPILOT_OAUTH_REFERENCE_ID/);
  });
});

describe("Teams-native reach in the manifest (issue 14, R-TEAMS)", () => {
  const manifest = () => JSON.parse(fillPlaceholders(TEMPLATE, VALUES)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  test("declares the search command and link unfurling for the tab's domain, zero-install included, on the bot", () => {
    const [extension] = manifest().composeExtensions;
    assert.equal(extension.botId, VALUES.BOT_ID);
    assert.deepEqual(extension.commands.map((c: { id: string; type: string; parameters: { name: string }[] }) => [c.id, c.type, c.parameters.map((p) => p.name)]), [["lookup", "query", ["query"]]]);
    assert.deepEqual(extension.messageHandlers, [{ type: "link", value: { domains: [VALUES.TAB_DOMAIN], supportsAnonymizedPayloads: true } }]);
    assert.deepEqual(manifest().devicePermissions, ["media"]);
  });

  test("the schema rejects a second compose extension and an unknown message handler type", () => {
    const m = manifest();
    assert.ok(validateManifest({ ...m, composeExtensions: [m.composeExtensions[0], m.composeExtensions[0]] }).some((l) => l.startsWith("/composeExtensions")));
    const badHandler = { ...m.composeExtensions[0], messageHandlers: [{ type: "file", value: { domains: ["x"] } }] };
    assert.ok(validateManifest({ ...m, composeExtensions: [badHandler] }).some((l) => l.includes("/messageHandlers/0/type")));
  });

  test("the declarative agent and its plugin validate against Microsoft's schemas; broken ones do not", () => {
    const agentFile = manifest().copilotAgents.declarativeAgents[0].file as string;
    const agent = JSON.parse(fillPlaceholders(readFileSync(join(ROOT, "appPackage", agentFile), "utf8"), VALUES));
    assert.deepEqual(validateCopilotManifest("declarative-agent", agent), []);
    assert.ok(validateCopilotManifest("declarative-agent", { ...agent, name: undefined }).some((l) => l.includes("name")));
    const plugin = JSON.parse(fillPlaceholders(readFileSync(join(ROOT, "appPackage", "copilot", agent.actions[0].file), "utf8"), VALUES));
    assert.deepEqual(validateCopilotManifest("plugin", plugin), []);
    assert.ok(validateCopilotManifest("plugin", { ...plugin, namespace: "lab-keep" }).some((l) => l.startsWith("/namespace")));
    assert.ok(validateCopilotManifest("plugin", { ...plugin, runtimes: [{ ...plugin.runtimes[0], auth: { type: "Basic" } }] }).length > 0);
  });

  test("every plugin function is a read-only operation of the OpenAPI description generated from the route table", () => {
    const plugin = JSON.parse(readFileSync(join(ROOT, "appPackage", "copilot", "labkeep-plugin.json"), "utf8"));
    const openApi = copilotOpenApi(VALUES.TAB_DOMAIN) as { openapi: string; paths: Record<string, Record<string, { operationId: string; parameters: { name: string }[] }>> };
    assert.equal(openApi.openapi, "3.0.3");
    assert.deepEqual(pluginProblems(plugin, openApi), []);
    const operations = Object.entries(openApi.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => `${op.operationId} ${method.toUpperCase()} ${path}`));
    assert.deepEqual(operations.sort(), Object.entries(COPILOT_OPERATIONS).map(([id, key]) => `${id} ${key.replace(/:([A-Za-z]+)/g, "{$1}")}`).sort());
    assert.deepEqual(openApi.paths["/api/records"]!.get!.parameters.map((p) => p.name), ["labId", "frequency", "status", "search", "assignee", "sort", "dir", "page", "pageSize", "X-Labkeep-Lab"]);
    assert.deepEqual(pluginProblems({ ...plugin, functions: [...plugin.functions, { name: "completeRecord" }] }, openApi), ["function completeRecord: no operationId completeRecord in the OpenAPI description"]);
  });
});
