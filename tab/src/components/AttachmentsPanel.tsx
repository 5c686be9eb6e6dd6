import { useRef } from "react";
import { Badge, Button, Caption1, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../api/client.ts";
import type { Attachment, Page } from "../api/types.ts";
import { labClock, useSession } from "../shell/session.ts";
import { ErrorBar } from "./ErrorBar.tsx";
import { formatLabTime } from "./format.ts";
import { useLoad, useSubmit } from "./useLoad.ts";

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalM },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, wordBreak: "break-all" },
  hidden: { display: "none" },
  empty: { color: tokens.colorNeutralForeground3 },
});

/** What the server accepts (it decides by the bytes; this only filters the file picker). */
export const ATTACHMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.heic,.heif,.txt,.csv,application/pdf,image/png,image/jpeg,image/webp,image/heic,text/plain,text/csv";

/** "1.2 MB", "830 KB", "12 bytes" */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Sends one chosen file to `uploadPath` under its own name. */
export function uploadAttachment(uploadPath: string, file: File, supersedes?: number): Promise<Attachment> {
  return api.upload<Attachment>(uploadPath, file, file.type || "application/octet-stream", { name: file.name, supersedes });
}

/**
 * The files of one parent (R-FILE): name (downloads it, audited), type, size, SHA-256, who and
 * when in lab time; a button to attach one when `uploadPath` is given (the user may attach).
 */
export function AttachmentsPanel({ listPath, uploadPath, title = "Files" }: { listPath: string; uploadPath: string | null; title?: string }) {
  const styles = useStyles();
  const session = useSession();
  const input = useRef<HTMLInputElement>(null);
  const { data, error, reload } = useLoad("attachments", () => api.get<Page<Attachment>>(listPath), [listPath]);
  const change = useSubmit();
  const files = data?.items ?? [];

  const picked = async (file: File | undefined) => {
    if (!file || !uploadPath) return;
    if (await change.run(() => uploadAttachment(uploadPath, file))) reload();
    if (input.current) input.current.value = "";
  };

  return (
    <section aria-label={title}>
      <div className={styles.header}>
        <Subtitle2 as="h3">{title}</Subtitle2>
        {uploadPath && (
          <>
            <Button size="small" disabled={change.busy} onClick={() => input.current?.click()}>{change.busy ? "Attaching…" : "Attach a file"}</Button>
            <input ref={input} className={styles.hidden} type="file" accept={ATTACHMENT_ACCEPT} aria-label={`Attach a file to ${title.toLowerCase()}`} onChange={(e) => void picked(e.target.files?.[0])} />
          </>
        )}
      </div>
      {error && <ErrorBar message={error} onRetry={reload} />}
      {change.error && <ErrorBar message={change.error} />}
      {data && files.length === 0 && <Caption1 className={styles.empty}>No files attached.</Caption1>}
      {files.length > 0 && (
        <Table size="small" aria-label={title}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>Type, size</TableHeaderCell>
              <TableHeaderCell>SHA-256</TableHeaderCell>
              <TableHeaderCell>Attached</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {files.map((file) => (
              <TableRow key={file.id}>
                <TableCell>
                  <Button appearance="transparent" size="small" aria-label={`Download ${file.name}`} onClick={() => void change.run(() => api.download(`/api/attachments/${file.id}/content`, {}, file.name))}>
                    {file.name}
                  </Button>
                  {file.parentKind === "answer" && <Caption1> {file.parentLabel}</Caption1>}
                  {file.supersededById !== null && <Badge appearance="outline" color="subtle">Superseded</Badge>}
                </TableCell>
                <TableCell>{`${file.contentType}, ${sizeText(file.sizeBytes)}`}</TableCell>
                <TableCell><span className={styles.hash} title={file.sha256}>{file.sha256}</span></TableCell>
                <TableCell>{`${file.uploadedBy?.displayName ?? "—"}, ${formatLabTime(file.uploadedAt, labClock(session, file.labId))}`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
