import { IANAZone } from "luxon";
import { z } from "zod";

export const LabCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{2,10}$/, "2 to 10 upper-case letters or digits (it starts every record number).");

/** An IANA time zone name such as Europe/London; periods are computed in it. */
export const TimeZone = z
  .string()
  .trim()
  .refine((zone) => zone.includes("/") || zone === "UTC", "Use an IANA time zone name such as Europe/London.")
  .refine((zone) => IANAZone.isValidZone(zone), "Unknown IANA time zone.");

export const CreateLabInput = z.object({
  code: LabCode,
  name: z.string().trim().min(1, "A name is required.").max(200),
  timeZone: TimeZone,
  digestHour: z.number().int().min(0).max(23).default(7),
});
export type CreateLabInput = z.input<typeof CreateLabInput>;

export const UpdateLabInput = z
  .object({
    code: LabCode,
    name: z.string().trim().min(1).max(200),
    timeZone: TimeZone,
    digestHour: z.number().int().min(0).max(23),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateLabInput = z.input<typeof UpdateLabInput>;
