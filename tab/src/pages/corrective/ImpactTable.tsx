import { useState } from "react";
import { Button, Input, Select, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CorrectiveActionDetail, ImpactItem } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { useCan } from "../../shell/session.ts";

const useStyles = makeStyles({
  bar: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", marginBottom: tokens.spacingVerticalS },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

const DECISIONS = [["NO_IMPACT", "No impact"], ["RETEST", "Re-test"], ["INVESTIGATE", "Investigate"]] as const;

/** The impact assessment: every item since the last good check, QA's decision per item, CSV for the auditor. */
export function ImpactTable({ ca, onChanged }: { ca: CorrectiveActionDetail; onChanged: () => void }) {
  const styles = useStyles();
  const can = useCan();
  const download = useSubmit();
  const assess = can("correctiveAction", "assess", ca.lab.id);
  return (
    <section aria-labelledby="impact-title">
      <div className={styles.bar}>
        <Subtitle2 id="impact-title" as="h2">Impact assessment ({ca.impact.length} since the last good check)</Subtitle2>
        {can("correctiveAction", "export", ca.lab.id) && (
          <Button size="small" disabled={download.busy} onClick={() => void download.run(() => api.download(`/api/corrective-actions/${ca.id}/impact.csv`, {}, `${ca.lab.code}-${ca.number}-impact.csv`))}>Export CSV</Button>
        )}
      </div>
      {download.error && <ErrorBar message={download.error} />}
      <Table className={styles.table} aria-label="Impact assessment">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Item</TableHeaderCell>
            <TableHeaderCell>Done at</TableHeaderCell>
            <TableHeaderCell>Result</TableHeaderCell>
            <TableHeaderCell>Decision</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {ca.impact.map((item) => <ImpactRow key={`${item.kind}:${item.itemId}`} ca={ca} item={item} editable={assess} onChanged={onChanged} />)}
        </TableBody>
      </Table>
    </section>
  );
}

function ImpactRow({ ca, item, editable, onChanged }: { ca: CorrectiveActionDetail; item: ImpactItem; editable: boolean; onChanged: () => void }) {
  const [decision, setDecision] = useState<string>(item.decision?.decision ?? "");
  const [comment, setComment] = useState(item.decision?.comment ?? "");
  const save = useSubmit();
  const label = DECISIONS.find(([value]) => value === item.decision?.decision)?.[1];
  return (
    <TableRow>
      <TableCell>{item.reference} · {item.what}</TableCell>
      <TableCell>{item.atText}</TableCell>
      <TableCell>{item.result === "PASS" ? "Pass" : item.result === "FAIL" ? "Fail" : "—"}</TableCell>
      <TableCell>
        {editable ? (
          <span style={{ display: "flex", gap: "4px", flexWrap: "wrap" }}>
            <Select aria-label={`Decision on ${item.reference}`} value={decision} onChange={(_, d) => setDecision(d.value)}>
              <option value="" disabled>Choose…</option>
              {DECISIONS.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
            </Select>
            <Input aria-label={`Comment on ${item.reference}`} value={comment} onChange={(_, d) => setComment(d.value)} placeholder="Comment" />
            <Button size="small" disabled={save.busy || decision === ""} onClick={() => void save.run(() => api.put(`/api/corrective-actions/${ca.id}/impact`, { kind: item.kind, itemId: item.itemId, decision, comment })).then((ok) => { if (ok) onChanged(); })}>
              Save
            </Button>
            {save.error && <ErrorBar message={save.error} />}
          </span>
        ) : (
          label ? `${label}${item.decision?.comment ? `: ${item.decision.comment}` : ""} (${item.decision?.by?.displayName ?? ""})` : "Not decided"
        )}
      </TableCell>
    </TableRow>
  );
}
