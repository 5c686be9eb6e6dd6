import { useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Assignee, RecordDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { PersonDropdown, useAssignees } from "../../components/PersonDropdown.tsx";
import { useSubmit } from "../../components/useLoad.ts";

const useStyles = makeStyles({
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalM },
});

/**
 * Gives an open record to someone who may complete it at its lab, or back to whoever answers for
 * the instrument (PUT /api/records/:id/assignee). Shown to those with the amend right; the server decides.
 */
export function AssignControl({ record, onAssigned }: { record: RecordDetail; onAssigned: () => void }) {
  const styles = useStyles();
  const people = useAssignees(record.labId);
  const [chosen, setChosen] = useState<Assignee | null>(record.assignee);
  const submit = useSubmit();
  const unchanged = (chosen?.id ?? null) === (record.assignee?.id ?? null);
  const assign = async () => {
    if (await submit.run(() => api.put(`/api/records/${record.id}/assignee`, { assigneeId: chosen?.id ?? null }))) onAssigned();
  };
  return (
    <>
      <div className={styles.row} role="group" aria-label={`Assign ${record.number}`}>
        <PersonDropdown
          label="Assigned to"
          nobody="Nobody (the instrument's responsible person)"
          people={people.data?.items ?? []}
          value={chosen}
          onChange={setChosen}
        />
        <Button type="button" onClick={() => void assign()} disabled={submit.busy || unchanged}>{submit.busy ? "Assigning…" : "Assign"}</Button>
      </div>
      {(submit.error ?? people.error) && <ErrorBar message={(submit.error ?? people.error)!} />}
    </>
  );
}
