import { changeEquipmentStatus, createEquipment, getEquipment, listEquipment, transferEquipment, updateEquipment } from "../../domain/equipment/equipment.service.ts";
import { ChangeEquipmentStatusInput, CreateEquipmentInput, ListEquipmentQuery, TransferEquipmentInput, UpdateEquipmentInput } from "../../domain/equipment/equipment.schemas.ts";
import { exportEquipmentList } from "../../domain/equipment/equipment.export.ts";
import { setResponsibility } from "../../domain/assignment/assignment.service.ts";
import { ResponsibilityInput } from "../../domain/assignment/assignment.schemas.ts";
import { idParam, type Route } from "./route.ts";

const FILE_TYPES = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];

export const equipmentRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/equipment",
    summary: "Equipment of a lab (obsolete hidden unless asked for)",
    access: { kind: "permission", entity: "equipment", action: "view" },
    query: ListEquipmentQuery,
    handler: async ({ ctx, query }) => ({ json: await listEquipment(ctx, query as never) }),
  },
  ...(["csv", "xlsx"] as const).map(
    (format): Route => ({
      method: "GET",
      path: `/api/equipment/export.${format}`,
      summary: `The equipment list as ${format.toUpperCase()} (the Equipment sheet of the import workbook); same filters as GET /api/equipment`,
      access: { kind: "permission", entity: "equipment", action: "view" },
      query: ListEquipmentQuery,
      produces: FILE_TYPES,
      handler: async ({ ctx, query }) => {
        const file = await exportEquipmentList(ctx, format, query as never);
        return { file: { body: file.body, contentType: file.contentType, filename: file.fileName } };
      },
    }),
  ),
  {
    method: "GET",
    path: "/api/equipment/:id",
    summary: "One piece of equipment with its history",
    access: { kind: "permission", entity: "equipment", action: "view" },
    handler: async ({ ctx, params }) => ({ json: await getEquipment(ctx, idParam(params, "id")) }),
  },
  {
    method: "POST",
    path: "/api/equipment",
    summary: "Add equipment",
    access: { kind: "permission", entity: "equipment", action: "create" },
    body: CreateEquipmentInput,
    handler: async ({ ctx, body }) => ({ status: 201, json: await createEquipment(ctx, body) }),
  },
  {
    method: "PATCH",
    path: "/api/equipment/:id",
    summary: "Edit equipment details",
    access: { kind: "permission", entity: "equipment", action: "edit" },
    body: UpdateEquipmentInput,
    handler: async ({ ctx, params, body }) => ({ json: await updateEquipment(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/equipment/:id/status",
    summary: "Change equipment status (with a reason)",
    access: { kind: "permission", entity: "equipment", action: "changeStatus" },
    body: ChangeEquipmentStatusInput,
    handler: async ({ ctx, params, body }) => ({ json: await changeEquipmentStatus(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "POST",
    path: "/api/equipment/:id/transfer",
    summary: "Transfer equipment to another lab (rights at both labs)",
    access: { kind: "permission", entity: "equipment", action: "transfer" },
    body: TransferEquipmentInput,
    handler: async ({ ctx, params, body }) => ({ json: await transferEquipment(ctx, idParam(params, "id"), body) }),
  },
  {
    method: "PUT",
    path: "/api/equipment/:id/responsibility",
    summary: "Set the instrument's responsible person and deputy (each must be able to complete its records)",
    access: { kind: "permission", entity: "equipment", action: "edit" },
    body: ResponsibilityInput,
    handler: async ({ ctx, params, body }) => ({ json: await setResponsibility(ctx, idParam(params, "id"), body) }),
  },
];
