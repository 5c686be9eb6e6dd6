import { useState } from "react";
import {
  Button, Field, MessageBar, MessageBarBody, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title2, makeStyles, tokens,
} from "@fluentui/react-components";
import { ApiError, api, errorText, type UploadProgress } from "../../api/client.ts";
import type { ImportProblem, ImportReport } from "../../api/types.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const useStyles = makeStyles({
  progress: { maxWidth: "480px" },
  page: { display: "grid", gap: tokens.spacingVerticalL, maxWidth: "960px" },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "flex-end" },
  // The table lays out columns evenly: short columns narrow, so the problem's sentence gets the width.
  place: { width: "10rem" },
  number: { width: "4.5rem" },
});

/** Problems of a refused import travel in the error's details, as the dry run's do in its answer. */
function problemsOf(error: unknown): ImportProblem[] | null {
  const details = error instanceof ApiError ? (error.details as { problems?: ImportProblem[] } | undefined) : undefined;
  return details?.problems ?? null;
}

/** What the bar says: the share of the file sent, then what the server is doing with it (no measure of that: indeterminate). */
function progressText(progress: UploadProgress, dryRun: boolean): string {
  if (progress.phase === "sending") return `Uploading… ${progress.percent} %`;
  return dryRun ? "Checking…" : "Importing…";
}

const summary = (r: ImportReport) => `${r.rows.models} models, ${r.rows.tasks} tasks, ${r.rows.equipment} equipment, ${r.rows.history} past records`;

/**
 * Import (R-IMPORT), for Managers and Administrators: the template, a dry run listing every problem
 * by sheet, row and column, then the import of the same file (all or nothing). docs/import.md.
 */
export default function ImportPage() {
  const styles = useStyles();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ at: UploadProgress; dryRun: boolean } | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const type = file.name.toLowerCase().endsWith(".csv") ? "text/csv" : XLSX;
      const report = await api.upload<ImportReport>("/api/import", file, type, { dryRun, fileName: file.name }, (at) => setProgress({ at, dryRun }));
      setProblems(report.problems);
      if (dryRun) setChecked(report);
      else setDone(report);
    } catch (e) {
      const listed = problemsOf(e);
      if (listed) setProblems(listed);
      setChecked(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setChecked(null);
    setDone(null);
    setProblems([]);
    setError(null);
  };

  return (
    <section className={styles.page} aria-labelledby="import-title">
      <Title2 as="h1" id="import-title">Import</Title2>
      <Text>
        Copy your instrument checklists and asset log into the Labkeep workbook, check it, then import it. Nothing is written until the whole file is free of problems;
        importing the same file twice changes nothing.
      </Text>
      <div className={styles.row}>
        <Button onClick={() => void api.download("/api/import/template.xlsx", {}, "labkeep-import-template.xlsx").catch((e) => setError(errorText(e)))}>Download the template</Button>
        <Button onClick={() => void api.download("/api/export/workbook.xlsx", {}, "labkeep-workbook.xlsx").catch((e) => setError(errorText(e)))}>Export current data</Button>
      </div>
      <div className={styles.row}>
        <Field label="Workbook (.xlsx) or CSV, at most 10 MB">
          {/* A native input gets no id from Field by itself: the render function hands it the label's. */}
          {(control) => <input {...control} type="file" accept=".xlsx,.csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} />}
        </Field>
        <Button appearance="primary" disabled={!file || busy} onClick={() => void send(true)}>Check file</Button>
        <Button disabled={!file || busy || !checked || checked.problems.length > 0 || done !== null} onClick={() => void send(false)}>Import</Button>
      </div>
      {progress && (
        <Field className={styles.progress} validationMessage={progressText(progress.at, progress.dryRun)} validationState="none">
          <ProgressBar
            aria-label={progressText(progress.at, progress.dryRun)}
            value={progress.at.phase === "sending" ? progress.at.percent / 100 : undefined}
            thickness="large"
          />
        </Field>
      )}
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {checked && checked.problems.length === 0 && !done && (
        <MessageBar intent="success"><MessageBarBody>Ready to import: {summary(checked)}.</MessageBarBody></MessageBar>
      )}
      {done?.counts && (
        <MessageBar intent="success">
          <MessageBarBody>
            Imported {summary(done)}: {done.counts.equipmentCreated} equipment added, {done.counts.equipmentUpdated} updated, {done.counts.historyCreated} past records added,{" "}
            {done.counts.unchanged} rows unchanged.
          </MessageBarBody>
        </MessageBar>
      )}
      {problems.length > 0 && (
        <Table aria-label="Problems in the file" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.place}>Sheet</TableHeaderCell>
              <TableHeaderCell className={styles.number}>Row</TableHeaderCell>
              <TableHeaderCell className={styles.place}>Column</TableHeaderCell>
              <TableHeaderCell>Problem</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {problems.map((p, i) => (
              <TableRow key={i}>
                <TableCell>{p.sheet}</TableCell>
                <TableCell>{p.row || ""}</TableCell>
                <TableCell>{p.column}</TableCell>
                <TableCell>{p.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
