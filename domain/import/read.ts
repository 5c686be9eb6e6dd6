import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { AppError } from "../errors.ts";
import { headerNames, MAX_FILE_BYTES, MAX_ROWS, SHEET_ORDER, SHEET_TITLES, SHEETS, type SheetName } from "./format.ts";

/** A cell as read: formulas give their cached result, never evaluated. */
export type RawCell = string | number | boolean | Date | null;

export interface RawSheet {
  name: SheetName;
  headers: string[];
  /** Spreadsheet row number (1 = header) and its cells, in header order. */
  rows: { row: number; cells: RawCell[] }[];
}

export interface RawFile {
  kind: "xlsx" | "csv";
  sheets: RawSheet[];
  /** Problems with the file's layout (unknown columns, unknown sheets, missing headers). */
  problems: { sheet: string; row: number; column: string; message: string }[];
}

const refuse = (message: string) => new AppError("bad_request", message);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * Decides what the bytes are, whatever their name or declared type says: an .xlsx is a zip; an
 * OLE container is a password-protected workbook (or an old .xls); a zip holding
 * xl/vbaProject.bin carries macros; text is CSV.
 */
export function sniff(body: Buffer): "xlsx" | "csv" {
  if (body.length === 0) throw refuse("The file is empty.");
  if (body.length > MAX_FILE_BYTES) throw new AppError("payload_too_large", `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB. Split it into several files.`);
  if (body.subarray(0, 4).equals(OLE)) throw refuse("The file is password-protected or an old .xls workbook. Remove the password and save it as .xlsx (Excel Workbook).");
  if (body.subarray(0, 4).equals(ZIP)) {
    const entries = zipEntries(body);
    if (entries.some((e) => e.name.toLowerCase() === "xl/vbaproject.bin")) throw refuse("The workbook contains macros (.xlsm). Save it as .xlsx (Excel Workbook) without macros.");
    // A small file may unpack to gigabytes (a zip bomb): refused before anything is unpacked.
    if (entries.reduce((sum, e) => sum + e.size, 0) > MAX_UNPACKED_BYTES) throw new AppError("payload_too_large", `The workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB. Split it into several files.`);
    return "xlsx";
  }
  const head = body.subarray(0, Math.min(body.length, 4096));
  if (head.includes(0)) throw refuse("The file is neither an Excel workbook (.xlsx) nor a CSV file.");
  return "csv";
}

/** What a workbook may unpack to: 50,000 rows of the Labkeep sheets are a few tens of MB of XML; ExcelJS holds several times that in memory. */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/**
 * The entries of a zip's central directory (name and unpacked size), read without unpacking. A
 * zip whose directory cannot be read, or that needs ZIP64 (over 4 GB), is refused.
 */
function zipEntries(body: Buffer): { name: string; size: number }[] {
  const unreadable = () => refuse("The workbook could not be opened. Save it again from Excel as .xlsx and retry.");
  let end = -1;
  for (let at = body.length - 22; at >= Math.max(0, body.length - 22 - 65_535); at--) {
    if (body.readUInt32LE(at) === 0x06054b50) { end = at; break; }
  }
  if (end < 0) throw unreadable();
  const count = body.readUInt16LE(end + 10);
  let at = body.readUInt32LE(end + 16);
  const entries: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > body.length || body.readUInt32LE(at) !== 0x02014b50) throw unreadable();
    const size = body.readUInt32LE(at + 24);
    if (size === 0xffffffff) throw unreadable();
    const nameLength = body.readUInt16LE(at + 28);
    entries.push({ name: body.toString("utf8", at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + body.readUInt16LE(at + 30) + body.readUInt16LE(at + 32);
  }
  return entries;
}

function cellValue(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return null;
  }
  return null;
}

const blank = (cell: RawCell) => cell === null || (typeof cell === "string" && cell.trim() === "");

/** Header row → rows keyed by the format's column order; unknown and missing columns are problems. */
function toSheet(name: SheetName, headerCells: RawCell[], body: { row: number; cells: RawCell[] }[], problems: RawFile["problems"]): RawSheet {
  const columns = SHEETS[name];
  const headers = headerCells.map((c) => (c === null ? "" : String(c).trim()));
  const index = new Map<number, number>();
  headers.forEach((header, i) => {
    if (header === "") return;
    const at = columns.findIndex((c) => headerNames(c).includes(header.toLowerCase()));
    if (at < 0) problems.push({ sheet: SHEET_TITLES[name], row: 1, column: header, message: `Unknown column "${header}". The columns of ${SHEET_TITLES[name]} are: ${columns.map((c) => c.header).join(", ")}.` });
    else index.set(i, at);
  });
  for (const [at, column] of columns.entries()) {
    if (column.required && ![...index.values()].includes(at)) problems.push({ sheet: SHEET_TITLES[name], row: 1, column: column.header, message: `The column "${column.header}" is missing.` });
  }
  const rows = body
    .filter((r) => !r.cells.every(blank))
    .map((r) => {
      const cells: RawCell[] = columns.map(() => null);
      for (const [from, to] of index) cells[to] = r.cells[from] ?? null;
      return { row: r.row, cells };
    });
  return { name, headers: columns.map((c) => c.header), rows };
}

async function readXlsx(body: Buffer): Promise<RawFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw refuse("The workbook could not be opened. Save it again from Excel as .xlsx and retry.");
  }
  const problems: RawFile["problems"] = [];
  const sheets: RawSheet[] = [];
  let total = 0;
  workbook.eachSheet((worksheet) => {
    const tab = worksheet.name.trim().toLowerCase();
    const name = SHEET_ORDER.find((n) => n.toLowerCase() === tab || SHEET_TITLES[n].toLowerCase() === tab);
    if (!name) {
      if (worksheet.name.trim().toLowerCase() !== "notes") problems.push({ sheet: worksheet.name, row: 0, column: "", message: `Unknown sheet "${worksheet.name}" is ignored. The sheets are: ${SHEET_ORDER.map((n) => SHEET_TITLES[n]).join(", ")}.` });
      return;
    }
    const width = worksheet.columnCount;
    const rowCells = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellValue(r.getCell(i + 1).value));
    const body: { row: number; cells: RawCell[] }[] = [];
    worksheet.eachRow((r, number) => {
      if (number > 1) body.push({ row: number, cells: rowCells(r) });
    });
    total += body.length;
    sheets.push(toSheet(name, rowCells(worksheet.getRow(1)), body, problems));
  });
  if (total > MAX_ROWS) throw new AppError("payload_too_large", `The file has ${total} rows; at most ${MAX_ROWS} can be imported at once. Split it into several files.`);
  const found = new Set(sheets.map((s) => s.name));
  if (!found.has("Models") && !found.has("Tasks") && !found.has("Equipment") && !found.has("History")) {
    problems.push({ sheet: "", row: 0, column: "", message: `The workbook has none of the sheets ${SHEET_ORDER.map((n) => SHEET_TITLES[n]).join(", ")}. Start from the template.` });
  }
  if (found.has("Tasks") && !found.has("Models")) problems.push({ sheet: "Models", row: 0, column: "", message: "The Tasks sheet needs a Models sheet (it may list only the models the tasks belong to)." });
  return { kind: "xlsx", sheets, problems };
}

/** A CSV holds one sheet: the one whose columns its header row matches best. */
function readCsv(body: Buffer): RawFile {
  let records: string[][];
  try {
    records = parseCsv(body.toString("utf8").replace(/^\ufeff/, ""), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch {
    throw refuse("The CSV file could not be read: check its quotes and separators (commas).");
  }
  if (records.length - 1 > MAX_ROWS) throw new AppError("payload_too_large", `The file has ${records.length - 1} rows; at most ${MAX_ROWS} can be imported at once. Split it into several files.`);
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const score = (name: SheetName) => SHEETS[name].filter((c) => headerNames(c).some((h) => header.includes(h))).length - (name === "Tasks" || name === "History" ? 0 : 0.5);
  const name = [...SHEET_ORDER].sort((a, b) => score(b) - score(a))[0]!;
  const problems: RawFile["problems"] = [];
  // Labkeep's CSV exports put an apostrophe before text a spreadsheet would run as a formula (domain/report/export.ts).
  const unescape = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
  const rows = records.slice(1).map((cells, i) => ({ row: i + 2, cells: cells.map(unescape) as RawCell[] }));
  return { kind: "csv", sheets: [toSheet(name, records[0] ?? [], rows, problems)], problems };
}

export async function readFile(body: Buffer): Promise<RawFile> {
  return sniff(body) === "xlsx" ? readXlsx(body) : readCsv(body);
}
