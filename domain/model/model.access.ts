import { requireRight } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { parseId } from "../input.ts";
import type { Action } from "../policy/policy.ts";

/** Models are not lab-scoped: any role that may view models sees them all; only Administrators change them. */
export function assertModelRight(ctx: ServiceContext, action: Action): void {
  requireRight(ctx, "model", action, null, { message: action === "view" ? undefined : "Only an Administrator can change models and their tasks." });
}

export async function loadModel(ctx: ServiceContext, id: unknown, action: Action) {
  assertModelRight(ctx, action);
  const model = await ctx.db.equipmentModel.findUnique({ where: { id: parseId(id) } });
  if (!model) throw notFound("Model");
  return model;
}
