/**
 * Printable calibration status labels (issue 12 §3): a PDF sheet, 10 labels per A4 or US Letter
 * page (2 × 5), each with the asset tag, the calibration status, the next due date and a QR code
 * encoding the tab deep link that opens the instrument. The door passes `link` (the deep link is
 * Teams configuration, not domain knowledge). The QR is embedded as a PNG so any viewer prints
 * it crisp and a test can decode the very image in the PDF.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { z } from "zod";
import { requireItemRight } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { MAX_ID, parseInput } from "../input.ts";
import { calendarDay } from "../time/format.ts";
import { isoDateOf } from "./interval.ts";
import { CALIBRATION_STATUS_TEXT, calibrationStatus, type CalibrationStatus } from "./status.ts";

export const PAPER = { A4: [595.28, 841.89], LETTER: [612, 792] } as const;
export const LABELS_PER_PAGE = { columns: 2, rows: 5 } as const;
const MARGIN = 28;

export const LabelsQuery = z.object({
  ids: z
    .string({ error: "A comma-separated list of equipment ids." })
    .regex(/^\d+(,\d+)*$/, "A comma-separated list of equipment ids.")
    .transform((s) => [...new Set(s.split(",").map(Number))])
    .refine((ids) => ids.every((id) => id > 0 && id <= MAX_ID), "Must be positive integer ids.")
    .refine((ids) => ids.length <= 200, "At most 200 labels at once."),
  paper: z.enum(["A4", "LETTER"]).default("A4"),
});
export type LabelsQuery = z.input<typeof LabelsQuery>;

export interface LabelData {
  equipmentId: number;
  assetTag: string;
  description: string;
  labCode: string;
  status: CalibrationStatus | null;
  nextDueOn: string | null;
  link: string;
}

/** What each label says, in the order asked for; every instrument must be visible to the reader. */
export async function labelData(ctx: ServiceContext, query: LabelsQuery, link: (equipmentId: number) => string): Promise<{ paper: "A4" | "LETTER"; labels: LabelData[] }> {
  const q = parseInput(LabelsQuery, query);
  const rows = await ctx.db.equipment.findMany({
    where: { id: { in: q.ids } },
    select: { id: true, assetTag: true, labId: true, lab: { select: { code: true, timeZone: true } }, model: { select: { manufacturer: true, name: true } }, calibrationPlan: true },
  });
  const now = ctx.clock.now();
  const labels = q.ids.map((id) => {
    const e = rows.find((r) => r.id === id);
    if (!e) throw notFound("Equipment");
    requireItemRight(ctx, "calibration", "view", e.labId, "Equipment");
    const plan = e.calibrationPlan ? { ...e.calibrationPlan, nextDueOn: isoDateOf(e.calibrationPlan.nextDueOn) } : null;
    return {
      equipmentId: e.id,
      assetTag: e.assetTag,
      description: `${e.model.manufacturer} ${e.model.name}`,
      labCode: e.lab.code,
      status: calibrationStatus(plan, now, e.lab.timeZone),
      nextDueOn: plan?.active ? plan.nextDueOn : null,
      link: link(e.id),
    };
  });
  return { paper: q.paper, labels };
}

/** Text the standard PDF fonts can draw (WinAnsi): anything else becomes "?". */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, "?");
}

function fit(font: PDFFont, text: string, size: number, width: number): string {
  let t = printable(text);
  while (t.length > 1 && font.widthOfTextAtSize(t, size) > width) t = `${t.slice(0, -2)}.`;
  return t;
}

async function drawLabel(doc: PDFDocument, page: PDFPage, fonts: { bold: PDFFont; regular: PDFFont }, label: LabelData, x: number, y: number, w: number, h: number) {
  page.drawRectangle({ x, y, width: w, height: h, borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.5 });
  const png = await QRCode.toBuffer(label.link, { errorCorrectionLevel: "M", margin: 2, scale: 4 });
  const image = await doc.embedPng(png);
  const side = h - 16;
  page.drawImage(image, { x: x + 8, y: y + 8, width: side, height: side });
  const tx = x + side + 16;
  const tw = w - side - 24;
  const status = label.status ? CALIBRATION_STATUS_TEXT[label.status] : "Not in calibration register";
  const alarm = label.status === "OVERDUE" || label.status === "OUT_OF_TOLERANCE";
  page.drawText(fit(fonts.bold, label.assetTag, 14, tw), { x: tx, y: y + h - 24, size: 14, font: fonts.bold });
  page.drawText(fit(fonts.regular, label.description, 8, tw), { x: tx, y: y + h - 38, size: 8, font: fonts.regular });
  page.drawText(fit(fonts.bold, `Calibration: ${status}`, 9, tw), { x: tx, y: y + h - 56, size: 9, font: fonts.bold, color: alarm ? rgb(0.7, 0, 0) : rgb(0, 0, 0) });
  page.drawText(fit(fonts.regular, `Next due: ${label.nextDueOn ? calendarDay(label.nextDueOn) : "-"}`, 9, tw), { x: tx, y: y + h - 70, size: 9, font: fonts.regular });
  page.drawText(fit(fonts.regular, `Lab ${label.labCode} - scan to open in Labkeep`, 7, tw), { x: tx, y: y + 10, size: 7, font: fonts.regular });
}

/** The label sheet as PDF bytes: labels left to right, top to bottom, a new page every 10. */
export async function labelSheetPdf(paper: "A4" | "LETTER", labels: readonly LabelData[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle("Labkeep calibration labels");
  doc.setCreator("Labkeep");
  const fonts = { bold: await doc.embedFont(StandardFonts.HelveticaBold), regular: await doc.embedFont(StandardFonts.Helvetica) };
  const [pw, ph] = PAPER[paper];
  const { columns, rows } = LABELS_PER_PAGE;
  const w = (pw - 2 * MARGIN) / columns;
  const h = (ph - 2 * MARGIN) / rows;
  let page: PDFPage | null = null;
  for (const [i, label] of labels.entries()) {
    const slot = i % (columns * rows);
    if (slot === 0) page = doc.addPage([pw, ph]);
    const col = slot % columns;
    const row = Math.floor(slot / columns);
    await drawLabel(doc, page!, fonts, label, MARGIN + col * w + 4, ph - MARGIN - (row + 1) * h + 4, w - 8, h - 8);
  }
  if (labels.length === 0) doc.addPage([pw, ph]);
  return Buffer.from(await doc.save());
}

/** The labels of `query` for the reader, as a PDF. */
export async function calibrationLabels(ctx: ServiceContext, query: LabelsQuery, link: (equipmentId: number) => string): Promise<{ body: Buffer; fileName: string }> {
  const { paper, labels } = await labelData(ctx, query, link);
  return { body: await labelSheetPdf(paper, labels), fileName: `labkeep-labels-${paper.toLowerCase()}.pdf` };
}
