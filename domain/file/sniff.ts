/**
 * The type of an uploaded file, decided by its bytes (magic numbers), never by its name or the
 * type the client claims (R-FILE). Only an allow-list is accepted: PDF, PNG, JPEG, WebP, HEIC/HEIF
 * and plain UTF-8 text or CSV. Markup (HTML, SVG, XML), scripts and executables are refused even
 * when named `.pdf` or `.txt`, because a browser or a desktop could render or run them.
 */

export interface FileType {
  contentType: string;
  /** Extensions the download name may end with; the first is added when the name has none of them. */
  extensions: readonly string[];
  /** Safe to show inline in the browser (raster images only: PDF viewers and text stay downloads). */
  inline: boolean;
}

const PDF: FileType = { contentType: "application/pdf", extensions: ["pdf"], inline: false };
const PNG: FileType = { contentType: "image/png", extensions: ["png"], inline: true };
const JPEG: FileType = { contentType: "image/jpeg", extensions: ["jpg", "jpeg"], inline: true };
const WEBP: FileType = { contentType: "image/webp", extensions: ["webp"], inline: true };
const HEIC: FileType = { contentType: "image/heic", extensions: ["heic"], inline: false };
const HEIF: FileType = { contentType: "image/heif", extensions: ["heif", "heic"], inline: false };
const TEXT: FileType = { contentType: "text/plain", extensions: ["txt", "log"], inline: false };
const CSV: FileType = { contentType: "text/csv", extensions: ["csv"], inline: false };

export const ALLOWED_TYPES: readonly FileType[] = [PDF, PNG, JPEG, WEBP, HEIC, HEIF, TEXT, CSV];

/** What the allow-list says in words, for error messages and the docs. */
export const ALLOWED_DESCRIPTION = "PDF, PNG, JPEG, WebP, HEIC, plain text or CSV";

const startsWith = (bytes: Buffer, signature: readonly number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
const ascii = (bytes: Buffer, from: number, to: number) => bytes.subarray(from, to).toString("latin1");

/** ISO base media brands of HEIC (HEVC-coded) and of HEIF in general. */
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis"]);
const HEIF_BRANDS = new Set(["mif1", "msf1"]);

/** Markup a browser would render, or a script header, anywhere in a text file. */
const MARKUP = /<\s*(?:!doctype|html|head|body|script|svg|iframe|frame|object|embed|meta|link|style|img|a\s|form|math|xml|\?xml|!\[CDATA)|^\s*#!|javascript:/im;
// eslint-disable-next-line no-control-regex -- control characters are exactly what text files must not hold
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** Plain UTF-8 text with no NUL or control characters, and no markup. */
function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !CONTROL.test(text) && !MARKUP.test(text);
}

/** The allowed type of `bytes`, or null if they are none of them. `name` only tells CSV from plain text. */
export function sniffType(bytes: Buffer, name: string): FileType | null {
  if (bytes.length === 0) return null;
  if (ascii(bytes, 0, 5) === "%PDF-") return PDF;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return WEBP;
  if (ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    if (HEIC_BRANDS.has(brand)) return HEIC;
    if (HEIF_BRANDS.has(brand)) return HEIF;
    return null;
  }
  if (isPlainText(bytes)) return /\.csv$/i.test(name.trim()) ? CSV : TEXT;
  return null;
}
