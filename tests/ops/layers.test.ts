import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { ESLint } from "eslint";

// The layer rules of eslint.config.js, checked on code given to ESLint as if it were in a file of
// each folder (existing files, so the type-aware parser finds them in the project; their content
// on disk is not read).
const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const DB_VALUE = (from: string) => `import { createPrismaClient } from "${from}/domain/db/client.ts";\nexport const open = createPrismaClient;\n`;
const DB_TYPE = (from: string) => `import type { Db } from "${from}/domain/db/client.ts";\nexport type D = Db;\n`;

const cases: { name: string; file: string; code: string; fires: RegExp | null }[] = [
  { name: "bot/ value-imports the database client", file: "bot/cards/common.ts", code: DB_VALUE("../.."), fires: /through domain services/ },
  { name: "bot/ type-imports the database client", file: "bot/cards/common.ts", code: DB_TYPE("../.."), fires: null },
  { name: "bot/ imports the generated client", file: "bot/cards/common.ts", code: `import { PrismaClient } from "../../domain/db/generated/client.ts";\nexport const C = PrismaClient;\n`, fires: /through domain services/ },
  { name: "server/ imports @prisma/client", file: "server/app.ts", code: `import { Prisma } from "@prisma/client";\nexport const P = Prisma;\n`, fires: /through domain services/ },
  { name: "server/ imports pg", file: "server/app.ts", code: `import pg from "pg";\nexport const P = pg;\n`, fires: /through domain services/ },
  { name: "server/ opens the database outside start.ts", file: "server/app.ts", code: `import { openDatabase } from "../domain/db/open.ts";\nexport const o = openDatabase;\n`, fires: /Only server\/start.ts/ },
  { name: "server/start.ts opens the database", file: "server/start.ts", code: `import { openDatabase } from "../domain/db/open.ts";\nexport const o = openDatabase;\n`, fires: null },
  { name: "server/start.ts still may not use the client", file: "server/start.ts", code: DB_VALUE(".."), fires: /through domain services/ },
  { name: "tab/ value-imports the database client", file: "tab/src/main.tsx", code: DB_VALUE("../.."), fires: /through domain services/ },
  { name: "tab/ imports server code", file: "tab/src/main.tsx", code: `import { loadConfig } from "../../server/config.ts";\nexport const c = loadConfig;\n`, fires: /must not import server\/ or bot\// },
  { name: "tab/ imports bot code", file: "tab/src/main.tsx", code: `import { helpCard } from "../../bot/cards/help.ts";\nexport const h = helpCard;\n`, fires: /must not import server\/ or bot\// },
  { name: "tab/ imports the domain's pure modules", file: "tab/src/main.tsx", code: `import { readAnswers } from "../../domain/record/answers.ts";\nexport const r = readAnswers;\n`, fires: null },
  { name: "domain/ imports a door", file: "domain/errors.ts", code: `import { loadConfig } from "../server/config.ts";\nexport const c = loadConfig;\n`, fires: /must not import server\/, bot\/ or tab\// },
  { name: "domain/ imports the bot", file: "domain/errors.ts", code: `import type { Card } from "../bot/cards/types.ts";\nexport type C = Card;\n`, fires: /must not import server\/, bot\/ or tab\// },
  { name: "a card imports botbuilder", file: "bot/cards/common.ts", code: `import { CardFactory } from "botbuilder";\nexport const f = CardFactory;\n`, fires: /Only bot\/hosting.ts/ },
  { name: "the server imports teams-ai", file: "server/app.ts", code: `import { Application } from "@microsoft/teams-ai";\nexport const a = Application;\n`, fires: /Only bot\/hosting.ts/ },
  { name: "bot/hosting.ts imports botbuilder", file: "bot/hosting.ts", code: `import { CardFactory } from "botbuilder";\nexport const f = CardFactory;\n`, fires: null },
  { name: "bot/app.ts imports teams-ai", file: "bot/app.ts", code: `import { Application } from "@microsoft/teams-ai";\nexport const a = Application;\n`, fires: null },
  { name: "a bot handler imports botbuilder", file: "bot/handlers/commands.ts", code: `import type { TurnContext } from "botbuilder";\nexport type T = TurnContext;\n`, fires: /Only bot\/hosting.ts/ },
  { name: "the bot calls a domain service", file: "bot/cards/common.ts", code: `import { getRecord } from "../../domain/record/record.service.ts";\nexport const g = getRecord;\n`, fires: null },
];

for (const c of cases) {
  test(`${c.name}: ${c.fires ? "reported" : "allowed"}`, async () => {
    const messages = await restricted(c.file, c.code);
    if (c.fires) {
      assert.equal(messages.length, 1, `one report for ${c.file}, got ${JSON.stringify(messages)}`);
      assert.match(messages[0]!, c.fires);
    } else assert.deepEqual(messages, []);
  });
}
