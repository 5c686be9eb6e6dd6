import { PDFDocument, StandardFonts } from "pdf-lib";

export interface CertificateContent {
  certificateNumber: string;
  provider: string;
  assetTag: string;
  instrument: string;
  calibratedOn: string;
  points: { name: string; unit: string; nominal: number; tolerance: number; asFound: number | null; asLeft: number | null }[];
}

/**
 * A one-page calibration certificate as a provider would send it, for the demo data's
 * attachments (R-FILE). The creation date is fixed so the same demo gives the same bytes.
 */
export async function certificatePdf(c: CertificateContent): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Calibration certificate ${c.certificateNumber}`);
  doc.setProducer(c.provider);
  doc.setCreationDate(new Date(`${c.calibratedOn}T12:00:00Z`));
  doc.setModificationDate(new Date(`${c.calibratedOn}T12:00:00Z`));
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 780;
  const line = (text: string, size = 11, f = font) => {
    page.drawText(text, { x: 56, y, size, font: f });
    y -= size + 8;
  };
  line("Certificate of Calibration", 20, bold);
  line(`Certificate number: ${c.certificateNumber}`);
  line(`Issued by: ${c.provider}`);
  line(`Instrument: ${c.assetTag} (${c.instrument})`);
  line(`Date of calibration: ${c.calibratedOn}`);
  y -= 10;
  line("Point / nominal / tolerance / as found / as left", 11, bold);
  for (const p of c.points) {
    const v = (n: number | null) => (n === null ? "-" : `${n} ${p.unit}`);
    line(`${p.name}: ${p.nominal} ${p.unit} +/- ${p.tolerance} ${p.unit} / ${v(p.asFound)} / ${v(p.asLeft)}`);
  }
  y -= 10;
  line("Traceable to national standards (ISO/IEC 17025 accredited laboratory).", 9);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
