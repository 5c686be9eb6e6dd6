import type { ServiceContext } from "../context.ts";
import { badRequest } from "../errors.ts";
import { SHEETS } from "../import/format.ts";
import { CONTENT_TYPES, tableToCsv, tablesToXlsx, type ReportFile } from "../report/export.ts";
import type { Table } from "../report/tables.ts";
import type { ListEquipmentQuery } from "./equipment.schemas.ts";
import { listEquipment, type EquipmentView } from "./equipment.service.ts";

const PAGE = 200;

/**
 * The Equipment page's list as CSV or XLSX: the same filters and the same scope as
 * `listEquipment` (it is called page by page, so the file can never show more than the page
 * would), laid out as the import workbook's Equipment sheet so the file can be imported again.
 */
export async function exportEquipmentList(ctx: ServiceContext, format: string, filters: ListEquipmentQuery): Promise<ReportFile> {
  if (format !== "csv" && format !== "xlsx") throw badRequest(`Unknown export format "${format}": use csv or xlsx.`);
  const items: EquipmentView[] = [];
  for (let page = 1; ; page++) {
    const answer = await listEquipment(ctx, { ...filters, sort: "assetTag", page, pageSize: PAGE });
    items.push(...answer.items);
    if (answer.items.length < PAGE || items.length >= answer.total) break;
  }
  const table: Table = {
    name: "Equipment",
    columns: SHEETS.Equipment.map((c) => ({ header: c.header, width: c.width })),
    rows: items.map((e) => [e.assetTag, e.serialNumber, e.model.manufacturer, e.model.name, e.lab.code, e.location, e.status, e.commissionedOn, e.notes]),
  };
  const body = format === "csv" ? tableToCsv(table) : await tablesToXlsx([table], "Equipment", ctx.clock.now());
  return { fileName: `labkeep-equipment-${ctx.clock.now().toISOString().slice(0, 10)}.${format}`, contentType: CONTENT_TYPES[format], body };
}
