import ExcelJS from "exceljs";
import { EXAMPLES, SHEET_ORDER, SHEET_TITLES, SHEETS, type SheetName } from "./format.ts";

export type OutCell = string | number | null;

/**
 * Writes the Labkeep workbook: one sheet per format sheet, a drop-down of the allowed values
 * on every column that has them, and a Notes sheet describing each column. Text is written as
 * text (never as a formula), so "=1+1" stays the characters a lab typed.
 */
export async function writeWorkbook(rows: Record<SheetName, OutCell[][]>, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Labkeep";
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  for (const name of SHEET_ORDER) {
    const columns = SHEETS[name];
    const sheet = workbook.addWorksheet(SHEET_TITLES[name], { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows[name]) sheet.addRow(row);
    const last = Math.max(rows[name].length + 1, 200);
    columns.forEach((c, i) => {
      if (!c.allowed) return;
      const letter = sheet.getColumn(i + 1).letter;
      for (let r = 2; r <= last; r++) {
        sheet.getCell(`${letter}${r}`).dataValidation = { type: "list", allowBlank: !c.required, formulae: [`"${c.allowed.join(",")}"`], showErrorMessage: true, error: `Choose one of ${c.allowed.join(", ")}.` };
      }
    });
  }
  const notes = workbook.addWorksheet("Notes");
  notes.columns = [{ header: "Sheet", width: 12 }, { header: "Column", width: 16 }, { header: "Required", width: 10 }, { header: "What to write", width: 90 }];
  notes.getRow(1).font = { bold: true };
  for (const name of SHEET_ORDER) for (const c of SHEETS[name]) notes.addRow([SHEET_TITLES[name], c.header, c.required ? "yes" : "", c.note]);
  notes.addRow([]);
  notes.addRow(["", "", "", "Dates: 2026-03-31, 31/03/2026 or 31.03.2026 (always day first), or an Excel date. Numbers without units."]);
  notes.addRow(["", "", "", "Rows are matched by asset tag, by manufacturer + model, by model + frequency + order, and by asset tag + frequency + period: importing the same file twice changes nothing."]);
  notes.addRow(["", "", "", "At most 10 MB and 50,000 rows per file. A CSV file holds one sheet, recognised by its header row."]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The downloadable template: one example row per sheet. */
export function templateWorkbook(generatedAt: Date): Promise<Buffer> {
  const rows = Object.fromEntries(SHEET_ORDER.map((name) => [name, [[...EXAMPLES[name]]]])) as Record<SheetName, OutCell[][]>;
  return writeWorkbook(rows, generatedAt);
}
