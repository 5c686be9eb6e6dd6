/**
 * The one visibility guard every service and bot action uses. It applies the policy of
 * domain/policy/policy.ts to a lab:
 * - a lab the principal cannot see at all answers as if it did not exist (404, `what` not found);
 * - a lab it can see, without the right asked for, is forbidden (403).
 * Lists narrow to `requireScope` (as the API answers) or `labsFor` (nothing to show is not an error).
 */
import type { ServiceContext } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { can, inScope, labScope, visibleLabs, type Action, type Entity, type LabScope } from "../policy/policy.ts";

/** Throws not found unless the principal can see `labId`. */
export function requireVisible(ctx: Pick<ServiceContext, "principal">, labId: number, what = "Lab"): void {
  if (!inScope(visibleLabs(ctx.principal), labId)) throw notFound(what);
}

/**
 * Throws unless the principal may do `action` on `entity` at `labId` (or, with no lab, anywhere:
 * models are not lab-scoped). A lab it cannot see is not found; a lab it sees without the right
 * is forbidden.
 */
export function requireRight(ctx: Pick<ServiceContext, "principal">, entity: Entity, action: Action, labId?: number | null, options: { what?: string; message?: string } = {}): void {
  if (labId !== undefined && labId !== null) requireVisible(ctx, labId, options.what ?? "Lab");
  if (!can(ctx.principal, entity, action, labId)) throw forbidden(options.message);
}

/**
 * Like `requireRight`, for an item (record, equipment) whose lab decides: an item of a lab where
 * the principal may not even view `entity` answers as if it did not exist.
 */
export function requireItemRight(ctx: Pick<ServiceContext, "principal">, entity: Entity, action: Action, labId: number, what: string): void {
  if (!inScope(labScope(ctx.principal, entity, "view"), labId)) throw notFound(what);
  if (action !== "view" && !can(ctx.principal, entity, action, labId)) throw forbidden();
}

/**
 * The labs a list may read: the requested lab (which must be visible and in scope, else not
 * found), or every lab where the principal holds the right ("all" for global roles). An empty
 * array means nothing to show.
 */
export function labsFor(ctx: Pick<ServiceContext, "principal">, entity: Entity, action: Action, requestedLabId?: number | null): LabScope {
  const scope = labScope(ctx.principal, entity, action);
  if (requestedLabId === undefined || requestedLabId === null) return scope;
  if (!inScope(visibleLabs(ctx.principal), requestedLabId) || !inScope(scope, requestedLabId)) throw notFound("Lab");
  return [requestedLabId];
}

/** Like `labsFor` without a requested lab, but an empty scope is forbidden (pages a role has no access to). */
export function requireSomeLab(ctx: Pick<ServiceContext, "principal">, entity: Entity, action: Action, message?: string): LabScope {
  const scope = labScope(ctx.principal, entity, action);
  if (scope !== "all" && scope.length === 0) throw forbidden(message);
  return scope;
}

/**
 * The labs a list or report may read, as the API answers: a requested lab the principal cannot
 * see is not found, one it sees without the right is forbidden; with no lab requested, every
 * lab where it holds the right, and none at all is forbidden.
 */
export function requireScope(ctx: Pick<ServiceContext, "principal">, entity: Entity, action: Action, requestedLabId?: number | null, message?: string): LabScope {
  if (requestedLabId === undefined || requestedLabId === null) return requireSomeLab(ctx, entity, action, message);
  requireRight(ctx, entity, action, requestedLabId, { message });
  return [requestedLabId];
}

/**
 * The lab id an unvalidated body names in `field`, if it is one: services authorize before they
 * validate (a caller without the right learns nothing about the body's shape), and a body's lab
 * decides which right applies.
 */
export function labIdIn(input: unknown, field: string): number | undefined {
  const value = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[field] : undefined;
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export { inScope, type LabScope };
