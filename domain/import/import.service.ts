import { createHash } from "node:crypto";
import { requireSomeLab } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { generateCurrentPeriod } from "../generator/generator.ts";
import { applyPlan, type ImportCounts } from "./apply.ts";
import { checkFile } from "./check.ts";
import type { Problem } from "./plan.ts";
import { readFile, type RawFile } from "./read.ts";
import { templateWorkbook } from "./workbook.ts";

export { exportSheetCsv, exportWorkbook } from "./export.ts";

export interface ImportReport {
  dryRun: boolean;
  sha256: string;
  rows: { models: number; tasks: number; equipment: number; history: number };
  problems: Problem[];
  counts: ImportCounts | null;
}

/** Importing is for those who manage equipment (Managers, Administrators); checked before the file is read. */
function requireImportRight(ctx: ServiceContext): void {
  requireSomeLab(ctx, "equipment", "create", "Importing needs the Manager role of a lab or the Administrator role.");
}

/**
 * The rights a file needs follow from the sheets it fills: checked before any row is looked at.
 * Model and task rows are checked row by row (an Administrator's right to add or change them;
 * unchanged rows of an exported workbook pass for a Manager).
 */
function authorize(ctx: ServiceContext, file: RawFile): void {
  const filled = (name: string) => file.sheets.some((s) => s.name === name && s.rows.length > 0);
  if (filled("Equipment")) requireSomeLab(ctx, "equipment", "create", "You cannot import equipment: that needs the Manager role of a lab.");
  if (filled("History")) requireSomeLab(ctx, "record", "complete", "You cannot import maintenance history: that needs the right to record completions.");
}

const TRANSACTION = { timeout: 300_000, maxWait: 30_000 };

/**
 * Imports a workbook or CSV (SPEC R-IMPORT): every row checked first; with problems, or on a dry
 * run, nothing is written and the problems are the answer. Otherwise one transaction writes it
 * all, with one `data.imported` audit event carrying the counts and the file's SHA-256, plus a
 * before/after event for each existing row the file changed. Importing the same file again
 * changes nothing.
 */
export async function importFile(ctx: ServiceContext, upload: Buffer | (() => Buffer), options: { dryRun: boolean; fileName?: string }): Promise<ImportReport> {
  requireImportRight(ctx);
  const body = typeof upload === "function" ? upload() : upload;
  const file = await readFile(body);
  authorize(ctx, file);
  const sha256 = createHash("sha256").update(body).digest("hex");
  const summary = (plan: { models: unknown[]; tasks: unknown[]; equipment: unknown[]; history: unknown[] }) => ({ models: plan.models.length, tasks: plan.tasks.length, equipment: plan.equipment.length, history: plan.history.length });
  const dry = await checkFile(ctx, ctx.db, file);
  if (options.dryRun || dry.problems.length > 0) {
    return { dryRun: options.dryRun, sha256, rows: summary(dry), problems: dry.problems, counts: null };
  }
  const now = ctx.clock.now();
  const outcome = await ctx.db.$transaction(async (tx) => {
    // Checked again inside the transaction: the database may have changed since the dry run.
    const plan = await checkFile(ctx, tx, file);
    if (plan.problems.length > 0) return { plan, counts: null };
    const { counts, audits } = await applyPlan(tx, plan, now);
    await writeAudit(tx, ctx.actor, now, [
      ...audits,
      { action: "data.imported", entityId: sha256.slice(0, 16), after: { sha256, fileName: options.fileName ?? null, rows: summary(plan), ...counts } },
    ]);
    return { plan, counts };
  }, TRANSACTION);
  if (!outcome.counts) throw new AppError("validation_failed", "The file no longer fits the data in Labkeep; run the dry run again.", { problems: outcome.plan.problems });
  const labIds = [...new Set(outcome.plan.equipment.map((e) => e.labId))];
  if (labIds.length > 0) {
    await generateCurrentPeriod(ctx.db, ctx.clock, { labIds }).catch((error: Error) => {
      process.emitWarning(`On-demand record generation after an import failed; the scheduled run will catch up: ${error.message}`, "LabkeepGeneration");
    });
  }
  return { dryRun: false, sha256, rows: summary(outcome.plan), problems: [], counts: outcome.counts };
}

/** The downloadable template, for those who may import. */
export function importTemplate(ctx: ServiceContext): Promise<Buffer> {
  requireImportRight(ctx);
  return templateWorkbook(ctx.clock.now());
}
