import { z } from "zod";
import { queryId } from "../input.ts";
import { Frequency } from "../db/generated/enums.ts";

const id = queryId();
const localDate = z.iso.date({ message: "Use a date like 2026-01-31." });

/** PM compliance: records whose period starts (lab-local) between `from` and `to`, both included. */
export const complianceQuerySchema = z
  .object({
    labId: id.optional(),
    frequency: z.enum(Frequency).optional(),
    from: localDate,
    to: localDate,
  })
  .refine((q) => q.from <= q.to, { message: "`from` must not be after `to`.", path: ["to"] });

export const ageingQuerySchema = z.object({ labId: id.optional() });

export const equipmentIdSchema = id;

export type ComplianceQuery = z.input<typeof complianceQuerySchema>;
export type AgeingQuery = z.input<typeof ageingQuerySchema>;

export const REPORT_NAMES = ["compliance", "overdue-ageing", "equipment-history", "calibration-status", "overdue-calibrations", "open-corrective-actions"] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
