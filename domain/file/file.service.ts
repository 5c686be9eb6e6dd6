/**
 * R-FILE: files attached to instruments, PM records and checklist answers. Every call finds the
 * parent's lab through its resolver (parents.ts) and asks the one guard; the bytes' type is
 * sniffed (sniff.ts), their SHA-256 recorded, and the upload and every download audited in the
 * same transaction as what they record.
 */
import { createHash } from "node:crypto";
import { requireItemRight } from "../access/guard.ts";
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import type { DbOrTx } from "../db/client.ts";
import { AppError, conflict, notFound } from "../errors.ts";
import { parseId, parseInput, validationFailed } from "../input.ts";
import { onePage, type Page } from "../page.ts";
import { DownloadQuery, UploadQuery } from "./file.schemas.ts";
import { attachmentInclude, attachmentView, type AttachmentView } from "./file.view.ts";
import { safeFileName } from "./filename.ts";
import { PARENT_RESOLVERS, type ParentKind, type ParentLab, type ParentRef } from "./parents.ts";
import { ALLOWED_DESCRIPTION, sniffType, type FileType } from "./sniff.ts";
import { defaultStorage, type FileStorage } from "./storage.ts";

export type { AttachmentView };

/** The parent, if the principal may see it (else not found) and do `need` to it (else forbidden). */
async function guardParent(ctx: ServiceContext, ref: ParentRef, need: "view" | "attach"): Promise<ParentLab & { kind: ParentKind; id: number }> {
  const resolver = PARENT_RESOLVERS[ref.kind];
  const id = parseId(ref.id);
  const parent = await resolver.find(ctx.db, id);
  if (!parent || (ref.recordId !== undefined && parent.recordId !== parseId(ref.recordId, "recordId"))) throw notFound(resolver.what);
  requireItemRight(ctx, resolver.entity, need === "view" ? "view" : resolver.attach, parent.labId, resolver.what);
  return { ...parent, kind: ref.kind, id };
}

/** An attachment and its parent, if the principal may see the parent; otherwise not found. */
async function loadAttachment(ctx: ServiceContext, id: unknown) {
  const row = await ctx.db.attachment.findUnique({ where: { id: parseId(id) }, include: attachmentInclude });
  if (!row || !(row.parentKind in PARENT_RESOLVERS)) throw notFound("File");
  const resolver = PARENT_RESOLVERS[row.parentKind as ParentKind];
  const parent = await resolver.find(ctx.db, row.parentId);
  if (!parent) throw notFound("File");
  requireItemRight(ctx, resolver.entity, "view", parent.labId, "File");
  return { row, parent };
}

export interface AttachOptions {
  /** FILE_MAX_BYTES: a larger file is refused with 413. */
  maxBytes: number;
  storage?: FileStorage;
}

// eslint-disable-next-line no-control-regex -- NUL is what this removes
const stripNul = (name: string) => name.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");

function tooLarge(maxBytes: number): AppError {
  const mb = maxBytes / (1024 * 1024);
  return new AppError("payload_too_large", `The file is too large: at most ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB can be attached.`, { maxBytes });
}

/**
 * Attaches a file to a parent. Authorizes on the parent first, then reads the body
 * (`readBody`, so a caller without the right learns nothing of the upload's limits), checks its
 * size and type, and stores bytes, row and audit event in one transaction. With `supersedes`, the
 * named attachment of the same parent is marked superseded by this one (it stays downloadable).
 */
export async function attachFile(ctx: ServiceContext, ref: ParentRef, query: unknown, readBody: () => Buffer, options: AttachOptions): Promise<AttachmentView> {
  const parent = await guardParent(ctx, ref, "attach");
  const { kind: parentKind, id: parentId } = parent;
  // A name is cleaned (safeFileName), not refused, for the characters it cannot keep: NUL included.
  const raw = query !== null && typeof query === "object" ? (query as Record<string, unknown>) : {};
  const input = parseInput(UploadQuery, typeof raw.name === "string" ? { ...raw, name: stripNul(raw.name) } : raw);
  const bytes = readBody();
  if (bytes.length > options.maxBytes) throw tooLarge(options.maxBytes);
  const type = sniffType(bytes, input.name);
  if (!type) {
    throw new AppError("unsupported_type", `That file type is not accepted: attach ${ALLOWED_DESCRIPTION}. The content decides, not the name.`, {
      fields: [{ field: "file", message: `The content is not ${ALLOWED_DESCRIPTION}.` }],
    });
  }
  const name = safeFileName(input.name, type);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (input.supersedes !== undefined) {
    const old = await ctx.db.attachment.findUnique({ where: { id: input.supersedes }, select: { parentKind: true, parentId: true } });
    if (!old || old.parentKind !== parentKind || old.parentId !== parentId) {
      throw validationFailed([{ field: "supersedes", message: "Not a file of this parent." }]);
    }
  }
  const now = ctx.clock.now();
  const storage = options.storage ?? defaultStorage;
  const id = await ctx.db.$transaction(async (tx) => {
    const storageKey = await storage.put(tx, bytes, sha256);
    const created = await tx.attachment.create({
      data: { parentKind, parentId, name, contentType: type.contentType, sizeBytes: bytes.length, sha256, storageKey, uploadedById: ctx.actor.userId, uploadedAt: now },
    });
    if (input.supersedes !== undefined) {
      // Conditional: of two files superseding the same one, one wins and the other is told.
      const claimed = await tx.attachment.updateMany({ where: { id: input.supersedes, supersededById: null }, data: { supersededById: created.id } });
      if (claimed.count === 0) throw conflict("That file was already superseded by another one.");
    }
    await writeAudit(tx, ctx.actor, now, {
      action: "file.attached",
      entityId: created.id,
      labId: parent.labId,
      after: { parentKind, parentId, parent: parent.label, name, contentType: type.contentType, sizeBytes: bytes.length, sha256, supersedes: input.supersedes ?? null },
    });
    return created.id;
  });
  return getAttachment(ctx, id);
}

/**
 * The files of one parent, newest first (superseded ones included and marked). A record's list
 * includes the files of its answers: the record view shows them together.
 */
export async function listAttachments(ctx: ServiceContext, ref: ParentRef): Promise<Page<AttachmentView>> {
  const parent = await guardParent(ctx, ref, "view");
  const answers = ref.kind === "record" ? await ctx.db.pmTaskResult.findMany({ where: { recordId: parent.id }, select: { id: true, title: true } }) : [];
  const rows = await ctx.db.attachment.findMany({
    where: { OR: [{ parentKind: parent.kind, parentId: parent.id }, ...(answers.length ? [{ parentKind: "answer", parentId: { in: answers.map((a) => a.id) } }] : [])] },
    orderBy: [{ uploadedAt: "desc" }, { id: "desc" }],
    include: attachmentInclude,
  });
  const titles = new Map(answers.map((a) => [a.id, a.title]));
  return onePage(rows.map((row) => attachmentView(row, row.parentKind === "answer" ? { ...parent, label: `${parent.label} · ${titles.get(row.parentId) ?? ""}` } : parent)));
}

/** How many current (not superseded) files a record and its answers have together; the caller has already guarded the record. */
export async function recordAttachmentCount(db: DbOrTx, recordId: number, answerIds: readonly number[]): Promise<number> {
  return db.attachment.count({
    where: { supersededById: null, OR: [{ parentKind: "record", parentId: recordId }, ...(answerIds.length ? [{ parentKind: "answer", parentId: { in: [...answerIds] } }] : [])] },
  });
}

/** How many current (not superseded) files each parent of one kind has, for cards; the caller has already guarded the parents. */
export async function attachmentCounts(ctx: ServiceContext, parentKind: ParentKind, parentIds: readonly number[]): Promise<Map<number, number>> {
  if (parentIds.length === 0) return new Map();
  const groups = await ctx.db.attachment.groupBy({ by: ["parentId"], where: { parentKind, parentId: { in: [...parentIds] }, supersededById: null }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.parentId, g._count._all]));
}

export async function getAttachment(ctx: ServiceContext, id: unknown): Promise<AttachmentView> {
  const { row, parent } = await loadAttachment(ctx, id);
  return attachmentView(row, parent);
}

export interface Download {
  attachment: AttachmentView;
  bytes: Buffer;
  type: FileType;
  /** Shown in the browser (an image asked for inline) or saved. */
  disposition: "inline" | "attachment";
}

/**
 * The bytes of an attachment, checked against the SHA-256 recorded at upload, and the download
 * audited (who took which file, when). Only raster images are ever served inline.
 */
export async function downloadAttachment(ctx: ServiceContext, id: unknown, query: unknown = {}, storage: FileStorage = defaultStorage): Promise<Download> {
  const { row, parent } = await loadAttachment(ctx, id);
  const { inline } = parseInput(DownloadQuery, query);
  const bytes = await storage.get(ctx.db, row.storageKey);
  if (!bytes || createHash("sha256").update(bytes).digest("hex") !== row.sha256) {
    throw new AppError("unavailable", "The stored file does not match its recorded SHA-256; it is not served. Tell your administrator.");
  }
  // The stored type was sniffed at upload; sniffing again keeps the inline decision on the bytes.
  const type = sniffType(bytes, row.name);
  if (!type || type.contentType !== row.contentType) throw new AppError("unavailable", "The stored file is not of its recorded type; it is not served.");
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await writeAudit(tx, ctx.actor, now, { action: "file.downloaded", entityId: row.id, labId: parent.labId, after: { name: row.name, sha256: row.sha256, parent: parent.label } });
  });
  return { attachment: attachmentView(row, parent), bytes, type, disposition: inline && type.inline ? "inline" : "attachment" };
}
