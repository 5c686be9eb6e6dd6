import { AppError } from "../../domain/errors.ts";
import { CSV_TYPE, MAX_FILE_BYTES, XLSX_TYPE } from "../../domain/import/format.ts";
import { ImportQuery } from "../../domain/import/import.schemas.ts";
import { parseInput } from "../../domain/input.ts";
import { exportSheetCsv, exportWorkbook, importFile, importTemplate } from "../../domain/import/import.service.ts";
import { uploadBody } from "../http/upload.ts";
import type { Route } from "./route.ts";

/** R-IMPORT: the template, the import (dry run first) and the export of the same workbook. */
export const importRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/import/template.xlsx",
    summary: "The import workbook template: one example row per sheet and the allowed values",
    access: { kind: "permission", entity: "equipment", action: "create" },
    produces: [XLSX_TYPE],
    handler: async ({ ctx }) => ({ file: { body: await importTemplate(ctx), contentType: XLSX_TYPE, filename: "labkeep-import-template.xlsx" } }),
  },
  {
    method: "POST",
    path: "/api/import",
    summary: "Import a workbook (.xlsx) or CSV sent as the body; ?dryRun=true checks every row and writes nothing",
    access: { kind: "permission", entity: "equipment", action: "create" },
    upload: { types: [XLSX_TYPE, CSV_TYPE], maxBytes: MAX_FILE_BYTES },
    query: ImportQuery,
    handler: async ({ ctx, query, req }) => {
      const { dryRun, fileName } = parseInput(ImportQuery, query);
      const report = await importFile(ctx, () => uploadBody(req, [XLSX_TYPE, CSV_TYPE]), { dryRun, fileName });
      // A refused import is an error like any other (422 validation_failed), its problems in the details.
      if (!report.dryRun && report.problems.length > 0) {
        throw new AppError("validation_failed", `The file has ${report.problems.length} problem(s): nothing was imported.`, { problems: report.problems, sha256: report.sha256 });
      }
      return { json: report };
    },
  },
  {
    method: "GET",
    path: "/api/export/workbook.xlsx",
    summary: "Models, tasks, equipment and completed records you may see, as the import workbook",
    access: { kind: "permission", entity: "equipment", action: "view" },
    produces: [XLSX_TYPE],
    handler: async ({ ctx }) => ({ file: { body: await exportWorkbook(ctx), contentType: XLSX_TYPE, filename: "labkeep-workbook.xlsx" } }),
  },
  {
    method: "GET",
    path: "/api/export/:sheet.csv",
    summary: "One sheet of the workbook (models, tasks, equipment, history) as CSV; formula-like text escaped",
    access: { kind: "permission", entity: "equipment", action: "view" },
    produces: ["text/csv"],
    handler: async ({ ctx, params }) => {
      const file = await exportSheetCsv(ctx, params.sheet ?? "");
      return { file: { body: file.body, contentType: "text/csv; charset=utf-8", filename: file.fileName } };
    },
  },
];
