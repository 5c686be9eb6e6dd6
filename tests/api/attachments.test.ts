import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { labTime } from "../../domain/time/format.ts";
import { pdfFile, pngFile } from "../support/fixtures/files.ts";
import { devToken, startTestServer, type TestServer } from "../support/server.ts";
import { buildApiWorld } from "./world.ts";

/** R-FILE over HTTP: type by content, size limit, hash, permissions, download headers, names, audit, superseding. */
const MAX = 1024 * 1024;
let server: TestServer;
let bos: { equipment: number; record: number };
let lonEquipment: number;
const tokens: Record<string, string> = {};
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

before(async () => {
  let labs!: Record<string, number>;
  server = await startTestServer({ DEV_SIGN_IN: "true", FILE_MAX_BYTES: String(MAX) }, { prepare: async (db) => void ({ labs } = await buildApiWorld(db.prisma)) });
  const db = server.database.prisma;
  const first = async (labId: number) => (await db.equipment.findFirstOrThrow({ where: { labId }, orderBy: { id: "asc" } })).id;
  bos = { equipment: await first(labs.BOS!), record: (await db.pmRecord.findFirstOrThrow({ where: { labId: labs.BOS! }, orderBy: { id: "asc" } })).id };
  lonEquipment = await first(labs.LON!);
  for (const who of ["marie.manager", "tom.tech", "lena.manager", "rosalind.audit", "grace.audit"]) tokens[who] = await devToken(server, who);
});
after(() => server?.close());

async function upload(path: string, body: Buffer, who = "marie.manager", type = "application/octet-stream") {
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${tokens[who]}`, "content-type": type }, body });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted value by value
  return { status: response.status, body: (await response.json()) as any };
}
const download = (id: number, who = "marie.manager", query = "") => fetch(`${server.url}/api/attachments/${id}/content${query}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
const attachmentCount = () => server.database.prisma.attachment.count();

describe("attachments", () => {
  it("accepts a PNG by its bytes, records its SHA-256 as crypto computes it, and shows uploader and lab time", async () => {
    const png = pngFile();
    const before = Date.now();
    const created = await upload(`/api/equipment/${bos.equipment}/attachments?name=${encodeURIComponent("door seal.png")}`, png);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const lab = await server.database.prisma.lab.findFirstOrThrow({ where: { equipment: { some: { id: bos.equipment } } } });
    const uploadedAt = new Date(created.body.uploadedAt);
    assert.ok(uploadedAt.getTime() >= before - 1000);
    assert.deepEqual(
      { name: created.body.name, type: created.body.contentType, size: created.body.sizeBytes, sha: created.body.sha256, by: created.body.uploadedBy.displayName, at: created.body.uploadedAtText },
      { name: "door seal.png", type: "image/png", size: png.length, sha: sha256(png), by: "Marie Curie", at: labTime(uploadedAt, lab) },
    );
    const listed = await server.call("GET", `/api/equipment/${bos.equipment}/attachments`, { token: tokens["rosalind.audit"] });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items.map((a: { id: number; sha256: string }) => [a.id, a.sha256]), [[created.body.id, sha256(png)]]);
    const meta = await server.call("GET", `/api/attachments/${created.body.id}`, { token: tokens["grace.audit"] });
    assert.equal(meta.body.sha256, sha256(png));
    const event = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "file.attached", entityId: String(created.body.id) } });
    assert.deepEqual([event.labId, event.actorName, (event.after as { sha256: string }).sha256, (event.after as { parent: string }).parent], [lab.id, "Marie Curie", sha256(png), created.body.parentLabel]);
  });

  it("refuses HTML named .pdf, SVG named .png and an executable with 415 naming the file, and stores nothing", async () => {
    const count = await attachmentCount();
    const cases: [string, Buffer][] = [
      ["certificate.pdf", Buffer.from("<html><body><script>fetch('/api/me')</script></body></html>")],
      ["photo.png", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ["manual.pdf", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64, 0x90)])],
    ];
    for (const [name, bytes] of cases) {
      const refused = await upload(`/api/equipment/${bos.equipment}/attachments?name=${name}`, bytes, "marie.manager", "application/pdf");
      assert.deepEqual([refused.status, refused.body.error.code, refused.body.error.details.fields.map((f: { field: string }) => f.field)], [415, "unsupported_type", ["file"]], name);
    }
    assert.equal(await attachmentCount(), count);
  });

  it("answers 413 above FILE_MAX_BYTES with the limit in words, and accepts a file of exactly the limit", async () => {
    const count = await attachmentCount();
    const tooBig = await upload(`/api/equipment/${bos.equipment}/attachments?name=log.txt`, Buffer.alloc(MAX + 1, "a"));
    assert.deepEqual([tooBig.status, tooBig.body.error.code, tooBig.body.error.message], [413, "payload_too_large", "The file is too large: at most 1 MB can be attached."]);
    assert.equal(await attachmentCount(), count);
    const exact = await upload(`/api/equipment/${bos.equipment}/attachments?name=log.txt`, Buffer.alloc(MAX, "a"));
    assert.deepEqual([exact.status, exact.body.sizeBytes, exact.body.contentType], [201, MAX, "text/plain"]);
  });

  it("shows files only to those who may see the parent: another lab's manager 404, a technician (no equipment view) 404, Local Audit may read but not attach", async () => {
    const created = await upload(`/api/equipment/${bos.equipment}/attachments?name=manual.pdf`, pdfFile());
    assert.equal(created.status, 201);
    const id = created.body.id;
    for (const who of ["lena.manager", "tom.tech"]) {
      assert.equal((await server.call("GET", `/api/attachments/${id}`, { token: tokens[who] })).status, 404, who);
      assert.equal((await download(id, who)).status, 404, who);
      assert.equal((await server.call("GET", `/api/equipment/${bos.equipment}/attachments`, { token: tokens[who] })).status, 404, who);
    }
    assert.equal((await upload(`/api/equipment/${lonEquipment}/attachments?name=x.pdf`, pdfFile(), "marie.manager")).status, 404);
    assert.equal((await upload(`/api/equipment/${bos.equipment}/attachments?name=x.pdf`, pdfFile(), "rosalind.audit")).status, 403);
    assert.equal((await download(id, "rosalind.audit")).status, 200);
    assert.equal((await server.call("GET", "/api/attachments/999999", { token: tokens["marie.manager"] })).status, 404);
  });

  it("downloads with nosniff, a sandboxing CSP and Content-Disposition attachment; only an image asked inline is inline; each download audited", async () => {
    const png = pngFile(2, 2);
    const { body } = await upload(`/api/equipment/${bos.equipment}/attachments?name=reading.png`, png);
    const audited = () => server.database.prisma.auditEvent.count({ where: { action: "file.downloaded", entityId: String(body.id) } });
    const response = await download(body.id);
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), png);
    assert.equal(response.headers.get("content-type"), "image/png");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("content-disposition"), `attachment; filename="reading.png"; filename*=UTF-8''reading.png`);
    assert.match(response.headers.get("content-security-policy") ?? "", /^default-src 'none';.*\bsandbox\b/);
    assert.equal(response.headers.get("x-attachment-sha256"), sha256(png));
    const inline = await download(body.id, "marie.manager", "?inline=true");
    assert.equal(inline.headers.get("content-disposition")?.split(";")[0], "inline");
    const text = await upload(`/api/equipment/${bos.equipment}/attachments?name=notes.txt`, Buffer.from("all fine"));
    const textInline = await download(text.body.id, "marie.manager", "?inline=true");
    assert.deepEqual([textInline.headers.get("content-disposition")?.split(";")[0], textInline.headers.get("content-type")], ["attachment", "text/plain; charset=utf-8"]);
    assert.equal(await audited(), 2);
    const event = await server.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "file.downloaded", entityId: String(body.id) }, orderBy: { seq: "desc" } });
    assert.deepEqual([event.actorName, (event.after as { sha256: string }).sha256], ["Marie Curie", sha256(png)]);
  });

  it("cleans NUL, path, bidi and quote characters out of names, and the header carries the exact name encoded", async () => {
    const png = pngFile();
    const odd = await upload(`/api/equipment/${bos.equipment}/attachments?name=${encodeURIComponent("..\\..\\evil\u0000\u202Egnp.exe")}`, png);
    assert.deepEqual([odd.status, odd.body.name], [201, "evilgnp.exe.png"]);
    const quoted = await upload(`/api/equipment/${bos.equipment}/attachments?name=${encodeURIComponent('Zertifikat "Kühl" 100%.pdf')}`, pdfFile());
    assert.equal(quoted.body.name, "Zertifikat _Kühl_ 100%.pdf");
    const response = await download(quoted.body.id);
    assert.equal(response.headers.get("content-disposition"), `attachment; filename="Zertifikat _K_hl_ 100_.pdf"; filename*=UTF-8''Zertifikat%20_K%C3%BChl_%20100%25.pdf`);
    const html = await upload(`/api/equipment/${bos.equipment}/attachments?name=page.html`, Buffer.from("just words"));
    assert.deepEqual([html.body.name, html.body.contentType], ["page.html.txt", "text/plain"]);
    const noName = await upload(`/api/equipment/${bos.equipment}/attachments`, png);
    assert.deepEqual([noName.status, noName.body.error.details.fields[0].field], [422, "name"]);
  });

  it("supersedes a file once (the old one stays downloadable), and the database refuses to delete or change a file", async () => {
    const v1 = await upload(`/api/equipment/${bos.equipment}/attachments?name=cert.pdf`, pdfFile("v1"));
    const v2 = await upload(`/api/equipment/${bos.equipment}/attachments?name=cert.pdf&supersedes=${v1.body.id}`, pdfFile("v2"));
    assert.deepEqual([v2.status, v2.body.supersedesId], [201, v1.body.id]);
    const again = await upload(`/api/equipment/${bos.equipment}/attachments?name=cert.pdf&supersedes=${v1.body.id}`, pdfFile("v3"));
    assert.equal(again.status, 409);
    const elsewhere = await upload(`/api/records/${bos.record}/attachments?name=cert.pdf&supersedes=${v2.body.id}`, pdfFile("v4"));
    assert.deepEqual([elsewhere.status, elsewhere.body.error.details.fields[0].field], [422, "supersedes"]);
    const old = await server.call("GET", `/api/attachments/${v1.body.id}`, { token: tokens["marie.manager"] });
    assert.equal(old.body.supersededById, v2.body.id);
    assert.deepEqual(Buffer.from(await (await download(v1.body.id)).arrayBuffer()), pdfFile("v1"));
    const db = server.database.prisma;
    await assert.rejects(db.attachment.delete({ where: { id: v1.body.id } }), /write-once/);
    await assert.rejects(db.attachment.update({ where: { id: v2.body.id }, data: { name: "forged.pdf" } }), /write-once/);
    await assert.rejects(db.fileBlob.deleteMany({}), /write-once/);
    await assert.rejects(db.$executeRawUnsafe("TRUNCATE attachment"), /write-once/);
  });

  it("a technician attaches a photo to a failed reading of a record they completed; the record lists it under the answer", async () => {
    const db = server.database.prisma;
    const task = await db.checklistTask.findFirstOrThrow({ where: { kind: "READING", min: { not: null }, active: true, model: { equipment: { some: { records: { some: { status: "OPEN", lab: { code: "BOS" } } } } } } } });
    const record = await db.pmRecord.findFirstOrThrow({ where: { status: "OPEN", frequency: task.frequency, lab: { code: "BOS" }, equipment: { modelId: task.modelId } }, include: { lab: true } });
    const detail = await server.call("GET", `/api/records/${record.id}`, { token: tokens["tom.tech"] });
    const results = detail.body.checklist.map((t: { taskId: number; kind: string; min: number | null }) =>
      t.kind === "CHECK" ? { taskId: t.taskId, outcome: "DONE" } : t.kind === "READING" ? { taskId: t.taskId, reading: t.taskId === task.id ? task.min! - 10 : (t.min ?? 0) } : { taskId: t.taskId, text: "ok" },
    );
    const done = await server.call("POST", `/api/records/${record.id}/complete`, { token: tokens["tom.tech"], body: { results } });
    assert.equal(done.status, 200, JSON.stringify(done.body).slice(0, 300));
    const answer = done.body.results.find((r: { taskId: number }) => r.taskId === task.id);
    assert.equal(answer.passed, false);
    const photo = pngFile(8, 8, [10, 10, 200]);
    const attached = await upload(`/api/records/${record.id}/answers/${answer.id}/attachments?name=IMG_0042.png`, photo, "tom.tech", "image/png");
    assert.equal(attached.status, 201, JSON.stringify(attached.body));
    assert.equal(attached.body.parentLabel, `${record.lab.code}-${String(record.number).padStart(6, "0")} · ${task.title}`);
    const wrongRecord = await upload(`/api/records/${bos.record === record.id ? record.id + 1 : bos.record}/answers/${answer.id}/attachments?name=x.png`, photo, "tom.tech");
    assert.equal(wrongRecord.status, 404);
    const listed = await server.call("GET", `/api/records/${record.id}/attachments`, { token: tokens["rosalind.audit"] });
    assert.deepEqual(listed.body.items.map((a: { id: number; parentKind: string; parentId: number }) => [a.id, a.parentKind, a.parentId]), [[attached.body.id, "answer", answer.id]]);
    assert.equal((await server.call("GET", `/api/records/${record.id}/attachments`, { token: tokens["lena.manager"] })).status, 404);
    // The record counts its answers' files (the bot's card and the tab show it).
    assert.equal((await server.call("GET", `/api/records/${record.id}`, { token: tokens["tom.tech"] })).body.attachmentCount, 1);
    assert.equal((await upload(`/api/records/${record.id}/attachments?name=x.png`, photo, "rosalind.audit")).status, 403);
  });

  it("attaches a certificate to a calibration event: a technician of its lab may, another lab's manager sees nothing", async () => {
    const db = server.database.prisma;
    const equipment = await db.equipment.findUniqueOrThrow({ where: { id: bos.equipment }, include: { lab: true } });
    const at = new Date("2026-11-02T00:00:00Z");
    const event = await db.calibrationEvent.create({
      data: { equipmentId: equipment.id, labId: equipment.labId, calibratedOn: at, provider: "EXTERNAL", certificateNumber: "CAL-2026-0042", result: "PASS", nextDueOn: new Date("2027-11-02T00:00:00Z"), recordedAt: at, recordedVia: "TAB" },
    });
    const certificate = pdfFile("CAL-2026-0042");
    const attached = await upload(`/api/calibrations/${event.id}/attachments?name=CAL-2026-0042.pdf`, certificate, "tom.tech");
    assert.equal(attached.status, 201, JSON.stringify(attached.body));
    assert.deepEqual([attached.body.parentKind, attached.body.parentLabel, attached.body.sha256], ["calibration", `${equipment.assetTag} calibration 2026-11-02 · CAL-2026-0042`, sha256(certificate)]);
    assert.equal((await server.call("GET", `/api/calibrations/${event.id}/attachments`, { token: tokens["lena.manager"] })).status, 404);
    assert.equal((await upload(`/api/calibrations/${event.id}/attachments?name=x.pdf`, certificate, "grace.audit")).status, 403);
    const listed = await server.call("GET", `/api/calibrations/${event.id}/attachments`, { token: tokens["rosalind.audit"] });
    assert.deepEqual(listed.body.items.map((a: { id: number }) => a.id), [attached.body.id]);
  });
});
