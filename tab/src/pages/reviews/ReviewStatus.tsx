import { useState } from "react";
import { Button, Field, MessageBar, MessageBarBody, Textarea } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { RecordDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { formatLabTime, recordClock } from "../../components/format.ts";
import { useSubmit } from "../../components/useLoad.ts";

/**
 * A completed record's second-person review (R-REVIEW) in the record dialog: awaiting, reviewed
 * (by whom, when, comment) or returned (by whom, why). A returned record's performer resubmits it
 * here with a note; corrections go through Amend first when the performer may amend.
 */
export function ReviewStatus({ record, userId, onChanged }: { record: RecordDetail; userId: number; onChanged: () => void }) {
  const [note, setNote] = useState("");
  const submit = useSubmit();
  const review = record.review;
  if (!review) return null;
  const when = (at: string | null) => formatLabTime(at, recordClock(record));
  if (review.state === "REVIEWED") {
    return <MessageBar intent="success"><MessageBarBody>{`Reviewed by ${review.by?.displayName ?? "someone"} at ${when(review.at)}${review.comment ? `: ${review.comment}` : ""}`}</MessageBarBody></MessageBar>;
  }
  if (review.state === "AWAITING") {
    // Amended after a review: the earlier review no longer matches the record (R-REVIEW).
    const again = review.reason ? ` ${review.reason}${review.by ? ` (reviewed by ${review.by.displayName} at ${when(review.at)})` : ""}; the earlier review no longer matches.` : "";
    return <MessageBar intent="info"><MessageBarBody>{`Awaiting a second person's review: not done until reviewed.${again}`}</MessageBarBody></MessageBar>;
  }
  const mine = record.completedBy?.id === userId;
  const resubmit = async () => {
    if (await submit.run(() => api.post<RecordDetail>(`/api/records/${record.id}/resubmit`, { note: note.trim() }))) onChanged();
  };
  return (
    <>
      <MessageBar intent="warning"><MessageBarBody>{`Returned by ${review.by?.displayName ?? "a reviewer"} at ${when(review.at)}: ${review.comment ?? ""}`}</MessageBarBody></MessageBar>
      {mine && (
        <>
          <Field label="What you corrected" hint="Sent to the reviewer with the record; it awaits review again.">
            <Textarea value={note} maxLength={2000} onChange={(_, d) => setNote(d.value)} />
          </Field>
          <Button disabled={!note.trim() || submit.busy} onClick={() => void resubmit()}>Resubmit for review</Button>
          {submit.error && <ErrorBar message={submit.error} />}
        </>
      )}
    </>
  );
}
