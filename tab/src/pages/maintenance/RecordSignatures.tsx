import { useState } from "react";
import { Badge, Button, Link, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { RecordDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSignature } from "../../components/signature.tsx";
import { useSubmit } from "../../components/useLoad.ts";

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalL, display: "grid", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  invalid: { color: tokens.colorPaletteRedForeground1 },
  sign: { display: "grid", gap: tokens.spacingVerticalS, justifyItems: "start" },
});

/**
 * R-SIGN §11.50 on screen: each signature's printed name, date and time in the lab's zone and
 * meaning, as the server words it; one that no longer matches the record is marked; a record
 * completed unsigned says it awaits the performer's signature, and the performer can sign it here.
 */
export function RecordSignatures({ record, userId, onSigned }: { record: RecordDetail; userId: number; onSigned: () => void }) {
  const styles = useStyles();
  const [signing, setSigning] = useState(false);
  const submit = useSubmit();
  const signature = useSignature("PERFORMED", "this record");
  const [printError, setPrintError] = useState<string | null>(null);
  const mayPerformSign = record.awaitingSignature && record.completedBy?.id === userId;

  const sign = async () => {
    const ok = await submit.run(() => signature.run((options) => api.post(`/api/records/${record.id}/signatures`, { meaning: "PERFORMED" }, options)));
    if (ok) { setSigning(false); onSigned(); }
  };
  const print = () => {
    setPrintError(null);
    // The window opens now, inside the click (pop-up blockers), and shows the page once fetched with the bearer token.
    const target = window.open("", "_blank");
    api.open(`/api/records/${record.id}/print`, target).catch((caught: unknown) => { target?.close(); setPrintError(errorText(caught)); });
  };

  return (
    <section className={styles.section} aria-labelledby="signatures-title">
      <Subtitle2 as="h3" id="signatures-title">Electronic signatures</Subtitle2>
      {record.signatures.length === 0 && !record.awaitingSignature && <Text>Not signed.</Text>}
      {record.signatures.length > 0 && (
        <ul className={styles.list} aria-label="Signatures">
          {record.signatures.map((s) => (
            <li key={s.id} className={s.valid ? undefined : styles.invalid}>
              {s.text}
              {!s.valid && <> <Badge color="danger" appearance="outline">invalid</Badge></>}
            </li>
          ))}
        </ul>
      )}
      {record.awaitingSignature && <Badge color="warning" appearance="tint" size="large">Awaiting signature</Badge>}
      {mayPerformSign && !signing && <div><Button appearance="primary" onClick={() => setSigning(true)}>Sign</Button></div>}
      {mayPerformSign && signing && (
        <form className={styles.sign} aria-label="Sign this record" onSubmit={(event) => { event.preventDefault(); void sign(); }} noValidate>
          {signature.fields}
          {submit.error && <ErrorBar message={submit.error} />}
          <div>
            <Button type="submit" appearance="primary" disabled={submit.busy}>Sign as performed</Button>{" "}
            <Button onClick={() => setSigning(false)} disabled={submit.busy}>Cancel</Button>
          </div>
        </form>
      )}
      <div><Link as="button" onClick={print}>Print (auditor view)</Link></div>
      {printError && <ErrorBar message={printError} />}
    </section>
  );
}
