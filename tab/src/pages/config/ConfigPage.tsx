import { useEffect, useRef, useState } from "react";
import { Field, Select, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { hostMode, registerConfigSave, setConfigValid } from "../../teams.ts";
import { useSession } from "../../shell/session.ts";

const useStyles = makeStyles({ page: { display: "grid", gap: tokens.spacingVerticalM, maxWidth: "480px" } });

/** The channel tab's configuration page: the team picks the lab this tab shows. */
export default function ConfigPage() {
  const styles = useStyles();
  const { labs, labId } = useSession();
  const [picked, setPicked] = useState(labId === null ? "" : String(labId));
  const pickedRef = useRef(picked);
  pickedRef.current = picked;

  useEffect(() => {
    if (hostMode() !== "teams") return;
    registerConfigSave(() => {
      const lab = labs.find((l) => String(l.id) === pickedRef.current);
      return lab ? { id: lab.id, code: lab.code } : null;
    });
  }, [labs]);
  useEffect(() => {
    if (hostMode() === "teams") setConfigValid(picked !== "");
  }, [picked]);

  return (
    <section className={styles.page} aria-labelledby="config-title">
      <Title2 as="h1" id="config-title">Add Labkeep to this channel</Title2>
      <Text>Choose the lab whose maintenance this tab shows. Only labs you have access to are listed.</Text>
      <Field label="Lab" required>
        <Select value={picked} onChange={(_, d) => setPicked(d.value)}>
          <option value="">Choose a lab…</option>
          {labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
        </Select>
      </Field>
      {hostMode() !== "teams" && <Text italic>Outside Teams this page only previews the choice; Teams saves it.</Text>}
    </section>
  );
}
