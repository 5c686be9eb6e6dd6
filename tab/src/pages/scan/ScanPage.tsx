import { useState, type FormEvent } from "react";
import { Body1, Button, Field, Input, Link, MessageBar, MessageBarBody, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText } from "../../api/client.ts";
import type { InstrumentWork, LookupResult } from "../../api/types.ts";
import { equipmentStatusLabel, formatDueBy, recordClock } from "../../components/format.ts";
import { navigate } from "../../shell/routes.ts";
import { scanLabel } from "../../teams.ts";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "560px" },
  form: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "flex-end" },
  field: { flexGrow: 1, minWidth: "200px" },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

/** Where a scanned or typed label leads: the due checklist, or why there is none. */
type Outcome = { kind: "nothing-due"; work: InstrumentWork } | { kind: "choices"; result: LookupResult } | { kind: "none"; text: string };

/**
 * The Scan screen (R-TEAMS): in Teams mobile the camera reads a Labkeep label (the QR code holds the
 * instrument's Teams deep link); anywhere, a typed or pasted asset tag, record number or link does
 * the same. An instrument opens its next due checklist; a record opens itself.
 */
export default function ScanPage({ canScan }: { canScan: boolean }) {
  const styles = useStyles();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const openInstrument = async (id: number) => {
    const work = await api.get<InstrumentWork>(`/api/lookup/equipment/${id}`);
    if (work.next) navigate(`#/maintenance/record/${work.next.id}`);
    else setOutcome({ kind: "nothing-due", work });
  };

  const find = async (value: string) => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const result = await api.get<LookupResult>("/api/lookup", { q: value, count: 10 });
      const match = result.match;
      if (match?.kind === "equipment") await openInstrument(match.equipment.id);
      else if (match?.kind === "record") navigate(`#/maintenance/record/${match.record.id}`);
      else if (result.total > 0) setOutcome({ kind: "choices", result });
      else setOutcome({ kind: "none", text: value });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void find(text.trim());
  };

  const scan = async () => {
    setError(null);
    try {
      const read = await scanLabel();
      setText(read);
      await find(read);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className={styles.page} aria-labelledby="scan-title">
      <Title2 as="h1" id="scan-title">Scan a label</Title2>
      {canScan ? (
        <Button appearance="primary" size="large" onClick={() => void scan()} disabled={busy}>Scan with the camera</Button>
      ) : (
        <Body1>Type or paste the asset tag, record number or link printed on the label.</Body1>
      )}
      <form className={styles.form} onSubmit={submit}>
        <Field className={styles.field} label="Asset tag, record number or link">
          <Input value={text} onChange={(_, data) => setText(data.value)} placeholder="BOS-FRZ-001" autoComplete="off" />
        </Field>
        <Button type="submit" appearance={canScan ? "secondary" : "primary"} disabled={busy || !text.trim()}>Open</Button>
      </form>
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {outcome?.kind === "none" && <MessageBar intent="warning" role="status"><MessageBarBody>Nothing you can see matches “{outcome.text}”.</MessageBarBody></MessageBar>}
      {outcome?.kind === "nothing-due" && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            {outcome.work.assetTag} · {outcome.work.modelName}: nothing is due{outcome.work.status ? ` (${equipmentStatusLabel(outcome.work.status)})` : ""}.
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome?.kind === "choices" && (
        <nav aria-label="Matches">
          <ul className={styles.list}>
            {outcome.result.items.map((hit) =>
              hit.kind === "equipment" ? (
                <li key={`e${hit.equipment.id}`}>
                  <Link as="button" onClick={() => void openInstrument(hit.equipment.id).catch((e: unknown) => setError(errorText(e)))}>
                    {hit.equipment.assetTag} · {hit.equipment.modelName}
                  </Link>
                </li>
              ) : (
                <li key={`r${hit.record.id}`}>
                  <Link href={`#/maintenance/record/${hit.record.id}`}>
                    {hit.record.number} · {hit.record.equipment.assetTag}
                  </Link>{" "}
                  — due {formatDueBy(hit.record.dueAt, recordClock(hit.record))}
                </li>
              ),
            )}
          </ul>
        </nav>
      )}
    </section>
  );
}
