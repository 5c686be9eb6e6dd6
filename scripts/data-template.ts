// npm run data:template -- [file]: writes the import workbook template (default
// labkeep-import-template.xlsx in the current folder). Needs no database.
import { writeFile } from "node:fs/promises";
import { templateWorkbook } from "../domain/import/workbook.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const file = process.argv[2] ?? "labkeep-import-template.xlsx";
  await writeFile(file, await templateWorkbook(new Date()));
  console.log(`Wrote the import template to ${file}.`);
});
