import type { Request, Response } from "restify";
import type { z } from "zod";
import type { ServiceContext } from "../../domain/context.ts";
import type { Db } from "../../domain/db/client.ts";
import { forbidden, notFound } from "../../domain/errors.ts";
import { parseId, validationFailed } from "../../domain/input.ts";
import { can, canTransfer, labScope, type Action, type Entity, type Principal } from "../../domain/policy/policy.ts";

/**
 * Where a lab-scoped route finds the lab its permission applies to:
 * - "query": `labId` in the query string, else any lab (the service narrows to the user's labs);
 * - "body": `labId` (or `primaryLabId`, for users) in the JSON body;
 * - "record" / "equipment": the lab of the record or equipment named by `:id` (`:equipmentId`);
 *   one the caller may not see answers 404, as if it did not exist;
 * - "param": the `:labId` path parameter;
 * - "transfer": both the equipment's lab and the body's `toLabId`;
 * - "any": the action held at any lab (models, users: the service applies the finer rules).
 */
export type LabSource = "query" | "body" | "record" | "equipment" | "param" | "transfer" | "any";

export type Access =
  | { kind: "public" }
  | { kind: "signedIn" }
  | { kind: "permission"; entity: Entity; action: Action; lab: LabSource };

export interface Call {
  req: Request;
  principal: Principal;
  ctx: ServiceContext;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export type Reply =
  | { status?: number; json: unknown }
  | { status?: number; file: { body: Buffer | string | AsyncIterable<string | Buffer>; contentType: string; filename: string } };

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  summary: string;
  access: Access;
  /** The zod schemas of the domain, for the OpenAPI document (validation happens in the service). */
  query?: z.ZodType;
  body?: z.ZodType;
  /** Answers a file (CSV / XLSX) instead of JSON. */
  produces?: string[];
  handler(call: Call): Promise<Reply>;
}

/** Path parameters are positive integers; anything else is a 404 without a query. */
export function idParam(params: Record<string, string>, name: string): number {
  const value = params[name];
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw notFound("That item");
  return Number(value);
}

function labFromQuery(call: Pick<Call, "query">): number | null {
  const raw = call.query.labId;
  if (raw === undefined || raw === "") return null;
  if (typeof raw !== "string" || !/^[1-9][0-9]{0,9}$/.test(raw)) throw validationFailed([{ field: "labId", message: "Must be a lab id." }]);
  return parseId(raw, "labId");
}

async function labOfRecord(db: Db, id: number): Promise<number | null> {
  return (await db.pmRecord.findUnique({ where: { id }, select: { labId: true } }))?.labId ?? null;
}

async function labOfEquipment(db: Db, id: number): Promise<number | null> {
  return (await db.equipment.findUnique({ where: { id }, select: { labId: true } }))?.labId ?? null;
}

/**
 * The permission check every route declares, from domain/policy/policy.ts. Runs before the
 * handler; the service checks again (R-AUTH-SRV) and applies the finer rules (R-AUTH-MGR).
 */
export async function authorize(route: Route, call: Call): Promise<void> {
  const access = route.access;
  if (access.kind !== "permission") return;
  const { principal, ctx } = call;
  const { entity, action } = access;
  const somewhere = () => {
    const scope = labScope(principal, entity, action);
    if (scope !== "all" && scope.length === 0) throw forbidden();
  };
  const at = (labId: number) => {
    if (!can(principal, entity, action, labId)) throw forbidden();
  };
  // Records and equipment of labs the user cannot see answer as if they did not exist.
  const visible = async (kind: "record" | "equipment", labId: number | null) => {
    if (labId === null || !can(principal, kind, "view", labId)) throw notFound(kind === "record" ? "The record" : "The equipment");
    return labId;
  };
  switch (access.lab) {
    case "any":
      return somewhere();
    case "query": {
      const labId = labFromQuery(call);
      if (labId === null) return somewhere();
      // A lab the user cannot see at all answers as the services do: as if it did not exist.
      if (!can(principal, "lab", "view", labId)) throw notFound("Lab");
      return at(labId);
    }
    case "param":
      return at(idParam(call.params, "labId"));
    case "body": {
      const body = call.body as { labId?: unknown; primaryLabId?: unknown } | null;
      const labId = body?.labId ?? body?.primaryLabId;
      return typeof labId === "number" && Number.isInteger(labId) ? at(labId) : somewhere();
    }
    case "record":
      return at(await visible("record", await labOfRecord(ctx.db, idParam(call.params, "id"))));
    case "equipment": {
      const id = idParam(call.params, call.params.equipmentId !== undefined ? "equipmentId" : "id");
      if (entity === "equipment") return at(await visible("equipment", await labOfEquipment(ctx.db, id)));
      // Equipment history in reports: needs the audit right at the equipment's lab.
      const labId = await labOfEquipment(ctx.db, id);
      if (labId === null || !can(principal, "equipment", "view", labId) && !can(principal, entity, action, labId)) throw notFound("The equipment");
      return at(labId);
    }
    case "transfer": {
      const from = await visible("equipment", await labOfEquipment(ctx.db, idParam(call.params, "id")));
      const to = (call.body as { toLabId?: unknown } | null)?.toLabId;
      if (typeof to === "number" && Number.isInteger(to)) {
        if (!canTransfer(principal, from, to)) throw forbidden();
        return;
      }
      return at(from);
    }
  }
}

export type { Response };
