import type { Request } from "restify";
import { attachFile, downloadAttachment, getAttachment, listAttachments } from "../../domain/file/file.service.ts";
import { DownloadQuery, UploadQuery } from "../../domain/file/file.schemas.ts";
import type { ParentRef } from "../../domain/file/parents.ts";
import type { ServiceContext } from "../../domain/context.ts";
import { DOWNLOAD_CSP } from "../http/download.ts";
import { uploadBody } from "../http/upload.ts";
import { idParam, type Route } from "./route.ts";

/** "20 MB" */
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * R-FILE: upload and list per parent (the route says which right it needs), metadata and
 * download per file (the file's parent decides; the declared access is that of a record's file,
 * as the authorization matrix exercises it). Uploads are the raw body with `?name=`: any
 * Content-Type, since the service judges the bytes.
 */
export function attachmentRoutes(maxBytes: number): Route[] {
  const upload = (ctx: ServiceContext, ref: ParentRef, req: Request, query: Record<string, unknown>) =>
    attachFile(ctx, ref, query, () => uploadBody(req, null, `The file is too large: at most ${megabytes(maxBytes)} can be attached.`), { maxBytes });
  const uploadSpec = { types: null, maxBytes };
  return [
    {
      method: "GET",
      path: "/api/equipment/:id/attachments",
      summary: "Files attached to a piece of equipment (certificates, manuals, photos), newest first",
      access: { kind: "permission", entity: "equipment", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await listAttachments(ctx, { kind: "equipment", id: idParam(params, "id") }) }),
    },
    {
      method: "POST",
      path: "/api/equipment/:id/attachments",
      summary: `Attach a file to a piece of equipment: the raw body, ?name=; PDF, PNG, JPEG, WebP, HEIC, text or CSV by content, at most ${megabytes(maxBytes)}`,
      access: { kind: "permission", entity: "equipment", action: "edit" },
      query: UploadQuery,
      upload: uploadSpec,
      handler: async ({ ctx, params, req, query }) => ({ status: 201, json: await upload(ctx, { kind: "equipment", id: idParam(params, "id") }, req, query) }),
    },
    {
      method: "GET",
      path: "/api/records/:id/attachments",
      summary: "Files attached to a PM record and to its answers, newest first",
      access: { kind: "permission", entity: "record", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await listAttachments(ctx, { kind: "record", id: idParam(params, "id") }) }),
    },
    {
      method: "POST",
      path: "/api/records/:id/attachments",
      summary: "Attach a file to a PM record (raw body, ?name=)",
      access: { kind: "permission", entity: "record", action: "complete" },
      query: UploadQuery,
      upload: uploadSpec,
      handler: async ({ ctx, params, req, query }) => ({ status: 201, json: await upload(ctx, { kind: "record", id: idParam(params, "id") }, req, query) }),
    },
    {
      method: "POST",
      path: "/api/records/:id/answers/:answerId/attachments",
      summary: "Attach a file (a photo of a failed reading) to one answer of a completed record (raw body, ?name=)",
      access: { kind: "permission", entity: "record", action: "complete" },
      query: UploadQuery,
      upload: uploadSpec,
      handler: async ({ ctx, params, req, query }) => ({
        status: 201,
        json: await upload(ctx, { kind: "answer", id: idParam(params, "answerId"), recordId: idParam(params, "id") }, req, query),
      }),
    },
    {
      method: "GET",
      path: "/api/calibrations/:id/attachments",
      summary: "Files of a calibration event (certificates), newest first",
      access: { kind: "permission", entity: "calibration", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await listAttachments(ctx, { kind: "calibration", id: idParam(params, "id") }) }),
    },
    {
      method: "POST",
      path: "/api/calibrations/:id/attachments",
      summary: "Attach a file (the certificate) to a calibration event (raw body, ?name=)",
      access: { kind: "permission", entity: "calibration", action: "complete" },
      query: UploadQuery,
      upload: uploadSpec,
      handler: async ({ ctx, params, req, query }) => ({ status: 201, json: await upload(ctx, { kind: "calibration", id: idParam(params, "id") }, req, query) }),
    },
    {
      method: "GET",
      path: "/api/attachments/:id",
      summary: "An attached file's metadata: name, type, size, SHA-256, uploader, time (lab time)",
      access: { kind: "permission", entity: "record", action: "view" },
      handler: async ({ ctx, params }) => ({ json: await getAttachment(ctx, idParam(params, "id")) }),
    },
    {
      method: "GET",
      path: "/api/attachments/:id/content",
      summary: "Download an attached file (audited); ?inline=true shows an image instead of saving it",
      access: { kind: "permission", entity: "record", action: "view" },
      query: DownloadQuery,
      produces: ["application/octet-stream"],
      handler: async ({ ctx, params, query }) => {
        const file = await downloadAttachment(ctx, idParam(params, "id"), query);
        return {
          file: {
            body: file.bytes,
            contentType: file.type.contentType.startsWith("text/") ? `${file.type.contentType}; charset=utf-8` : file.type.contentType,
            filename: file.attachment.name,
            disposition: file.disposition,
            headers: { "Content-Security-Policy": DOWNLOAD_CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store", "X-Attachment-SHA256": file.attachment.sha256 },
          },
        };
      },
    },
  ];
}
