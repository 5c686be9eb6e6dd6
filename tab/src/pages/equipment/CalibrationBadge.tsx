import { Badge } from "@fluentui/react-components";
import { CALIBRATION_STATUS_TEXT, type CalibrationStatus } from "../../../../domain/calibration/status.words.ts";

const COLOR: Record<CalibrationStatus, "success" | "warning" | "danger" | "severe"> = {
  IN_CALIBRATION: "success",
  DUE_SOON: "warning",
  OVERDUE: "danger",
  OUT_OF_TOLERANCE: "severe",
};

/** The calibration status badge (R-CAL): the word is always written, colour only adds to it (high contrast keeps the text). */
export function CalibrationBadge({ status }: { status: CalibrationStatus | null }) {
  if (!status) return <span>Not in register</span>;
  return (
    <Badge appearance="tint" color={COLOR[status]} data-testid="calibration-badge" data-status={status}>
      {CALIBRATION_STATUS_TEXT[status]}
    </Badge>
  );
}
