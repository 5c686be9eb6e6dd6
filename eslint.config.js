// ESLint flat config: `npm run lint` (no warnings allowed).
// typescript-eslint's recommended rules, plus a few type-aware ones that catch real bugs in
// async server code (forgotten awaits, promises passed where callbacks are expected).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layers (docs/architecture.md): which folder may import what. Each rule below is one
// restricted-import pattern; a folder's block lists every pattern that applies to it, because a
// later `no-restricted-imports` setting replaces an earlier one for the same file.

/** The only files that may import the Teams SDKs (botbuilder, @microsoft/teams-ai). */
export const BOT_SDK_HOSTS = ["bot/hosting.ts", "bot/app.ts"];
/** The only door files that may open the database (domain/db/open.ts). */
export const DB_OPENERS = ["server/start.ts", "server/main.ts"];

const LAYER = {
  dbClient: {
    regex: "(^|/)domain/db/(client\\.ts|generated/)|^@prisma/|^pg$",
    allowTypeImports: true,
    message: "Doors reach the database through domain services only (type-only imports are fine).",
  },
  dbOpen: {
    regex: "(^|/)domain/db/(open|embedded|migrate|schema-engine)\\.ts$",
    allowTypeImports: true,
    message: `Only ${DB_OPENERS.join(" and ")} open the database.`,
  },
  doorsFromDomain: {
    regex: "(^|/)(server|bot|tab)/",
    message: "domain/ is shared by every door: it must not import server/, bot/ or tab/.",
  },
  serverFromTab: {
    regex: "(^|/)(server|bot)/",
    message: "The tab talks to the server over HTTP: it must not import server/ or bot/ code.",
  },
  botSdk: {
    regex: "^(botbuilder|@microsoft/teams-ai)(/|$)",
    message: `Only ${BOT_SDK_HOSTS.join(", ")} import the Teams SDKs; the rest of the bot works on plain data.`,
  },
};

/** One config block: these files may not import what the named patterns describe. */
function layer(files, patterns, ignores = []) {
  return { files, ignores, rules: { "no-restricted-imports": ["error", { patterns: patterns.map((name) => LAYER[name]) }] } };
}

const layers = [
  layer(["domain/**/*.ts"], ["doorsFromDomain", "botSdk"]),
  layer(["tab/**/*.ts", "tab/**/*.tsx"], ["dbClient", "dbOpen", "serverFromTab", "botSdk"]),
  layer(["server/**/*.ts"], ["dbClient", "dbOpen", "botSdk"], DB_OPENERS),
  layer(DB_OPENERS, ["dbClient", "botSdk"]),
  layer(["bot/**/*.ts"], ["dbClient", "dbOpen", "botSdk"], BOT_SDK_HOSTS),
  layer(BOT_SDK_HOSTS, ["dbClient", "dbOpen"]),
  // Tests open their own clients to check what was stored; they still drive the bot over HTTP.
  layer(["scripts/**/*.ts", "tests/**/*.ts", "bench/**/*.ts", "server/**/*.test.ts", "bot/**/*.test.ts"], ["botSdk"]),
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "tab/dist/",
      "domain/db/generated/",
      "appPackage/build/",
      "build/",
      "data/",
      "artifacts/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript scripts run on Node (TypeScript files get their globals from @types/node).
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      globals: {
        process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", URLSearchParams: "readonly",
        setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly",
      },
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: {
        // Each file is checked with its nearest tsconfig.json (tab/ and tests/browser/ have their own).
        // bench/tab.ts drives a browser like tests/browser/ but lives with the benchmarks.
        projectService: { allowDefaultProject: ["bench/tab.ts"], defaultProject: "tests/browser/tsconfig.json" },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      // node:test's describe/test return promises that the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "test", "it", "suite", "before", "after", "beforeEach", "afterEach"] }] },
      ],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `_name` marks a value left unused on purpose (destructuring to omit a key, for example).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
      "no-console": "off",
    },
  },
  ...layers,
);
