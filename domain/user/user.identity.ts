import { writeAudit } from "../audit/audit.service.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { AuditSource } from "../db/generated/enums.ts";
import type { Prisma, User } from "../db/generated/client.ts";
import { isUniqueViolation, parseInput } from "../input.ts";
import { ROLES, type Grant, type Principal } from "../policy/policy.ts";
import { SignInIdentity } from "./user.schemas.ts";
import { userValues } from "./user.target.ts";

export function findUserByAadObjectId(db: Db, aadObjectId: string): Promise<User | null> {
  return db.user.findUnique({ where: { aadObjectId } });
}

/** What a principal is made of: the user row's identity, status and stored directory grants. */
export type PrincipalUser = Pick<User, "id" | "aadObjectId" | "displayName" | "status" | "primaryLabId" | "directoryGrants">;

/**
 * The signed-in user and their in-app grants in one round trip: every API call and bot action
 * resolves its principal, so this is on the hot path.
 */
export async function findSignedInUser(db: Db, aadObjectId: string): Promise<{ user: PrincipalUser; inApp: Grant[] } | null> {
  const rows = await db.$queryRaw<(PrincipalUser & { inApp: Grant[] })[]>`
    SELECT u.id, u.aad_object_id AS "aadObjectId", u.display_name AS "displayName", u.status::text AS status,
           u.primary_lab_id AS "primaryLabId", u.directory_grants AS "directoryGrants",
           COALESCE((SELECT json_agg(json_build_object('labId', a.lab_id, 'role', a.role::text)) FROM lab_access a WHERE a.user_id = u.id), '[]'::json) AS "inApp"
    FROM app_user u WHERE u.aad_object_id = ${aadObjectId}`;
  const row = rows[0];
  if (!row) return null;
  const { inApp, ...user } = row;
  return { user, inApp: grantsOf(inApp) };
}

/**
 * First sign-in of someone Entra maps to a lab: creates the user (audited as user.registered,
 * by that user). Two first requests at once are fine: the loser reads the winner's row.
 */
export async function registerUser(db: Db, clock: Clock, identity: SignInIdentity, source: AuditSource): Promise<User> {
  const who = parseInput(SignInIdentity, identity);
  const now = clock.now();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { aadObjectId: who.aadObjectId, upn: who.upn.toLowerCase(), displayName: who.displayName, email: who.email ?? null, primaryLabId: who.primaryLabId ?? null },
      });
      await writeAudit(tx, { userId: user.id, name: user.displayName, source }, now, {
        action: "user.registered",
        entityId: user.id,
        labId: user.primaryLabId,
        after: { aadObjectId: user.aadObjectId, ...userValues(user) },
      });
      return user;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await findUserByAadObjectId(db, who.aadObjectId);
    if (!existing) throw error;
    return existing;
  }
}

/**
 * Effective access: Entra group grants (passed in) united with the user's in-app grants. The
 * group grants are kept on the user row when they change, so that other users' rules (who may
 * see or disable whom, R-AUTH-MGR) know a group-made Administrator or Global Audit as such.
 */
export async function loadPrincipal(db: Db, user: PrincipalUser, groupGrants: readonly Grant[], inAppGrants?: readonly Grant[]): Promise<Principal> {
  const directoryGrants = normaliseGrants(groupGrants);
  if (JSON.stringify(directoryGrants) !== JSON.stringify(normaliseGrants(grantsOf(user.directoryGrants)))) {
    await db.user.update({ where: { id: user.id }, data: { directoryGrants: directoryGrants as unknown as Prisma.InputJsonValue } });
  }
  const inApp = inAppGrants ?? (await db.labAccess.findMany({ where: { userId: user.id }, select: { labId: true, role: true } }));
  const seen = new Set<string>();
  const grants: Grant[] = [];
  for (const grant of [...groupGrants, ...inApp]) {
    const key = `${grant.labId ?? "*"}:${grant.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    grants.push({ labId: grant.labId, role: grant.role });
  }
  return { userId: user.id, aadObjectId: user.aadObjectId, displayName: user.displayName, status: user.status, primaryLabId: user.primaryLabId, grants };
}

/** Grants stored as JSON on the user row; anything malformed is ignored. */
export function grantsOf(value: unknown): Grant[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (g): g is Grant =>
      typeof g === "object" && g !== null && (ROLES as readonly string[]).includes((g as Grant).role) && ((g as Grant).labId === null || Number.isInteger((g as Grant).labId)),
  );
}

function normaliseGrants(grants: readonly Grant[]): Grant[] {
  return [...grants].map((g) => ({ labId: g.labId, role: g.role })).sort((a, b) => (a.labId ?? -1) - (b.labId ?? -1) || a.role.localeCompare(b.role));
}
