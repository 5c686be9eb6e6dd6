import { useEffect, useState } from "react";
import { Badge, Button, Checkbox, Link, Subtitle1, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { FREQUENCIES, type Frequency, type ModelDetail } from "../../api/types.ts";
import { useCan } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";
import { frequencyLabel } from "../../components/format.ts";
import { ModelDialog } from "./ModelDialog.tsx";
import { TaskList } from "./TaskList.tsx";
import { ReasonDialog, useRegulated } from "../../components/ReasonField.tsx";

const useStyles = makeStyles({
  header: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalL },
  card: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, marginTop: tokens.spacingVerticalL },
  frequencies: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "center", border: "none", padding: 0, margin: 0 },
});

/** The seed's modify_models page: details, frequencies and a task editor per frequency. */
export function ModelPage({ id }: { id: number }) {
  const styles = useStyles();
  const can = useCan();
  const editable = can("model", "edit");
  const { data: model, error, reload } = useLoad("model", () => api.get<ModelDetail>(`/api/models/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const [frequencies, setFrequencies] = useState<Frequency[]>([]);
  const save = useSubmit();
  const regulatedOf = useRegulated("model");
  const [asking, setAsking] = useState(false);
  useEffect(() => { if (model) setFrequencies(model.frequencies); }, [model]);

  if (error) return <ErrorBar message={error} onRetry={reload} />;
  if (!model) return <Text>Loading…</Text>;
  // The service groups the tasks by frequency, every frequency present, in checklist order.
  const grouped = model.tasks;
  const dirty = [...frequencies].sort().join() !== [...model.frequencies].sort().join();
  const send = (reason?: string) => api.put(`/api/models/${id}/frequencies`, { frequencies: FREQUENCIES.filter((f) => frequencies.includes(f)), reason });
  // A model's first frequencies set it up; changing frequencies in use is regulated (the server decides the same).
  const regulated = model.frequencies.length > 0 ? regulatedOf(["frequencies"]) : [];

  return (
    <section aria-labelledby="model-title">
      <Link href="#/models">← All models</Link>
      <div className={styles.header}>
        <Title2 as="h1" id="model-title">{model.manufacturer} {model.name}</Title2>
        {model.active ? <Badge appearance="tint" color="success">Active</Badge> : <Badge appearance="tint" color="subtle">Disabled</Badge>}
        {editable && <Button onClick={() => setEditing(true)}>Edit details</Button>}
      </div>
      {model.description && <Text block>{model.description}</Text>}
      <div className={styles.card}>
        <fieldset className={styles.frequencies}>
          <legend><Subtitle1 as="span">Frequencies</Subtitle1></legend>
          {FREQUENCIES.map((f) => (
            <Checkbox key={f} label={frequencyLabel(f)} checked={frequencies.includes(f)} disabled={!editable}
              onChange={(_, d) => setFrequencies((all) => (d.checked ? [...all, f] : all.filter((x) => x !== f)))} />
          ))}
          {editable && (
            <Button appearance="primary" disabled={!dirty || save.busy}
              onClick={() => (regulated.length ? setAsking(true) : void save.run(() => send()).then((ok) => ok && reload()))}>
              Save frequencies
            </Button>
          )}
        </fieldset>
        {save.error && <ErrorBar message={save.error} />}
      </div>
      {FREQUENCIES.filter((f) => model.frequencies.includes(f) || grouped[f].length > 0).map((f) => (
        <div key={f} className={styles.card}>
          <TaskList modelId={id} frequency={f} tasks={grouped[f]} editable={editable} enabled={model.frequencies.includes(f)} onChanged={reload} />
        </div>
      ))}
      {asking && <ReasonDialog title="Change frequencies" submitLabel="Save frequencies" regulated={regulated} onSubmit={async (reason) => { await send(reason); reload(); }} onClose={() => setAsking(false)} />}
      {editing && <ModelDialog model={model} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); reload(); }} />}
    </section>
  );
}
