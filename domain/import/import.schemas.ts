import { z } from "zod";

/** Query of `POST /api/import`: anything but a clear yes or no to the dry run is refused, never taken as "import". */
export const ImportQuery = z.object({
  dryRun: z.enum(["true", "false", "1", "0"], { message: "dryRun must be true or false." }).optional().transform((v) => v === "true" || v === "1"),
  // The body is the raw file, so its name (for the audit event) travels here.
  fileName: z.string().trim().max(255, { message: "fileName must be at most 255 characters." }).optional().transform((v) => v || undefined),
});
