import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import type { AuditEvent } from "../../api/types.ts";
import { formatLabTime } from "../../components/format.ts";
import { labClock, labCode, useSession } from "../../shell/session.ts";
import { actionLabel, changedFields, sourceLabel, subjectText } from "./auditText.ts";

const useStyles = makeStyles({
  surface: { maxWidth: "900px", width: "calc(100vw - 32px)" },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS, margin: `0 0 ${tokens.spacingVerticalM}` },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  // Values are shown whole: long ones wrap, lists keep one item per line.
  cell: { whiteSpace: "pre-wrap", overflowWrap: "anywhere", verticalAlign: "top" },
});

/** One audit event in full: who, when, what, why, and every value before and after. */
export function AuditDetails({ event, onClose }: { event: AuditEvent; onClose: () => void }) {
  const styles = useStyles();
  const session = useSession();
  const facts: [string, string][] = [
    ["When", formatLabTime(event.at, labClock(session, event.labId))],
    ["Who", `${event.actor.name} (${sourceLabel(event.source)})`],
    ["About", subjectText(event)],
    ["Lab", event.labId === null ? "—" : labCode(session, event.labId)],
    ["Reason", event.reason ?? "—"],
  ];
  const fields = changedFields(event);
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{actionLabel(event.action)}: {subjectText(event)}</DialogTitle>
          <DialogContent>
            <dl className={styles.facts}>
              {facts.map(([term, value]) => [<dt key={`t-${term}`} className={styles.term}>{term}</dt>, <dd key={`d-${term}`} className={styles.value}>{value}</dd>])}
            </dl>
            <Table size="small" aria-label="Values before and after">
              <TableHeader>
                <TableRow><TableHeaderCell>Field</TableHeaderCell><TableHeaderCell>Before</TableHeaderCell><TableHeaderCell>After</TableHeaderCell></TableRow>
              </TableHeader>
              <TableBody>
                {fields.map((f) => (
                  <TableRow key={f.field}>
                    <TableCell className={styles.cell}>{f.field}</TableCell>
                    <TableCell className={styles.cell}>{f.before}</TableCell>
                    <TableCell className={styles.cell}>{f.after}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </DialogContent>
          <DialogActions><Button appearance="primary" onClick={onClose}>Close</Button></DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
