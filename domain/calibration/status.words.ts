/** The calibration status words (status.ts computes them). Free of I/O so the tab imports it too. */
export const CALIBRATION_STATUSES = ["IN_CALIBRATION", "DUE_SOON", "OVERDUE", "OUT_OF_TOLERANCE"] as const;
export type CalibrationStatus = (typeof CALIBRATION_STATUSES)[number];

/** The words people read, for badges, cards, CSV and labels. */
export const CALIBRATION_STATUS_TEXT: Record<CalibrationStatus, string> = {
  IN_CALIBRATION: "In calibration",
  DUE_SOON: "Due soon",
  OVERDUE: "Overdue",
  OUT_OF_TOLERANCE: "Out of tolerance",
};
