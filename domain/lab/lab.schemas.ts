import { IANAZone } from "luxon";
import { z } from "zod";

/** Stored upper-case, so "bos" and "BOS" are the same code. */
export const LabCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,10}$/, "2 to 10 letters or digits (it starts every record number).");

/** An IANA time zone name such as Europe/London; periods are computed in it. */
export const TimeZone = z
  .string()
  .trim()
  .refine((zone) => zone.includes("/") || zone === "UTC", "Use an IANA time zone name such as Europe/London.")
  .refine((zone) => IANAZone.isValidZone(zone), "Unknown IANA time zone.");

const Name = z.string().trim().min(1, "A name is required.").max(200);
const DigestHour = z.number().int("A whole hour from 0 to 23.").min(0, "A whole hour from 0 to 23.").max(23, "A whole hour from 0 to 23.");

/** R-REVIEW: completed records of the lab need a second person's review (a model may override). */
const ReviewRequired = z.boolean({ error: "Yes or no." });

/** R-QUAR: a failed check or out-of-tolerance calibration offers quarantine, or forces it. */
export const QuarantineOnFailure = z.enum(["OFFER", "FORCE"], { error: "OFFER or FORCE." });

/** Hours a record may stay overdue before the lab's managers are told in their activity feed; null: never. */
const EscalationHours = z.number().int("A whole number of hours.").min(1, "From 1 to 2160 hours (90 days).").max(2160, "From 1 to 2160 hours (90 days).").nullable();

export const CreateLabInput = z
  .object({ code: LabCode, name: Name, timeZone: TimeZone, digestHour: DigestHour.default(7), reviewRequired: ReviewRequired.default(false), quarantineOnFailure: QuarantineOnFailure.default("OFFER"), escalationHours: EscalationHours.default(null) })
  .strict();
export type CreateLabInput = z.input<typeof CreateLabInput>;

/** Deactivating is its own action (SetLabStatusInput), not an edit. */
export const UpdateLabInput = z.object({ code: LabCode, name: Name, timeZone: TimeZone, digestHour: DigestHour, reviewRequired: ReviewRequired, quarantineOnFailure: QuarantineOnFailure, escalationHours: EscalationHours }).partial().strict();
export type UpdateLabInput = z.input<typeof UpdateLabInput>;

export const SetLabStatusInput = z.object({ active: z.boolean() }).strict();
export type SetLabStatusInput = z.input<typeof SetLabStatusInput>;

/** Inactive labs are hidden from pickers and lists unless asked for. */
const booleanish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
export const ListLabsQuery = z.object({
  includeInactive: booleanish.default(false),
  /** Paged in SQL when given; without them every lab is one page (the lab picker). */
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});
export type ListLabsQuery = z.input<typeof ListLabsQuery>;
