import type { AgeingReport } from "./ageing.ts";
import type { CalibrationReport } from "./calibration.ts";
import { CA_AGE_BANDS } from "./ca-bands.ts";
import type { OpenCaReport } from "./corrective.ts";
import type { CalibrationRow } from "../calibration/calibration.list.ts";
import { CALIBRATION_STATUS_TEXT } from "../calibration/status.ts";
import type { ComplianceReport } from "./compliance.ts";
import type { EquipmentHistory, HistoryRecord } from "./history.ts";
import { sortableLabTime } from "../time/format.ts";

/**
 * A report laid out as tables, shared by the CSV (first table) and XLSX (one sheet each) exporters.
 * Times are the lab's wall clock, "2026-10-05 04:00" (sortableLabTime): what an auditor at that lab
 * reads, and sortable. Each such column is headed "(lab time)" and its row names the lab: a Lab
 * column, or a record number that starts with the lab's code.
 */
export type CellKind = "text" | "number" | "percent" | "datetime";
export interface Column { header: string; kind?: CellKind; width?: number }
export type Cell = string | number | null;
export interface Table { name: string; columns: Column[]; rows: Cell[][] }

const LABELS: Record<string, string> = {
  DAILY: "Daily", WEEKLY: "Weekly", MONTHLY: "Monthly", QUARTERLY: "Quarterly", ANNUAL: "Annual",
  ACTIVE: "Active", IN_REPAIR: "In Repair", OUT_OF_SERVICE: "Out of Service", OBSOLETE: "Obsolete",
  AWAITING: "Awaiting review", REVIEWED: "Reviewed", RETURNED: "Returned",
  OPEN: "Open", COMPLETED: "Completed", NOT_REQUIRED: "Not required", PASS: "Pass", FAIL: "Fail",
  DONE: "Done", NOT_DONE: "Not done", NOT_APPLICABLE: "N/A",
  CREATED: "Created", STATUS_CHANGED: "Status changed", TRANSFERRED: "Transferred",
};
export const label = (value: string | null): string => (value === null ? "" : (LABELS[value] ?? value));


export function complianceTables(report: ComplianceReport): Table[] {
  return [{
    name: "PM compliance",
    columns: [
      { header: "Lab", width: 8 }, { header: "Lab name", width: 28 }, { header: "Frequency", width: 11 }, { header: "Month", width: 9 },
      { header: "Due", kind: "number" }, { header: "Completed on time", kind: "number", width: 18 },
      { header: "Completed late", kind: "number", width: 15 }, { header: "Open (not yet due)", kind: "number", width: 18 },
      { header: "Overdue", kind: "number" }, { header: "Reviewed", kind: "number", width: 10 },
      { header: "Awaiting review", kind: "number", width: 16 }, { header: "Compliance %", kind: "percent", width: 14 },
    ],
    rows: report.rows.map((r) => [r.labCode, r.labName, label(r.frequency), r.month, r.due, r.completedOnTime, r.completedLate, r.open, r.overdue, r.reviewed, r.unreviewed, r.compliancePct]),
  }];
}

export function ageingTables(report: AgeingReport): Table[] {
  const oldest = report.rows.flatMap((row) => row.oldest.map((item) => ({ row, item })));
  return [
    {
      name: "Overdue ageing",
      columns: [
        { header: "Lab", width: 8 }, { header: "Lab name", width: 28 }, { header: "Frequency", width: 11 },
        { header: "≤ 1 day", kind: "number" }, { header: "2–7 days", kind: "number" }, { header: "8–30 days", kind: "number" },
        { header: "> 30 days", kind: "number" }, { header: "Total", kind: "number" },
        { header: "Oldest record", width: 14 }, { header: "Oldest due (lab time)", kind: "datetime", width: 20 }, { header: "Oldest days overdue", kind: "number", width: 12 },
      ],
      rows: report.rows.map((r) => [
        r.labCode, r.labName, label(r.frequency), r.upTo1Day, r.days2To7, r.days8To30, r.over30Days, r.total,
        r.oldest[0]?.number ?? null, sortableLabTime(r.oldest[0]?.dueAt ?? null, r.timeZone), r.oldest[0]?.daysOverdue ?? null,
      ]),
    },
    {
      name: "Oldest overdue",
      columns: [
        { header: "Lab", width: 8 }, { header: "Frequency", width: 11 }, { header: "Record", width: 14 }, { header: "Asset tag", width: 16 },
        { header: "Model", width: 30 }, { header: "Location", width: 20 }, { header: "Due (lab time)", kind: "datetime", width: 18 }, { header: "Days overdue", kind: "number", width: 12 },
      ],
      rows: oldest.map(({ row, item }) => [row.labCode, label(row.frequency), item.number, item.assetTag, item.modelName, item.location, sortableLabTime(item.dueAt, row.timeZone), item.daysOverdue]),
    },
  ];
}

function reading(value: number | null, unit: string | null): string {
  return value === null ? "" : unit ? `${value} ${unit}` : String(value);
}

function limits(min: number | null, max: number | null, unit: string | null): string {
  const u = unit ? ` ${unit}` : "";
  if (min !== null && max !== null) return `${min}–${max}${u}`;
  if (min !== null) return `≥ ${min}${u}`;
  if (max !== null) return `≤ ${max}${u}`;
  return "";
}

function failedTasks(record: HistoryRecord): string {
  return record.results
    .filter((t) => !t.passed)
    .map((t) => (t.kind === "READING" ? `${t.title}: ${reading(t.reading, t.unit)} (limits ${limits(t.min, t.max, t.unit)})` : `${t.title}: ${label(t.outcome)}`))
    .join("; ");
}

/**
 * Records show in the time zone of the lab that kept them (before a transfer, the old lab); the
 * equipment's own events in its lab's. The timeline's Lab column says which.
 */
export function historyTables(history: EquipmentHistory): Table[] {
  const e = history.equipment;
  const timeline = [
    ...history.events.map((ev) => ({
      at: ev.at,
      row: [sortableLabTime(ev.at, e.timeZone), e.labCode, label(ev.kind), null, null,
        ev.kind === "TRANSFERRED" ? `${ev.fromLabCode ?? ""} → ${ev.toLabCode ?? ""}` : ev.fromStatus ? `${label(ev.fromStatus)} → ${label(ev.toStatus)}` : label(ev.toStatus),
        null, ev.reason, ev.actorName] as Cell[],
    })),
    ...history.records.map((r) => ({
      at: r.completedAt ?? r.dueAt,
      row: [sortableLabTime(r.completedAt ?? r.dueAt, r.timeZone), r.labCode, "PM record", r.number, label(r.frequency),
        r.status === "OPEN" ? (r.overdue ? "Overdue" : "Open") : r.status === "NOT_REQUIRED" ? "Not required" : r.completedAt! > r.dueAt ? "Completed late" : "Completed",
        label(r.result), [failedTasks(r), r.notRequiredReason, r.comment, r.amendments ? `${r.amendments} amendment(s)` : ""].filter(Boolean).join(" | ") || null, r.completedBy,
        r.signatures.map((s) => s.text).join(" | ") || (r.status === "COMPLETED" ? "Not signed" : null)] as Cell[],
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return [
    {
      name: "Timeline",
      columns: [
        { header: "When (lab time)", kind: "datetime", width: 18 }, { header: "Lab", width: 8 }, { header: "Type", width: 15 }, { header: "Record", width: 14 },
        { header: "Frequency", width: 11 }, { header: "Status", width: 22 }, { header: "Result", width: 8 }, { header: "Details", width: 60 }, { header: "By", width: 20 },
        { header: "Electronic signatures", width: 60 },
      ],
      rows: timeline.map((t) => t.row),
    },
    {
      name: "Results",
      columns: [
        { header: "Record", width: 14 }, { header: "Frequency", width: 11 }, { header: "Completed (lab time)", kind: "datetime", width: 20 }, { header: "#", kind: "number", width: 4 },
        { header: "Task", width: 40 }, { header: "Answer", width: 16 }, { header: "Limits", width: 16 }, { header: "Passed", width: 8 }, { header: "Note", width: 30 },
      ],
      rows: history.records.flatMap((r) => r.results.map((t) => [
        r.number, label(r.frequency), sortableLabTime(r.completedAt, r.timeZone), t.position, t.title,
        t.kind === "READING" ? reading(t.reading, t.unit) : t.kind === "TEXT" ? t.text : label(t.outcome),
        limits(t.min, t.max, t.unit) || null, t.passed ? "Yes" : "No", t.note,
      ] as Cell[])),
    },
    {
      // R-SIGN: one row per signature, with the hash it is bound to and whether it still matches.
      name: "Signatures",
      columns: [
        { header: "Record", width: 14 }, { header: "Meaning", width: 11 }, { header: "Signed by (printed name)", width: 24 },
        { header: "Signed (lab time)", kind: "datetime", width: 20 }, { header: "Matches the record", width: 10 }, { header: "Content SHA-256", width: 66 },
      ],
      rows: history.records.flatMap((r) => r.signatures.map((s) => [
        r.number, label(s.meaning), s.signerName, sortableLabTime(s.signedAt, r.timeZone), s.valid ? "Yes" : "No — signature no longer matches the record", s.contentHash,
      ] as Cell[])),
    },
    {
      name: "Equipment",
      columns: [{ header: "Field", width: 18 }, { header: "Value", width: 40 }],
      rows: [
        ["Asset tag", e.assetTag], ["Serial number", e.serialNumber], ["Model", `${e.manufacturer} ${e.modelName}`],
        ["Lab", `${e.labCode} — ${e.labName}`], ["Location", e.location], ["Status", label(e.status)],
        ["Commissioned", e.commissionedOn], ["Report generated (UTC)", history.generatedAt],
      ],
    },
  ];
}

export function calibrationStatusTables(report: CalibrationReport): Table[] {
  return [{
    name: "Calibration status by lab",
    columns: [
      { header: "Lab", width: 8 }, { header: "Lab name", width: 28 }, { header: "In register", kind: "number", width: 12 },
      { header: "In calibration", kind: "number", width: 14 }, { header: "Due soon", kind: "number" }, { header: "Overdue", kind: "number" },
      { header: "Out of tolerance", kind: "number", width: 16 },
    ],
    rows: report.byLab.map((r) => [r.labCode, r.labName, r.total, r.inCalibration, r.dueSoon, r.overdue, r.outOfTolerance]),
  }];
}

const calibrationColumns: Column[] = [
  { header: "Asset tag", width: 14 }, { header: "Lab", width: 8 }, { header: "Manufacturer", width: 18 }, { header: "Model", width: 20 },
  { header: "Serial", width: 14 }, { header: "Location", width: 16 }, { header: "Status", width: 16 }, { header: "Next due", width: 12 },
  { header: "Days overdue", kind: "number", width: 13 }, { header: "Last calibrated", width: 15 }, { header: "Last certificate", width: 18 },
  { header: "Provider", width: 22 },
];
const calibrationRow = (r: CalibrationRow): Cell[] => [
  r.assetTag, r.labCode, r.manufacturer, r.model, r.serialNumber, r.location, CALIBRATION_STATUS_TEXT[r.status], r.nextDueOn, r.daysOverdue,
  r.lastCalibratedOn, r.certificateNumber, r.providerName ?? (r.provider === "INTERNAL" ? "Internal" : "External"),
];

export function overdueCalibrationTables(report: CalibrationReport): Table[] {
  return [
    { name: "Overdue calibrations", columns: calibrationColumns, rows: report.overdue.map(calibrationRow) },
    { name: "Out of tolerance", columns: calibrationColumns, rows: report.outOfTolerance.map(calibrationRow) },
  ];
}

/** Open corrective actions: per-lab ageing first (the CSV), then every open action. */
export function openCorrectiveActionTables(report: OpenCaReport): Table[] {
  return [
    {
      name: "Open CAs by lab",
      columns: [
        { header: "Lab", width: 8 }, { header: "Lab name", width: 28 }, { header: "Open", kind: "number" },
        ...CA_AGE_BANDS.map((band) => ({ header: `Open ${band.label}`, kind: "number" as const, width: 14 })),
        { header: "Not yet due", kind: "number", width: 12 }, { header: "Overdue", kind: "number" }, { header: "Out of service", kind: "number", width: 14 },
        { header: "Oldest (days)", kind: "number", width: 13 },
      ],
      rows: report.rows.map((r) => [r.labCode, r.labName, r.open, ...CA_AGE_BANDS.map((band) => r[band.key]), r.notYetDue, r.overdue, r.quarantined, r.oldestAgeDays]),
    },
    {
      name: "Open corrective actions",
      columns: [
        { header: "Lab", width: 8 }, { header: "Corrective action", width: 14 }, { header: "Asset tag", width: 16 }, { header: "Model", width: 30 },
        { header: "Equipment status", width: 16 }, { header: "Trigger", width: 28 }, { header: "Problem", width: 40 }, { header: "Assigned to", width: 20 },
        { header: "Opened (lab time)", kind: "datetime", width: 18 }, { header: "Due (lab day)", width: 12 }, { header: "Age (days)", kind: "number", width: 10 },
        { header: "Age band", width: 12 }, { header: "Overdue", width: 9 },
      ],
      rows: report.rows.flatMap((r) => r.items.map((i) => [
        r.labCode, i.number, i.assetTag, i.modelName, label(i.equipmentStatus), i.trigger, i.problem, i.assignee, sortableLabTime(i.openedAt, r.timeZone), i.dueOn, i.ageDays,
        CA_AGE_BANDS.find((band) => band.key === i.band)!.label, i.overdue ? "yes" : "no",
      ])),
    },
  ];
}
