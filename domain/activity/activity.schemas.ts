import { z } from "zod";
import { TimeZone } from "../lab/lab.schemas.ts";
import { ACTIVITY_TYPE_NAMES } from "./activity.types.ts";
import { CLOCK_TIME } from "./quiet-hours.ts";

const ClockTime = z.string().regex(CLOCK_TIME, "A time as HH:MM (24-hour).");

/**
 * A person's activity-feed choices: the types they want, optional quiet hours, and the zone those
 * are read in (null: their primary lab's; left out: unchanged).
 */
export const NotificationSettingsInput = z
  .object({
    enabledTypes: z.array(z.enum(ACTIVITY_TYPE_NAMES as [string, ...string[]], { error: "Unknown notification type." })).max(ACTIVITY_TYPE_NAMES.length),
    quietHours: z
      .object({ start: ClockTime, end: ClockTime })
      .strict()
      .refine((q) => q.start !== q.end, { message: "Quiet hours must start and end at different times.", path: ["end"] })
      .nullable(),
    timeZone: TimeZone.nullable().optional(),
  })
  .strict();
export type NotificationSettingsInput = z.input<typeof NotificationSettingsInput>;
