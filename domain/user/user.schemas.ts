import { z } from "zod";
import { ReasonInput } from "../audit/regulated.ts";
import { dbId, queryId } from "../input.ts";

export const RoleSchema = z.enum(["ADMINISTRATOR", "GLOBAL_AUDIT", "MANAGER", "LOCAL_AUDIT", "TECHNICIAN"]);
export const UserStatusSchema = z.enum(["ACTIVE", "DISABLED"]);

const booleanish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const upn = z.string().trim().toLowerCase().regex(/^[^\s@]+@[^\s@]+$/, "A user principal name looks like name@domain.");

/** Query of `GET /api/users`. */
export const ListUsersQuery = z.object({
  includeDisabled: booleanish.default(false),
  labId: queryId().optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(["name", "upn"]).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  /** Paged in SQL when given; without them the whole list is one page. */
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});
export type ListUsersQuery = z.input<typeof ListUsersQuery>;

/** Body of `POST /api/users`: an Entra user added with a primary lab and a first role there. */
export const CreateUserInput = z.object({
  aadObjectId: z.string().trim().min(1).max(64),
  upn,
  displayName: z.string().trim().min(1, "A display name is required.").max(200),
  email: z.string().trim().max(320).nullable().optional(),
  primaryLabId: dbId(),
  role: RoleSchema,
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const UpdateUserInput = z
  .object({
    upn,
    displayName: z.string().trim().min(1).max(200),
    email: z.string().trim().max(320).nullable(),
    primaryLabId: dbId(),
  })
  .partial()
  .strict();
export type UpdateUserInput = z.input<typeof UpdateUserInput>;

export const ChangeUserStatusInput = z.object({ status: UserStatusSchema });
export type ChangeUserStatusInput = z.input<typeof ChangeUserStatusInput>;

/** Body of `PUT /api/users/:id/access/:labId`. */
export const GrantAccessInput = z.object({ role: RoleSchema, reason: ReasonInput });

/** Body of `DELETE /api/users/:id/access/:labId` (optional: `reason` is required while access is regulated). */
export const RevokeAccessInput = z.object({ reason: ReasonInput });
export type GrantAccessInput = z.input<typeof GrantAccessInput>;

/** Who signed in, as the identity layer learnt it from the token or the bot activity. */
export const SignInIdentity = z.object({
  aadObjectId: z.string().min(1),
  upn: z.string().min(1),
  displayName: z.string().min(1),
  email: z.string().nullable().optional(),
  primaryLabId: dbId().nullable().optional(),
});
export type SignInIdentity = z.input<typeof SignInIdentity>;
