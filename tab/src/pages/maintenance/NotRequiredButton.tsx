import { useState, type FormEvent } from "react";
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Text, Textarea } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { RecordDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";

/**
 * A manager closes one open period without work: a button and a dialog asking for the reason
 * (POST /api/records/:id/not-required). Shown only to those with the amend right; the server decides.
 */
export function NotRequiredButton({ record, onDone }: { record: RecordDetail; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The dialog renders in a portal but React bubbles through it: keep the checklist form from submitting too.
    event.stopPropagation();
    setTried(true);
    setError(null);
    if (!reason.trim()) return;
    setBusy(true);
    try {
      await api.post(`/api/records/${record.id}/not-required`, { reason: reason.trim() });
      setOpen(false);
      onDone();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, data) => { if (!busy) setOpen(data.open); }}>
      <Button onClick={() => { setReason(""); setTried(false); setError(null); setOpen(true); }}>Mark not required</Button>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={(event) => void submit(event)} noValidate aria-label={`Mark ${record.number} not required`}>
          <DialogBody>
            <DialogTitle>Mark {record.number} not required</DialogTitle>
            <DialogContent>
              <Text block>The period closes without work and no longer counts as open, overdue or missed.</Text>
              <Field label="Reason" required validationMessage={tried && !reason.trim() ? "A reason is required." : undefined}>
                <Textarea value={reason} maxLength={2000} onChange={(_, data) => setReason(data.value)} />
              </Field>
              {error && <ErrorBar message={error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setOpen(false)} disabled={busy}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={busy}>{busy ? "Saving…" : "Mark not required"}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
