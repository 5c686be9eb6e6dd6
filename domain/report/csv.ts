import { stringify } from "csv-stringify/sync";

/**
 * The one CSV writer of every export (reports, the audit trail). Text that a spreadsheet would
 * run as a formula (CSV injection: `=HYPERLINK(…)`, `+cmd`, `-2+3`, `@SUM`, or a tab / carriage
 * return before one) gets a leading apostrophe, which spreadsheets show as text; numbers stay
 * numbers. Output is UTF-8 and starts with a byte-order mark so Excel reads °C, ≤ and – correctly.
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

export const CSV_BOM = "\ufeff";

const FORMULA_START = /^[=+\-@\t\r\n]|^\s+[=+\-@]/;

export function safeCsvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rows as CSV lines (no BOM): for a file written in parts, after `csvHeader`. */
export function csvRows(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((row) => row.map((cell) => (typeof cell === "string" ? safeCsvText(cell) : typeof cell === "bigint" ? cell.toString() : (cell ?? "")))));
}

/** The BOM and the header line: the start of a CSV file. */
export function csvHeader(headers: readonly string[]): string {
  return `${CSV_BOM}${csvRows([headers])}`;
}

/** A whole CSV file. */
export function csvFile(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): Buffer {
  return Buffer.from(`${csvHeader(headers)}${csvRows(rows)}`, "utf8");
}
