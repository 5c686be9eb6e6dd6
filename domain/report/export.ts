import ExcelJS from "exceljs";
import type { ServiceContext } from "../context.ts";
import { badRequest } from "../errors.ts";
import { overdueAgeing } from "./ageing.ts";
import { complianceReport } from "./compliance.ts";
import { equipmentHistory } from "./history.ts";
import { EXPORT_FORMATS, REPORT_NAMES, type ExportFormat, type ReportName } from "./report.schemas.ts";
import { csvFile } from "./csv.ts";
import { ageingTables, calibrationStatusTables, complianceTables, historyTables, openCorrectiveActionTables, overdueCalibrationTables, type Cell, type Table } from "./tables.ts";
import { openCorrectiveActionsReport } from "./corrective.ts";
import { calibrationReport } from "./calibration.ts";

export interface ReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The first table as CSV (domain/report/csv.ts: formula-safe, with a byte-order mark). */
export function tableToCsv(table: Table): Buffer {
  return csvFile(table.columns.map((c) => c.header), table.rows);
}

/** `YYYY-MM-DD HH:mm` lab wall-clock time as a Date that Excel shows unchanged (Excel has no zones). */
function wallClockDate(text: string): Date {
  return new Date(`${text.replace(" ", "T")}:00Z`);
}

function xlsxCell(cell: Cell, kind: string | undefined): ExcelJS.CellValue {
  if (cell === null) return null;
  if (kind === "datetime" && typeof cell === "string") return wallClockDate(cell);
  return cell; // XLSX keeps strings as strings: a cell is a formula only when written as one.
}

export async function tablesToXlsx(tables: Table[], title: string, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Labkeep";
  workbook.title = title;
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width ?? 10,
      style: c.kind === "datetime" ? { numFmt: "yyyy-mm-dd hh:mm" } : c.kind === "percent" ? { numFmt: "0.0" } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((cell, i) => xlsxCell(cell, table.columns[i]?.kind)));
    if (table.rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const fileSafe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, "_");

/**
 * Runs a report and renders it as CSV or XLSX: what `/api/reports/:name.csv|.xlsx` serves. The
 * query is the same as the report's JSON route (`{ equipmentId }` for the equipment history).
 */
export async function exportReport(ctx: ServiceContext, name: string, format: string, query: Record<string, unknown>): Promise<ReportFile> {
  if (!(REPORT_NAMES as readonly string[]).includes(name)) throw badRequest(`Unknown report "${name}".`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw badRequest(`Unknown export format "${format}": use csv or xlsx.`);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  let tables: Table[];
  let base: string;
  let title: string;
  switch (name as ReportName) {
    case "compliance": {
      const report = await complianceReport(ctx, query as never, "export");
      tables = complianceTables(report);
      base = `labkeep-compliance-${report.from}_${report.to}`;
      title = `PM compliance ${report.from} to ${report.to}`;
      break;
    }
    case "overdue-ageing": {
      tables = ageingTables(await overdueAgeing(ctx, query as never, "export"));
      base = `labkeep-overdue-ageing-${today}`;
      title = "Overdue ageing";
      break;
    }
    case "calibration-status": {
      tables = calibrationStatusTables(await calibrationReport(ctx, query as never, "export"));
      base = `labkeep-calibration-status-${today}`;
      title = "Calibration status by lab";
      break;
    }
    case "overdue-calibrations": {
      tables = overdueCalibrationTables(await calibrationReport(ctx, query as never, "export"));
      base = `labkeep-overdue-calibrations-${today}`;
      title = "Overdue calibrations";
      break;
    }
    case "open-corrective-actions": {
      tables = openCorrectiveActionTables(await openCorrectiveActionsReport(ctx, query as never, "export"));
      base = `labkeep-open-corrective-actions-${today}`;
      title = "Open corrective actions with ageing";
      break;
    }
    case "equipment-history": {
      const history = await equipmentHistory(ctx, query.equipmentId, "export");
      tables = historyTables(history);
      base = `labkeep-equipment-history-${fileSafe(history.equipment.assetTag)}-${today}`;
      title = `Equipment history ${history.equipment.assetTag}`;
      break;
    }
  }
  const body = format === "csv" ? tableToCsv(tables[0]!) : await tablesToXlsx(tables, title, ctx.clock.now());
  return { fileName: `${base}.${format}`, contentType: CONTENT_TYPES[format as ExportFormat], body };
}
