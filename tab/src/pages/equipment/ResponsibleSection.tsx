import { useState } from "react";
import { Button, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Assignee, EquipmentDetail } from "../../api/types.ts";
import { useCan } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { PersonDropdown, useAssignees } from "../../components/PersonDropdown.tsx";
import { useSubmit } from "../../components/useLoad.ts";

const useStyles = makeStyles({
  section: { margin: `${tokens.spacingVerticalM} 0` },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-start", gap: tokens.spacingHorizontalM },
  save: { alignSelf: "flex-end" },
});

/**
 * Who answers for the instrument's records, and who stands in (issue 14 §3): read-only for those
 * who view equipment, chosen by those who may edit it (PUT /api/equipment/:id/responsibility).
 */
export function ResponsibleSection({ equipment, onChanged }: { equipment: EquipmentDetail; onChanged: () => void }) {
  const styles = useStyles();
  const can = useCan();
  return (
    <section className={styles.section} aria-labelledby="responsible-heading">
      <Subtitle2 as="h3" id="responsible-heading">Responsible</Subtitle2>
      {can("equipment", "edit", equipment.labId) && can("record", "amend", equipment.labId) ? (
        <ResponsibleForm key={`${equipment.responsible?.id ?? 0}-${equipment.deputy?.id ?? 0}`} equipment={equipment} onChanged={onChanged} />
      ) : (
        <dl className={styles.facts}>
          <dt className={styles.term}>Responsible person</dt><dd className={styles.value}>{equipment.responsible?.displayName ?? "Nobody"}</dd>
          <dt className={styles.term}>Deputy</dt><dd className={styles.value}>{equipment.deputy?.displayName ?? "Nobody"}</dd>
        </dl>
      )}
    </section>
  );
}

function ResponsibleForm({ equipment, onChanged }: { equipment: EquipmentDetail; onChanged: () => void }) {
  const styles = useStyles();
  const people = useAssignees(equipment.labId);
  const [responsible, setResponsible] = useState<Assignee | null>(equipment.responsible);
  const [deputy, setDeputy] = useState<Assignee | null>(equipment.deputy);
  const submit = useSubmit();
  const unchanged = (responsible?.id ?? null) === (equipment.responsible?.id ?? null) && (deputy?.id ?? null) === (equipment.deputy?.id ?? null);
  const save = async () => {
    const body = { responsibleId: responsible?.id ?? null, deputyId: deputy?.id ?? null };
    if (await submit.run(() => api.put(`/api/equipment/${equipment.id}/responsibility`, body))) onChanged();
  };
  const list = people.data?.items ?? [];
  return (
    <>
      <div className={styles.row}>
        <PersonDropdown label="Responsible person" nobody="Nobody" people={list} value={responsible} onChange={setResponsible} />
        <PersonDropdown label="Deputy" nobody="Nobody" people={list} value={deputy} onChange={setDeputy} />
        <Button className={styles.save} onClick={() => void save()} disabled={submit.busy || unchanged}>{submit.busy ? "Saving…" : "Save responsible"}</Button>
      </div>
      {(submit.error ?? people.error) && <ErrorBar message={(submit.error ?? people.error)!} />}
    </>
  );
}
