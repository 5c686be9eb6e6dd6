import type { ServiceContext } from "../context.ts";
import { generateCurrentPeriod } from "../generator/generator.ts";

/**
 * R-GEN "reacts to change": after a commit that makes equipment eligible (new equipment, back to
 * Active, a lab reactivated, a model gaining a frequency or a task), generate the current period at once. It runs
 * after the change's own transaction: the change stands even if generation fails, and the
 * scheduled run creates what is missing, so a failure here is reported as a warning only.
 */
export async function afterEligibilityChange(ctx: ServiceContext, scope: { equipmentIds?: number[]; modelIds?: number[]; labIds?: number[] }): Promise<void> {
  try {
    await generateCurrentPeriod(ctx.db, ctx.clock, scope);
  } catch (error) {
    process.emitWarning(`On-demand record generation failed; the scheduled run will catch up: ${(error as Error).message}`, "LabkeepGeneration");
  }
}
