import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeFileName } from "./filename.ts";
import { sniffType } from "./sniff.ts";

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const type = (b: Buffer, name = "file") => sniffType(b, name)?.contentType ?? null;

describe("sniffType (R-FILE: the bytes decide)", () => {
  it("recognises the allowed types by their magic numbers, whatever the name says", () => {
    assert.equal(type(bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "photo.png"), "application/pdf");
    assert.equal(type(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "manual.pdf"), "image/png");
    assert.equal(type(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "x.txt"), "image/jpeg");
    assert.equal(type(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ")), "image/webp");
    assert.equal(type(bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0], "mif1heic")), "image/heic");
    assert.equal(type(bytes([0, 0, 0, 0x18], "ftypmif1", [0, 0, 0, 0], "mif1")), "image/heif");
    assert.equal(type(Buffer.from("Door seal replaced.\r\nTemperature 4.1 °C\tOK\n"), "note.txt"), "text/plain");
    assert.equal(type(Buffer.from("tag;reading\nBOS-INC-001;5.0\n"), "Readings.CSV"), "text/csv");
  });

  it("refuses markup, scripts, executables, archives and unknown bytes, even named .pdf or .txt", () => {
    const refused: [string, Buffer][] = [
      ["html named .pdf", Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")],
      ["html after text", Buffer.from("Certificate\n\n<script src=//evil></script>")],
      ["svg named .png", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ["xml", Buffer.from('<?xml version="1.0"?><x/>')],
      ["iframe in a csv", Buffer.from("a,b\n1,<iframe src=x>\n")],
      ["shell script", Buffer.from("#!/bin/sh\nrm -rf /\n")],
      ["windows executable", bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0])],
      ["elf executable", bytes([0x7f], "ELF", [2, 1, 1, 0])],
      ["zip (docx, jar)", bytes("PK", [3, 4, 20, 0, 6, 0])],
      ["mp4 (ftyp, not HEIF)", bytes([0, 0, 0, 0x18], "ftypisom")],
      ["NUL in text", Buffer.from("abc\u0000def")],
      ["invalid UTF-8", bytes("abc", [0xc3, 0x28])],
      ["empty", Buffer.alloc(0)],
    ];
    for (const [what, content] of refused) assert.equal(type(content, "certificate.pdf"), null, what);
  });
});

describe("safeFileName", () => {
  const png = sniffType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "x")!;
  const text = sniffType(Buffer.from("hello"), "x")!;
  it("keeps the last path segment, drops NUL, controls and bidi overrides, and ends with the real type's extension", () => {
    assert.equal(safeFileName("..\\..\\C:\\evil\u0000\u202Egnp.exe", png), "evilgnp.exe.png");
    assert.equal(safeFileName("../../etc/passwd", text), "passwd.txt");
    assert.equal(safeFileName('report "final"|v2?.html', text), "report _final__v2_.html.txt");
    assert.equal(safeFileName("  ..  ", png), "file.png");
    assert.equal(safeFileName("CON.png", png), "_CON.png");
    assert.equal(safeFileName("Photo.JPG", png), "Photo.JPG.png");
    assert.equal(safeFileName("Kühl\u0301schrank Foto.PNG", png), "Kühĺschrank Foto.png");
    assert.equal(safeFileName(`${"a".repeat(400)}.png`, png), `${"a".repeat(150)}.png`);
  });
});
