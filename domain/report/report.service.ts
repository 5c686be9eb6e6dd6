/** Reports (SPEC §6) and their CSV / XLSX exports: the contract names of docs/architecture.md. */
export { complianceReport, type ComplianceReport, type ComplianceRow } from "./compliance.ts";
export { overdueAgeing, OLDEST_PER_ROW, type AgeingReport, type AgeingRow, type OverdueItem } from "./ageing.ts";
export { equipmentHistory, type EquipmentHistory, type HistoryEvent, type HistoryRecord } from "./history.ts";
export { exportReport, CONTENT_TYPES, type ReportFile } from "./export.ts";
export { REPORT_NAMES, EXPORT_FORMATS, complianceQuerySchema, ageingQuerySchema, type ReportName, type ExportFormat } from "./report.schemas.ts";
export { calibrationReport, type CalibrationReport } from "./calibration.ts";
export { openCorrectiveActionsReport, CA_AGE_BANDS, ageBand, type OpenCaReport, type OpenCaLabRow, type OpenCaItem } from "./corrective.ts";
