import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { parseEnvFile } from "../../scripts/package-teams.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const placeholders = (text: string) => [...text.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
  version: string;
  environmentFolderPath: string;
  provision: Action[];
  deploy?: Action[];
  publish?: Action[];
}

/** Actions of the Agents Toolkit's yml schema v1.8 that this project uses, with their outputs' place. */
const KNOWN_ACTIONS = new Set([
  "aadApp/create", "aadApp/update", "arm/deploy", "botAadApp/create", "botFramework/create",
  "teamsApp/create", "teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/validateAppPackage",
  "teamsApp/update", "teamsApp/publishAppPackage", "cli/runNpmCommand", "azureAppService/zipDeploy",
  "file/createOrUpdateEnvironmentFile",
]);
/** Actions whose outputs the schema wants at the action level, next to `with`, not inside it. */
const WRITES_ENV = new Set(["aadApp/create", "teamsApp/create", "botAadApp/create", "teamsApp/publishAppPackage"]);
/** Written by aadApp/update itself when empty (documented in the yml schema). */
const GENERATED = new Set(["AAD_APP_ACCESS_AS_USER_PERMISSION_ID"]);

function bicepOutputs(): Set<string> {
  return new Set([...read("infra/azure.bicep").matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!));
}

for (const [file, env] of [["teamsapp.yml", "dev"], ["teamsapp.local.yml", "local"]] as const) {
  describe(file, () => {
    const project = parse(read(file)) as Project;
    const declared = new Set(Object.keys(parseEnvFile(read(`env/.env.${env}`))));

    test("uses documented actions with their outputs where the schema wants them", () => {
      assert.match(project.version, /^v1\.\d+$/);
      assert.equal(project.environmentFolderPath, "./env");
      const uses = project.provision.map((action) => action.uses);
      for (const action of [...project.provision, ...(project.deploy ?? []), ...(project.publish ?? [])]) {
        assert.ok(KNOWN_ACTIONS.has(action.uses), action.uses);
        if (WRITES_ENV.has(action.uses)) {
          assert.ok(action.writeToEnvironmentFile, `${action.uses} writeToEnvironmentFile`);
          assert.equal((action.with ?? {}).writeToEnvironmentFile, undefined);
        }
      }
      for (const needed of ["aadApp/create", "teamsApp/create", "botAadApp/create", "aadApp/update", "teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/update"]) {
        assert.ok(uses.includes(needed), `provision runs ${needed}`);
      }
      assert.ok(uses.includes(env === "dev" ? "arm/deploy" : "botFramework/create"));
      assert.ok(uses.indexOf("teamsApp/zipAppPackage") < uses.indexOf("teamsApp/update"));
    });

    test("every referenced file exists", () => {
      const actions = [...project.provision, ...(project.deploy ?? []), ...(project.publish ?? [])];
      for (const action of actions) {
        const w = action.with ?? {};
        for (const key of ["manifestPath", "ignoreFile"]) if (typeof w[key] === "string") assert.ok(existsSync(join(ROOT, w[key] as string)), `${action.uses} ${key}`);
        for (const template of (w.templates as { path: string; parameters: string }[] | undefined) ?? []) {
          assert.ok(existsSync(join(ROOT, template.path)) && existsSync(join(ROOT, template.parameters)));
        }
      }
    });

    test("every ${{VAR}} is declared in env/.env." + env + ", written by an earlier step, or a secret", () => {
      const available = new Set([...declared, ...GENERATED]);
      const check = (name: string, where: string) =>
        assert.ok(available.has(name) || name.startsWith("SECRET_"), `${where}: ${name} is neither declared nor written before use`);
      const files = ["appPackage/manifest.json", "infra/aad.manifest.json"];
      for (const action of project.provision) {
        for (const name of placeholders(JSON.stringify(action.with ?? {}))) check(name, action.uses);
        if (action.uses === "arm/deploy") {
          for (const name of placeholders(read("infra/azure.parameters.json"))) check(name, "infra/azure.parameters.json");
          for (const output of bicepOutputs()) available.add(output);
        }
        if (action.uses === "aadApp/update") for (const name of placeholders(read(files[1]!))) check(name, files[1]!);
        if (action.uses === "teamsApp/zipAppPackage") for (const name of placeholders(read(files[0]!))) check(name, files[0]!);
        for (const name of Object.values(action.writeToEnvironmentFile ?? {})) available.add(name);
      }
    });
  });
}

describe("infra/azure.bicep and its parameters", () => {
  const bicep = read("infra/azure.bicep");
  const params = new Map([...bicep.matchAll(/^param\s+(\w+)\s+\w+(\s*=.*)?$/gm)].map((m) => [m[1]!, m[2] !== undefined]));
  const given = Object.keys((JSON.parse(read("infra/azure.parameters.json")) as { parameters: Record<string, unknown> }).parameters);

  test("the parameters file sets only declared parameters and every one without a default", () => {
    for (const name of given) assert.ok(params.has(name), `${name} is not a parameter of azure.bicep`);
    for (const [name, hasDefault] of params) if (!hasDefault) assert.ok(given.includes(name), `${name} has no value`);
  });

  test("declares App Service on Node 20, PostgreSQL Flexible Server, Azure Bot with the Teams channel", () => {
    assert.match(bicep, /'Microsoft\.Web\/sites@/);
    assert.match(bicep, /linuxFxVersion: 'NODE\|20-lts'/);
    assert.match(bicep, /'Microsoft\.DBforPostgreSQL\/flexibleServers@/);
    assert.match(bicep, /'Microsoft\.BotService\/botServices@/);
    assert.match(bicep, /channelName: 'MsTeamsChannel'/);
    assert.match(bicep, /@secure\(\)\s+param postgresAdminPassword/);
    for (const output of ["BOT_AZURE_APP_SERVICE_RESOURCE_ID", "TAB_DOMAIN", "BOT_ENDPOINT"]) assert.ok(bicepOutputs().has(output));
  });

  test("the App Service gets the server's variables by the names server/config.ts reads", () => {
    const config = read("server/config.ts");
    const settings = [...bicep.matchAll(/\{ name: '(\w+)', value:/g)].map((m) => m[1]!);
    const platform = new Set(["SCM_DO_BUILD_DURING_DEPLOYMENT", "WEBSITES_PORT"]);
    for (const name of settings.filter((setting) => !platform.has(setting))) {
      assert.match(config, new RegExp(`\\b${name}:`), `${name} is not a variable of server/config.ts`);
    }
  });
});

describe("infra/aad.manifest.json", () => {
  const manifest = JSON.parse(read("infra/aad.manifest.json")) as {
    oauth2Permissions: { value: string; id: string }[];
    preAuthorizedApplications: { appId: string; permissionIds: string[] }[];
    identifierUris: string[];
  };

  test("exposes access_as_user and pre-authorizes the Teams desktop, mobile and web clients", () => {
    const scope = manifest.oauth2Permissions.find((permission) => permission.value === "access_as_user");
    assert.ok(scope);
    const teamsClients = ["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "5e3ce6c0-2b1f-4285-8d4b-75ee78787346"];
    for (const appId of teamsClients) {
      const entry = manifest.preAuthorizedApplications.find((app) => app.appId === appId);
      assert.deepEqual(entry?.permissionIds, [scope.id], appId);
    }
    assert.deepEqual(manifest.identifierUris, ["api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}"]);
  });
});
