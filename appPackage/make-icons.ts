/**
 * Draws the two Teams icons (a laboratory flask) as PNG files, with no image library:
 * `tsx appPackage/make-icons.ts`. The PNGs are committed; run this only to change them.
 *   color.png   192×192, full colour on an opaque background
 *   outline.png  32×32, white strokes on a transparent background (Teams' rule for outline icons)
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];
type Point = [number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG of `size`×`size`, each pixel from `paint(x, y)`. */
export function encodePng(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(paint(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function insidePolygon([x, y]: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage of pixel (x, y) by `hit`, sampled 4×4 for smooth edges. */
function coverage(x: number, y: number, hit: (p: Point) => boolean): number {
  let count = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (hit([x + (i + 0.5) / 4, y + (j + 0.5) / 4])) count++;
  return count / 16;
}

function blend(under: Rgba, over: Rgba, amount: number): Rgba {
  return [0, 1, 2, 3].map((k) => Math.round(under[k]! + (over[k]! - under[k]!) * amount)) as Rgba;
}

/** Flask outline on a 0..1 square: neck, shoulders, wide base. */
const FLASK: Point[] = [
  [0.4, 0.2], [0.6, 0.2], [0.6, 0.27], [0.57, 0.27], [0.57, 0.47], [0.77, 0.8],
  [0.77, 0.84], [0.23, 0.84], [0.23, 0.8], [0.43, 0.47], [0.43, 0.27], [0.4, 0.27],
];
const LIQUID: Point[] = [[0.35, 0.62], [0.65, 0.62], [0.73, 0.79], [0.27, 0.79]];

const BLUE: Rgba = [15, 108, 189, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [108, 203, 95, 255];

export function colorIcon(): Buffer {
  const size = 192;
  const scaled = (polygon: Point[]) => polygon.map(([x, y]) => [x * size, y * size] as Point);
  const flask = scaled(FLASK);
  const liquid = scaled(LIQUID);
  return encodePng(size, (x, y) => {
    let pixel = blend(BLUE, WHITE, coverage(x, y, (p) => insidePolygon(p, flask)));
    pixel = blend(pixel, GREEN, coverage(x, y, (p) => insidePolygon(p, liquid)));
    return pixel;
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  const flask = FLASK.map(([x, y]) => [x * size, y * size] as Point);
  const segments: [Point, Point][] = flask.map((point, i) => [point, flask[(i + 1) % flask.length]!]);
  segments.push([[0.36 * size, 0.64 * size], [0.64 * size, 0.64 * size]]);
  const onStroke = (p: Point) => segments.some(([a, b]) => distanceToSegment(p, a, b) <= 1);
  return encodePng(size, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, onStroke))]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const here = new URL(".", import.meta.url);
  writeFileSync(new URL("color.png", here), colorIcon());
  writeFileSync(new URL("outline.png", here), outlineIcon());
}
