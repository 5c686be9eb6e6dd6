import { useState } from "react";
import { Field, Text, Textarea } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { RecordDetail, ReviewQueueItem } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { formatLabTime, recordClock } from "../../components/format.ts";
import { useSignature } from "../../components/signature.tsx";
import { useSubmit } from "../../components/useLoad.ts";

function Summary({ item }: { item: ReviewQueueItem }) {
  return (
    <Text block>
      {`${item.number} · ${item.equipment.assetTag} · ${item.equipment.modelName} — completed by ${item.completedBy?.displayName ?? "someone"} at ${formatLabTime(item.completedAt, recordClock(item))}`}
      {item.result === "FAIL" ? " · Failed" : ""}
    </Text>
  );
}

/**
 * Review with an optional comment. Reviewing is an electronic signature meaning REVIEWED
 * (R-SIGN): the server asks for a fresh sign-in and says so when it is missing.
 */
export function ReviewDialog({ item, onClose, onDone }: { item: ReviewQueueItem; onClose: () => void; onDone: () => void }) {
  const [comment, setComment] = useState("");
  const submit = useSubmit();
  const signature = useSignature("REVIEWED", "the record");
  const save = async () => {
    const body = comment.trim() ? { comment: comment.trim() } : {};
    if (await submit.run(() => signature.run((options) => api.post<RecordDetail>(`/api/records/${item.id}/review`, body, options)))) onDone();
  };
  return (
    <FormDialog title={`Review ${item.number}`} submitLabel="Sign as reviewed" busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Summary item={item} />
      <Field label="Comment" hint="Optional: what you checked. Your signature (meaning: reviewed) is bound to the record as it is now.">
        <Textarea value={comment} maxLength={2000} onChange={(_, d) => setComment(d.value)} />
      </Field>
      {signature.fields}
    </FormDialog>
  );
}

/** Return to the performer with a reason: they correct the record and resubmit it. */
export function ReturnDialog({ item, onClose, onDone }: { item: ReviewQueueItem; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const save = async () => {
    setTried(true);
    if (!reason.trim()) return;
    if (await submit.run(() => api.post<RecordDetail>(`/api/records/${item.id}/return`, { reason: reason.trim() }))) onDone();
  };
  return (
    <FormDialog title={`Return ${item.number}`} submitLabel="Return to performer" busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Summary item={item} />
      <Field label="Reason" required hint={`${item.completedBy?.displayName ?? "The performer"} sees this reason, corrects the record and resubmits it.`} validationMessage={tried && !reason.trim() ? "Say why the record goes back." : undefined}>
        <Textarea value={reason} maxLength={2000} onChange={(_, d) => setReason(d.value)} />
      </Field>
    </FormDialog>
  );
}
