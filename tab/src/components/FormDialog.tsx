import type { FormEvent, ReactNode } from "react";
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens } from "@fluentui/react-components";
import { ErrorBar } from "./ErrorBar.tsx";

const useStyles = makeStyles({
  // minmax(0, 1fr): a long option in a Select must not widen the column past the dialog on a narrow screen.
  content: { display: "grid", gridTemplateColumns: "minmax(0, 1fr)", gap: tokens.spacingVerticalM, "& .fui-Select, & select": { minWidth: 0 } },
  surface: { maxWidth: "560px", width: "calc(100vw - 32px)" },
});

/** A modal dialog around a real <form>: Enter submits, Escape cancels, focus stays inside. */
export function FormDialog({ title, submitLabel, busy, error, onSubmit, onClose, children }: {
  title: string;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const styles = useStyles();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => { if (!data.open) onClose(); }}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={submit} noValidate aria-label={title}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.content}>
              {children}
              {error && <ErrorBar message={error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose} disabled={busy}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={busy}>{submitLabel}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
