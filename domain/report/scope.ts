import type { ServiceContext } from "../context.ts";
import { Prisma } from "../db/client.ts";
import { requireItemRight, requireRight, requireSomeLab, type LabScope } from "../access/guard.ts";

/** Reading a report in the app, or exporting it as a file. */
export type ReportAction = "view" | "export";

const NO_REPORTS = "You do not have access to reports.";

export const FILTERS_INVALID = "Some report filters are invalid.";

/**
 * Reports fall under the "audit" area of SPEC §2: Administrators and Global Audit see every lab,
 * Managers and Local Audit their own labs, Technicians nothing. Checked before the filters are
 * read, so a caller without access learns nothing about them.
 */
export function reportScope(ctx: ServiceContext, action: ReportAction): LabScope {
  return requireSomeLab(ctx, "audit", action, NO_REPORTS);
}

/** A lab filter naming a lab the user cannot see answers as if it did not exist; one without the right is forbidden. */
export function checkLabFilter(ctx: ServiceContext, action: ReportAction, labId: number | undefined): void {
  if (labId !== undefined) requireRight(ctx, "audit", action, labId, { message: NO_REPORTS });
}

/** Equipment of a lab outside the user's reports answers as if it did not exist. */
export function checkEquipmentLab(ctx: ServiceContext, action: ReportAction, labId: number): void {
  requireItemRight(ctx, "audit", action, labId, "Equipment");
}

/** SQL condition restricting `column` (a lab id) to the scope and the optional lab filter. */
export function labCondition(column: Prisma.Sql, scope: LabScope, labId: number | undefined): Prisma.Sql {
  if (labId !== undefined) return Prisma.sql`${column} = ${labId}`;
  if (scope === "all") return Prisma.sql`TRUE`;
  return Prisma.sql`${column} = ANY(${[...scope]}::int[])`;
}
