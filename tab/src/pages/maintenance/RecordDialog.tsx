import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { RecordDetail } from "../../api/types.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { ReviewStatus } from "../reviews/ReviewStatus.tsx";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { formatDueBy, formatLabTime, frequencyLabel, recordClock } from "../../components/format.ts";
import { isLate, resultLabel } from "./answers.ts";
import { AttachmentsPanel } from "../../components/AttachmentsPanel.tsx";
import { ChecklistForm } from "./ChecklistForm.tsx";
import { CompletedChecklist } from "./CompletedChecklist.tsx";
import { NotRequiredButton } from "./NotRequiredButton.tsx";
import { QuarantineOffer } from "../../components/QuarantineOffer.tsx";
import { RecordSignatures } from "./RecordSignatures.tsx";
import { AssignControl } from "./AssignControl.tsx";

const useStyles = makeStyles({
  surface: { maxWidth: "720px", width: "calc(100vw - 32px)" },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS, marginBottom: tokens.spacingVerticalM },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
});

/** Opens a record: the checklist to complete, the completed record read-only with its amendments, or why it is not required. */
export function RecordDialog({ recordId, onClose, onChanged }: { recordId: number; onClose: () => void; onChanged: () => void }) {
  const styles = useStyles();
  const can = useCan();
  const { principal } = useSession();
  const [record, setRecord] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    api.get<RecordDetail>(`/api/records/${recordId}`).then(setRecord, (caught: unknown) => setError(errorText(caught)));
  };
  useEffect(load, [recordId]);
  // The loading body is replaced once the record arrives: put the focus back inside the dialog.
  const surface = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (record && !surface.current?.contains(document.activeElement)) {
      surface.current?.querySelector<HTMLElement>("input, textarea, select, button")?.focus();
    }
  }, [record]);

  const completable = record?.status === "OPEN" && can("record", "complete", record.labId);
  const title = record ? `${record.number} · ${record.equipment.assetTag}` : "Record";
  const changed = () => { onChanged(); load(); };
  // Managers close an open period without work (the amend right); the checklist form carries the button too.
  const markable = record?.status === "OPEN" && can("record", "amend", record.labId) ? <NotRequiredButton record={record} onDone={changed} /> : null;
  // The same right gives an open record to someone (issue 14 §3); keyed so a reload shows the saved choice.
  const assign = record?.status === "OPEN" && can("record", "amend", record.labId) ? <AssignControl key={record.assignee?.id ?? 0} record={record} onAssigned={changed} /> : undefined;

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => { if (!data.open) onClose(); }}>
      <DialogSurface ref={surface} className={styles.surface} aria-describedby={undefined}>
        {completable && record ? (
          <ChecklistForm record={record} title={title} onCancel={onClose} onCompleted={changed} extraAction={markable} assign={assign} />
        ) : (
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent>
              {error && <ErrorBar message={error} onRetry={load} />}
              {!record && !error && <Spinner label="Loading record…" />}
              {record && (
                <>
                  <RecordFacts record={record} classes={styles} assign={assign} />
                  <QuarantineOffer title="Failed" failure={record.failure} assetTag={record.equipment.assetTag} quarantinePath={`/api/records/${record.id}/quarantine`} onDone={onChanged} />
                  {record.status === "OPEN" && <Text>This checklist is open. Your role can view it but not complete it.</Text>}
                  {record.status === "COMPLETED" && <ReviewStatus record={record} userId={principal.userId} onChanged={changed} />}
                  {record.status === "COMPLETED" && <RecordSignatures record={record} userId={principal.userId} onSigned={changed} />}
                  {record.status === "COMPLETED" && <CompletedChecklist record={record} canAmend={can("record", "amend", record.labId)} onAmended={changed} />}
                  <AttachmentsPanel
                    title="Files"
                    listPath={`/api/records/${record.id}/attachments`}
                    uploadPath={can("record", "complete", record.labId) ? `/api/records/${record.id}/attachments` : null}
                  />
                </>
              )}
            </DialogContent>
            <DialogActions>
              {markable}
              <Button appearance="primary" onClick={onClose}>Close</Button>
            </DialogActions>
          </DialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}

/** The record's facts; `assign`, when the user may assign it, replaces the "Assigned to" line. */
export function RecordFacts({ record, classes, assign }: { record: RecordDetail; classes: { facts: string; term: string; value: string }; assign?: ReactNode }) {
  const rows: [string, string][] = [
    ["Equipment", `${record.equipment.assetTag} — ${record.equipment.modelName}`],
    ["Location", record.equipment.location ?? ""],
    ["Frequency", frequencyLabel(record.frequency)],
    ["Due", record.status === "NOT_REQUIRED" ? "Not required" : `${formatDueBy(record.dueAt, recordClock(record))}${record.overdue ? ", overdue" : ""}`],
  ];
  if (record.assignee && !assign) rows.push(["Assigned to", record.assignee.displayName]);
  if (record.completedBy) rows.push(["Completed", `${record.completedBy.displayName}, ${formatLabTime(record.completedAt, recordClock(record))}${isLate(record) ? ", late" : ""}`]);
  if (record.result) rows.push(["Result", resultLabel(record.result)]);
  if (record.notRequired) {
    rows.push(["Not required", `${record.notRequired.by?.displayName ?? "Labkeep"}, ${formatLabTime(record.notRequired.at, recordClock(record))}`]);
    rows.push(["Reason", record.notRequired.reason]);
  }
  return (
    <>
      <dl className={classes.facts}>
        {rows.map(([term, value]) => [<dt key={`t-${term}`} className={classes.term}>{term}</dt>, <dd key={`d-${term}`} className={classes.value}>{value}</dd>])}
      </dl>
      {assign}
    </>
  );
}
