import { labTime } from "../time/format.ts";
import type { ParentLab } from "./parents.ts";

export interface AttachmentRow {
  id: number;
  parentKind: string;
  parentId: number;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
  supersededById: number | null;
  uploadedBy: { id: number; displayName: string } | null;
  supersedes: { id: number } | null;
}

/** What the API, the tab and the bot show of an attachment: its metadata, the time in lab time. */
export function attachmentView(row: AttachmentRow, parent: ParentLab) {
  return {
    id: row.id,
    parentKind: row.parentKind,
    parentId: row.parentId,
    parentLabel: parent.label,
    labId: parent.labId,
    name: row.name,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
    /** "Nov 20, 2026, 10:00 AM (BOS time)" */
    uploadedAtText: labTime(row.uploadedAt, { code: parent.labCode, timeZone: parent.timeZone }),
    supersededById: row.supersededById,
    supersedesId: row.supersedes?.id ?? null,
  };
}
export type AttachmentView = ReturnType<typeof attachmentView>;

export const attachmentInclude = {
  uploadedBy: { select: { id: true, displayName: true } },
  supersedes: { select: { id: true } },
} as const;
