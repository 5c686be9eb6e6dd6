/**
 * The Labkeep workbook (SPEC R-IMPORT): the one description of its sheets and columns, used by
 * the template, the parser and the export, so the three cannot drift apart.
 */
export const FREQUENCY_VALUES = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL"] as const;
export const KIND_VALUES = ["CHECK", "READING", "TEXT"] as const;
export const STATUS_VALUES = ["ACTIVE", "IN_REPAIR", "OUT_OF_SERVICE", "OBSOLETE"] as const;
export const RESULT_VALUES = ["PASS", "FAIL"] as const;
export const YES_NO = ["YES", "NO"] as const;

export type SheetName = "Models" | "Tasks" | "Equipment" | "History";

export interface Column {
  header: string;
  /** Headers of earlier versions of the workbook, still read. */
  aliases?: readonly string[];
  required: boolean;
  /** The values a cell may take (case-insensitive), shown in the template as a drop-down. */
  allowed?: readonly string[];
  note: string;
  width: number;
}

const col = (header: string, required: boolean, note: string, width = 16, allowed?: readonly string[]): Column => ({ header, required, note, width, allowed });

/** The headers a column is recognised by, lower case: its own and its earlier ones. */
export const headerNames = (column: Column): string[] => [column.header, ...(column.aliases ?? [])].map((h) => h.toLowerCase());

export const SHEETS: Record<SheetName, readonly Column[]> = {
  Models: [
    col("Manufacturer", true, "Maker of the model, e.g. Thermo Fisher."),
    col("Model", true, "Model name; Manufacturer + Model is unique.", 24),
    col("Frequencies", false, `Comma-separated: ${FREQUENCY_VALUES.join(", ")}.`, 24),
  ],
  Tasks: [
    col("Manufacturer", true, "Must be a model of the Models sheet or already in Labkeep."),
    col("Model", true, "Model name.", 24),
    col("Frequency", true, "Which checklist the task belongs to.", 12, FREQUENCY_VALUES),
    col("Order", true, "Position in the checklist: 1, 2, 3 …; a task is identified by model, frequency and order.", 8),
    col("Title", true, "What the technician does or reads.", 40),
    col("Kind", true, "CHECK (done / not done), READING (a number), TEXT.", 10, KIND_VALUES),
    col("Unit", false, "READING only, e.g. °C.", 8),
    col("Min", false, "READING only: lowest passing value (a number, no unit).", 8),
    col("Max", false, "READING only: highest passing value (a number, no unit).", 8),
    col("Required", false, "YES (default) or NO.", 10, YES_NO),
  ],
  Equipment: [
    col("Asset tag", true, "Unique across Labkeep, compared without regard to case.", 14),
    col("Serial", false, "Serial number."),
    col("Manufacturer", true, "Manufacturer of the model."),
    col("Model", true, "Model name.", 24),
    col("Lab", true, "Lab code, e.g. BOS.", 8),
    col("Location", false, "Room or bench.", 18),
    col("Status", false, "ACTIVE (default), IN_REPAIR, OUT_OF_SERVICE, OBSOLETE.", 16, STATUS_VALUES),
    col("Commissioned", false, "Date: 2026-03-31, 31/03/2026 (day first) or an Excel date.", 14),
    col("Notes", false, "Free text.", 30),
  ],
  History: [
    col("Asset tag", true, "Equipment of the Equipment sheet or already in Labkeep.", 14),
    col("Frequency", true, "Which checklist was done.", 12, FREQUENCY_VALUES),
    col("Period date", true, "Any date inside the period done (the lab's calendar).", 14),
    col("Completed by", true, "The person's sign-in name (UPN), e.g. tom@contoso.com.", 26),
    { ...col("Completed at (lab time)", true, "Date and time on the wall clock of the equipment's lab: 2026-03-31 14:05 or 31/03/2026 14:05.", 22), aliases: ["Completed at"] },
    col("Result", true, "PASS or FAIL.", 8, RESULT_VALUES),
    col("Readings", false, "Task title = number, separated by semicolons: Temperature = 4.5; Speed = 3000. No units.", 40),
  ],
};

export const SHEET_ORDER: readonly SheetName[] = ["Models", "Tasks", "Equipment", "History"];

/** Tab names in the workbook: Excel reserves "History", so past maintenance has a longer name. */
export const SHEET_TITLES: Record<SheetName, string> = { Models: "Models", Tasks: "Tasks", Equipment: "Equipment", History: "Maintenance history" };

/** Limits of one file, refused before anything is read (docs/import.md). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 50_000;

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv";

/** One example row per sheet for the template (and the docs). */
export const EXAMPLES: Record<SheetName, readonly (string | number)[]> = {
  Models: ["Eppendorf", "Centrifuge 5810 R", "DAILY, MONTHLY"],
  Tasks: ["Eppendorf", "Centrifuge 5810 R", "DAILY", 1, "Chamber temperature", "READING", "°C", 2, 8, "YES"],
  Equipment: ["CEN-0001", "5810-AB123", "Eppendorf", "Centrifuge 5810 R", "BOS", "Room 12", "ACTIVE", "2025-06-01", ""],
  History: ["CEN-0001", "DAILY", "2026-03-02", "tom@contoso.com", "2026-03-02 09:30", "PASS", "Chamber temperature = 4.5"],
};
