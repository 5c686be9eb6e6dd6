import { useState, type ReactNode } from "react";
import { Badge, Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { RecordDetail } from "../../api/types.ts";
import { formatLabTime, recordClock } from "../../components/format.ts";
import { AmendForm } from "./AmendForm.tsx";
import { AmendmentSignatures } from "./AmendmentSignatures.tsx";
import { answerText, resultLabel } from "./answers.ts";
import { limitsText } from "./limits.ts";

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalL, display: "grid", gap: tokens.spacingVerticalS },
  scroll: { overflowX: "auto" },
  unchanged: { color: tokens.colorNeutralForeground3 },
  changed: { fontWeight: tokens.fontWeightSemibold },
  answer: { display: "inline-flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS, alignItems: "center" },
  note: { flexBasis: "100%", color: tokens.colorNeutralForeground3 },
});

type Values = RecordDetail["amendments"][number]["after"];
/** One column: the completion as first made, an amendment (what it changed), or the record now. */
interface Version { key: string; label: string; by: string; reason: string | null; values: Values; changes: boolean }

/**
 * A completed record is final: the completion as first made and each amendment (who, when, why,
 * what it changed) side by side, then the record as it stands; corrections are amendments.
 */
export function CompletedChecklist({ record, canAmend, onAmended }: { record: RecordDetail; canAmend: boolean; onAmended: () => void }) {
  const styles = useStyles();
  const [amending, setAmending] = useState(false);
  const clock = recordClock(record);
  const current: Values = { result: record.result, comment: record.comment, results: record.results };
  const completedBy = `${record.completedBy?.displayName ?? "—"}, ${formatLabTime(record.completedAt, clock)}`;
  const versions: Version[] = record.amendments.length === 0
    ? [{ key: "now", label: "Answer", by: completedBy, reason: null, values: current, changes: false }]
    : [
        { key: "original", label: "As completed", by: completedBy, reason: null, values: record.original ?? current, changes: false },
        ...record.amendments.map((a, index) => ({ key: `a${a.id}`, label: `Amendment ${index + 1}`, by: `${a.actor.displayName}, ${formatLabTime(a.at, clock)}`, reason: a.reason, values: a.after, changes: true })),
        { key: "now", label: "Now", by: "", reason: null, values: current, changes: false },
      ];
  const cell = (version: Version, content: ReactNode | undefined) =>
    content === undefined ? <span className={styles.unchanged}>unchanged</span> : <span className={version.changes ? styles.changed : undefined}>{content}</span>;

  return (
    <>
      <div className={styles.scroll} role="region" aria-label="Checklist results and amendments" tabIndex={0}>
        <Table size="small" aria-label="Checklist results">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Task</TableHeaderCell>
              <TableHeaderCell>Limits</TableHeaderCell>
              {versions.map((v) => <TableHeaderCell key={v.key}>{v.label}</TableHeaderCell>)}
            </TableRow>
          </TableHeader>
          <TableBody>
            {record.results.map((task) => (
              <TableRow key={task.position}>
                <TableCell>{task.title}</TableCell>
                <TableCell>{task.kind === "READING" ? limitsText(task) : ""}</TableCell>
                {versions.map((v) => {
                  const answer = v.values.results?.find((r) => r.position === task.position);
                  return (
                    <TableCell key={v.key}>
                      {cell(v, answer && (
                        <span className={styles.answer}>
                          {answerText(answer)}{!answer.passed && <Badge color="danger">Failed</Badge>}
                          {answer.note && <Text size={200} className={styles.note}>{answer.note}</Text>}
                        </span>
                      ))}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
            <TableRow>
              <TableCell>Result</TableCell><TableCell />
              {versions.map((v) => <TableCell key={v.key}>{cell(v, v.values.result === undefined ? undefined : resultLabel(v.values.result))}</TableCell>)}
            </TableRow>
            <TableRow>
              <TableCell>Comment</TableCell><TableCell />
              {versions.map((v) => <TableCell key={v.key}>{cell(v, v.values.comment === undefined ? undefined : v.values.comment || "—")}</TableCell>)}
            </TableRow>
            <TableRow>
              <TableCell>By, when</TableCell><TableCell />
              {versions.map((v) => <TableCell key={v.key}>{v.by}</TableCell>)}
            </TableRow>
            {record.amendments.length > 0 && (
              <TableRow>
                <TableCell>Reason</TableCell><TableCell />
                {versions.map((v) => <TableCell key={v.key}>{v.reason ?? ""}</TableCell>)}
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      <section className={styles.section} aria-labelledby="amendments-title">
        <Subtitle2 as="h3" id="amendments-title">Amendments</Subtitle2>
        <Text>{record.amendments.length === 0 ? "None." : `${record.amendments.length} amendment${record.amendments.length === 1 ? "" : "s"}, shown beside the original above.`}</Text>
        <AmendmentSignatures record={record} />
        {canAmend && !amending && <div><Button onClick={() => setAmending(true)}>Amend this record</Button></div>}
        {canAmend && amending && <AmendForm record={record} onDone={() => { setAmending(false); onAmended(); }} onCancel={() => setAmending(false)} />}
      </section>
    </>
  );
}
