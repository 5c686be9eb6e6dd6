import { useEffect, useState } from "react";
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Switch, Text, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { NotificationSettings } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { TimeZoneField } from "./TimeZoneField.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, width: "100%", maxWidth: "720px", marginTop: tokens.spacingVerticalXL },
  types: { display: "flex", flexDirection: "column" },
  times: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
});

/**
 * The person's activity-feed settings (R-TEAMS, GET/PUT /api/me/notifications): which
 * notifications they get in Teams, and quiet hours during which they are held, not dropped, read
 * in the person's own time zone or their primary lab's.
 */
export function NotificationSettingsSection() {
  const styles = useStyles();
  const { data, error, reload } = useLoad("my-notifications", () => api.get<NotificationSettings>("/api/me/notifications"), []);
  const [enabled, setEnabled] = useState<string[]>([]);
  const [quiet, setQuiet] = useState(false);
  const [start, setStart] = useState("22:00");
  const [end, setEnd] = useState("07:00");
  /** The person's own zone; null: their primary lab's. */
  const [zone, setZone] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  useEffect(() => {
    if (!data) return;
    setEnabled(data.enabledTypes);
    setQuiet(data.quietHours !== null);
    setZone(data.timeZoneSource === "own" ? data.timeZone : null);
    if (data.quietHours) {
      setStart(data.quietHours.start);
      setEnd(data.quietHours.end);
    }
  }, [data]);
  if (error) return <ErrorBar message={error} onRetry={reload} />;
  if (!data) return null;
  const toggle = (type: string, on: boolean) => setEnabled((current) => (on ? [...current, type] : current.filter((t) => t !== type)));
  const save = async () => {
    setSaved(false);
    const ok = await submit.run(() => api.put("/api/me/notifications", { enabledTypes: enabled, quietHours: quiet ? { start, end } : null, timeZone: zone }));
    if (ok) {
      setSaved(true);
      reload();
    }
  };
  return (
    <form
      className={styles.form}
      aria-labelledby="notifications-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Title3 as="h2" id="notifications-title">Notifications</Title3>
      <Text>Labkeep tells you in your Teams activity feed about:</Text>
      <div className={styles.types} role="group" aria-label="Notification types">
        {data.types.map((t) => (
          <Checkbox key={t.type} label={t.label} checked={enabled.includes(t.type)} onChange={(_, d) => toggle(t.type, d.checked === true)} />
        ))}
      </div>
      <Switch label="Quiet hours" checked={quiet} onChange={(_, d) => setQuiet(d.checked)} />
      {quiet && (
        <div className={styles.times}>
          <Field label="From">
            <Input type="time" value={start} onChange={(_, d) => setStart(d.value)} required />
          </Field>
          <Field label="Until">
            <Input type="time" value={end} onChange={(_, d) => setEnd(d.value)} required />
          </Field>
        </div>
      )}
      {quiet && <TimeZoneField value={zone} primaryLabTimeZone={data.primaryLabTimeZone} onChange={setZone} />}
      {quiet && <Text size={200}>{`Read in ${zone ?? data.primaryLabTimeZone ?? "UTC"} time. Notifications due in your quiet hours arrive when they end.`}</Text>}
      {submit.error && <ErrorBar message={submit.error} />}
      {saved && !submit.busy && (
        <MessageBar intent="success">
          <MessageBarBody>Notification settings saved.</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button appearance="primary" type="submit" disabled={submit.busy}>Save notification settings</Button>
      </div>
    </form>
  );
}
