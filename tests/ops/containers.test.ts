import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { validate } from "dockerfile-utils";
import { parse } from "yaml";
import { loadConfig } from "../../server/config.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** Instructions grouped by build stage (each FROM starts one), with the stage's name. */
function stages(list: Instruction[]): { name: string; from: string; body: Instruction[] }[] {
  const result: { name: string; from: string; body: Instruction[] }[] = [];
  for (const instruction of list) {
    if (instruction.keyword === "FROM") {
      const [from = "", , name = ""] = instruction.args.split(/\s+/);
      result.push({ name, from, body: [] });
    } else result.at(-1)?.body.push(instruction);
  }
  return result;
}

describe("Dockerfile", () => {
  const text = read("Dockerfile");
  const all = instructions(text);
  const built = stages(all);
  const final = built.at(-1)!;

  test("passes the dockerfile-utils linter with no diagnostic", () => {
    assert.deepEqual(validate(text), []);
    // The linter does find problems when there are some.
    assert.ok(validate("FROM node:20\nEXPOSE notaport\nHEALTHCHECK --interval=x CMD true\n").length >= 2);
  });

  test("is multi-stage on Node 20, with production dependencies only in the final image", () => {
    assert.ok(built.length >= 3, "several stages");
    const nodeImage = /ARG NODE_IMAGE=node:20[.\w-]*/.exec(text)?.[0];
    assert.ok(nodeImage, "Node 20 base image");
    built.forEach((stage, index) => {
      const earlier = built.slice(0, index).map((previous) => previous.name);
      assert.ok(stage.from === "${NODE_IMAGE}" || earlier.includes(stage.from), `stage ${stage.name} starts from ${stage.from}`);
    });
    assert.equal(final.from, "${NODE_IMAGE}", "the final stage starts from the bare Node image");
    const copies = final.body.filter((i) => i.keyword === "COPY").map((i) => i.args);
    const modules = copies.filter((args) => args.includes("node_modules"));
    assert.equal(modules.length, 1);
    const source = /--from=(\S+)/.exec(modules[0]!)?.[1];
    const sourceStage = built.find((stage) => stage.name === source)!;
    assert.ok(sourceStage.body.some((i) => i.keyword === "RUN" && /npm ci\b.*--omit=dev/.test(i.args)), "npm ci --omit=dev");
    assert.ok(built.some((stage) => stage.body.some((i) => i.keyword === "RUN" && /^npm ci\b/.test(i.args) && !i.args.includes("--omit"))), "full npm ci for the build");
    assert.ok(built.some((stage) => stage.body.some((i) => i.keyword === "RUN" && i.args.includes("vite build"))), "tab build");
    assert.ok(copies.some((args) => args.includes("tab/dist")), "the built tab reaches the final image");
  });

  test("runs as a non-root user, checks /healthz, migrates at start", () => {
    const users = final.body.filter((i) => i.keyword === "USER").map((i) => i.args);
    assert.ok(users.length > 0 && !["root", "0"].includes(users.at(-1)!), "final USER is not root");
    const healthcheck = final.body.find((i) => i.keyword === "HEALTHCHECK");
    assert.match(healthcheck?.args ?? "", /\/healthz/);
    const cmd = final.body.filter((i) => i.keyword === "CMD").at(-1)?.args ?? "";
    assert.match(cmd, /scripts\/db-migrate\.ts && exec node --import tsx server\/main\.ts/);
  });

  test("bakes no secret into the image", () => {
    for (const instruction of all.filter((i) => i.keyword === "ENV" || i.keyword === "ARG")) {
      assert.doesNotMatch(instruction.args, /(PASSWORD|SECRET|TOKEN|DATABASE_URL|_KEY)\s*=/i, instruction.args);
    }
    const ignored = read(".dockerignore");
    for (const pattern of ["env/*.user", ".env", "data", "node_modules", "deploy/secrets"]) {
      assert.ok(ignored.split("\n").includes(pattern), `.dockerignore lacks ${pattern}`);
    }
  });

  test("the final image holds every file the server and the migration command import", () => {
    const copied = final.body
      .filter((i) => i.keyword === "COPY" && i.args.includes("--from=build"))
      .flatMap((i) => i.args.split(/\s+/).filter((word) => word.startsWith("/app/")).map((word) => word.slice(5)));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = resolve(dirname(file), match[1]!);
        if (existsSync(target) && /\.(ts|mjs|js)$/.test(target)) visit(target);
      }
    };
    visit(join(ROOT, "server", "main.ts"));
    visit(join(ROOT, "scripts", "db-migrate.ts"));
    assert.ok(seen.size > 10);
    for (const file of seen) {
      const path = relative(ROOT, file);
      assert.ok(copied.some((dir) => path === dir || path.startsWith(`${dir}/`)), `${path} is not copied into the image`);
    }
  });
});

describe("docker-compose.yml", () => {
  const compose = parse(read("docker-compose.yml")) as {
    services: Record<string, {
      image?: string;
      build?: unknown;
      environment?: Record<string, string>;
      secrets?: string[];
      volumes?: string[];
      healthcheck?: { test: string[] };
      depends_on?: Record<string, { condition: string }>;
    }>;
    secrets: Record<string, { file: string }>;
    volumes: Record<string, unknown>;
  };
  const { app, db } = compose.services;
  const temp = mkdtempSync(join(tmpdir(), "labkeep-compose-"));
  after(() => rmSync(temp, { recursive: true, force: true }));

  test("runs the app after PostgreSQL 16 reports healthy", () => {
    assert.equal(db?.image, "postgres:16");
    assert.match(db?.healthcheck?.test.join(" ") ?? "", /pg_isready/);
    assert.deepEqual(app?.depends_on, { db: { condition: "service_healthy" }, migrate: { condition: "service_completed_successfully" } });
    assert.deepEqual(compose.services.migrate?.depends_on, { db: { condition: "service_healthy" } });
    assert.ok(app?.build, "the app is built from the Dockerfile");
  });

  test("keeps the database in a named volume", () => {
    const data = db?.volumes?.find((volume) => volume.endsWith(":/var/lib/postgresql/data"));
    const name = data?.split(":")[0] ?? "";
    assert.ok(name in compose.volumes, `named volume ${name}`);
  });

  test("passes secrets only as files, each with an example", () => {
    for (const [service, definition] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(definition.environment ?? {})) {
        if (/(PASSWORD|SECRET|DATABASE_URL)/.test(key) && !key.endsWith("_FILE")) assert.fail(`${service}.${key} is a secret in plain text`);
        if (!key.endsWith("_FILE")) continue;
        const secret = /^\/run\/secrets\/([\w-]+)$/.exec(value)?.[1];
        assert.ok(secret && definition.secrets?.includes(secret), `${service}.${key} reads a declared secret`);
        assert.match(compose.secrets[secret]!.file, /^\.\/deploy\/secrets\//);
        assert.ok(existsSync(join(ROOT, "deploy", "secrets.example", secret)), `deploy/secrets.example/${secret}`);
      }
    }
  });

  test("every *_FILE variable of the app is one that server/config.ts reads", () => {
    const files = Object.entries(app?.environment ?? {}).filter(([key]) => key.endsWith("_FILE"));
    assert.ok(files.length >= 3);
    for (const [key] of files) {
      const name = key.slice(0, -"_FILE".length);
      const values: Record<string, string> = {
        DATABASE_URL: "postgresql://labkeep:s3cret@db:5432/labkeep",
        AUDIT_HMAC_KEY: `value-of-AUDIT_HMAC_KEY-${"x".repeat(32)}`,
        AUDIT_HMAC_KEYS: `{"k0":"value-of-an-older-key-${"y".repeat(32)}"}`,
      };
      const value = values[name] ?? `value-of-${name}`;
      const file = join(temp, name);
      writeFileSync(file, `${value}\n`);
      // The current key comes with retired ones.
      const extra = name === "AUDIT_HMAC_KEYS" ? { AUDIT_HMAC_KEY: values.AUDIT_HMAC_KEY! } : {};
      const config = loadConfig({ [key]: file, ...extra }) as unknown as Record<string, unknown>;
      assert.deepEqual(config[name], name === "AUDIT_HMAC_KEYS" ? JSON.parse(value) : value, `${key} is read into ${name}`);
    }
  });
});
