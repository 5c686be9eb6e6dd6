import type { ServiceContext } from "../context.ts";
import { Prisma } from "../db/client.ts";
import { forbidden, notFound } from "../errors.ts";
import { inScope, labScope, type LabScope } from "../policy/policy.ts";

/**
 * Reports fall under the "audit" area of SPEC §2: Administrators and Global Audit see every lab,
 * Managers and Local Audit their own labs, Technicians nothing.
 */
export function reportScope(ctx: ServiceContext): LabScope {
  const scope = labScope(ctx.principal, "audit", "view");
  if (scope !== "all" && scope.length === 0) throw forbidden("You do not have access to reports.");
  return scope;
}

/** A lab filter naming a lab outside the user's scope answers as if the lab did not exist. */
export function checkLabFilter(scope: LabScope, labId: number | undefined): void {
  if (labId !== undefined && !inScope(scope, labId)) throw notFound("Lab");
}

export const FILTERS_INVALID = "Some report filters are invalid.";

/** SQL condition restricting `column` (a lab id) to the scope and the optional lab filter. */
export function labCondition(column: Prisma.Sql, scope: LabScope, labId: number | undefined): Prisma.Sql {
  if (labId !== undefined) return Prisma.sql`${column} = ${labId}`;
  if (scope === "all") return Prisma.sql`TRUE`;
  return Prisma.sql`${column} = ANY(${[...scope]}::int[])`;
}
