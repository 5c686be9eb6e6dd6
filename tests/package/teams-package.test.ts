import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import JSZip from "jszip";
import {
  buildTeamsPackage,
  fillPlaceholders,
  loadTeamsEnv,
  manifestSchemaPath,
  PackageError,
  parseEnvFile,
  pngSize,
  validateManifest,
} from "../../scripts/package-teams.ts";

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
    assert.deepEqual(Object.keys(zip.files).sort(), ["color.png", "manifest.json", "outline.png"]);
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
  });
});
