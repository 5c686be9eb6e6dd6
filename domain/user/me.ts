import { REGULATED_CATALOGUE, regulatedFieldsOf, type RegulatedEntity } from "../audit/regulated.ts";
import type { ServiceContext } from "../context.ts";
import { listLabs } from "../lab/lab.service.ts";
import { capabilities, GLOBAL_ROLES, globalRoles, rolesAt } from "../policy/policy.ts";

/**
 * The signed-in user as the tab starts from: identity, the labs they may see with their roles
 * there, their global roles, the lab to show first and what they may do.
 */
export async function describeMe(ctx: ServiceContext, upn: string | null) {
  const { principal } = ctx;
  const labs = (await listLabs(ctx)).items;
  const labIds = labs.map((lab) => lab.id);
  const firstLab = (id: number | null) => (id !== null && labIds.includes(id) ? id : null);
  return {
    user: {
      id: principal.userId,
      aadObjectId: principal.aadObjectId,
      upn,
      displayName: principal.displayName,
      status: principal.status,
      primaryLabId: principal.primaryLabId,
    },
    labs: labs.map((lab) => ({ id: lab.id, code: lab.code, name: lab.name, timeZone: lab.timeZone, roles: rolesAt(principal, lab.id).filter((role) => !GLOBAL_ROLES.includes(role)) })),
    globalRoles: globalRoles(principal),
    currentLabId: firstLab(ctx.currentLabId) ?? firstLab(principal.primaryLabId) ?? labIds[0] ?? null,
    capabilities: capabilities(principal, labIds),
    /** Which fields need a reason for change when edited, so the tab asks for one only then (the server decides). */
    regulatedFields: Object.fromEntries((Object.keys(REGULATED_CATALOGUE) as RegulatedEntity[]).map((entity) => [entity, regulatedFieldsOf(entity)])) as Record<RegulatedEntity, string[]>,
  };
}

export type MeView = Awaited<ReturnType<typeof describeMe>>;
