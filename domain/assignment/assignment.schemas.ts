import { z } from "zod";
import { dbId } from "../input.ts";

const userId = dbId().nullable();

/** PUT /api/records/:id/assignee — null clears the assignment (the instrument's responsible person answers again). */
export const AssignRecordInput = z.object({ assigneeId: userId }).strict();
export type AssignRecordInput = z.infer<typeof AssignRecordInput>;

/** PUT /api/equipment/:id/responsibility — both fields are set each time; null leaves nobody. */
export const ResponsibilityInput = z
  .object({ responsibleId: userId, deputyId: userId })
  .strict()
  .refine((v) => v.responsibleId === null || v.responsibleId !== v.deputyId, { path: ["deputyId"], message: "The deputy must be someone other than the responsible person." });
export type ResponsibilityInput = z.infer<typeof ResponsibilityInput>;
