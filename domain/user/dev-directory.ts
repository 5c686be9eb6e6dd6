import type { DbOrTx } from "../db/client.ts";

/**
 * The development sign-in's stand-in for Entra group membership: demo users' groups are rows of
 * DevDirectoryMembership, read here in the same shape Graph's transitiveMemberOf returns, so the
 * same group-mapping code runs without a tenant.
 */
export async function devGroupsOf(db: DbOrTx, aadObjectId: string): Promise<{ id: string; displayName: string }[]> {
  const rows = await db.devDirectoryMembership.findMany({ where: { aadObjectId }, orderBy: { groupId: "asc" } });
  return rows.map((row) => ({ id: row.groupId, displayName: row.groupName }));
}
