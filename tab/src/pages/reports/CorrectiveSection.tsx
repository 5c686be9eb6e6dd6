import { Link, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import { CA_AGE_BANDS } from "../../../../domain/report/ca-bands.ts";
import type { OpenCaReport } from "../../../../domain/report/corrective.ts";
import { api } from "../../api/client.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { formatDueBy } from "../../components/format.ts";
import { BarChart } from "./BarChart.tsx";
import { ExportButtons } from "./ExportButtons.tsx";
import { AGE_COLORS } from "./palette.ts";
import type { ReportFilters } from "./ReportsPage.tsx";

const useStyles = makeStyles({
  section: { display: "grid", gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL, breakInside: "avoid" },
  card: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium },
});

/** Open corrective actions with ageing (R-QUAR): age bands, not yet due and overdue per lab, and each action, oldest first. */
export function CorrectiveSection({ filters, printable = false }: { filters: ReportFilters; printable?: boolean }) {
  const styles = useStyles();
  const q: Record<string, string> = filters.labId ? { labId: filters.labId } : {};
  const { data, error, loading, reload } = useLoad("report-open-cas", () => api.get<OpenCaReport>("/api/reports/open-corrective-actions", q), [filters.labId]);
  const rows = data?.rows ?? [];
  const items = rows.flatMap((r) => r.items.map((i) => ({ ...i, clock: { code: r.labCode, timeZone: r.timeZone } }))).sort((a, b) => b.ageDays - a.ageDays);
  return (
    <section className={styles.section} aria-labelledby="open-cas-title">
      <Subtitle1 as="h2" id="open-cas-title">Open corrective actions with ageing</Subtitle1>
      {!printable && <ExportButtons name="open-corrective-actions" query={q} label="open corrective actions" />}
      <Loading loading={loading} what="the open corrective actions" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && rows.length === 0 && <Text>No corrective action is open.</Text>}
      {rows.length > 0 && (
        <div className={styles.card}>
          <BarChart
            title="Open corrective actions by age, per lab"
            stacked
            series={CA_AGE_BANDS.map((band, i) => ({ label: band.label, color: AGE_COLORS[i]! }))}
            groups={rows.map((r) => ({ label: r.labCode, values: CA_AGE_BANDS.map((band) => r[band.key]) }))}
          />
          <Table size="small" aria-label="Open corrective actions figures">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Lab</TableHeaderCell>
                <TableHeaderCell>Open</TableHeaderCell>
                {CA_AGE_BANDS.map((band) => <TableHeaderCell key={band.key}>{band.label}</TableHeaderCell>)}
                <TableHeaderCell>Not yet due</TableHeaderCell>
                <TableHeaderCell>Overdue</TableHeaderCell>
                <TableHeaderCell>Out of service</TableHeaderCell>
                <TableHeaderCell>Oldest (days)</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.labId}>
                  <TableCell>{r.labCode}</TableCell>
                  <TableCell>{r.open}</TableCell>
                  {CA_AGE_BANDS.map((band) => <TableCell key={band.key}>{r[band.key]}</TableCell>)}
                  <TableCell>{r.notYetDue}</TableCell>
                  <TableCell>{r.overdue}</TableCell>
                  <TableCell>{r.quarantined}</TableCell>
                  <TableCell>{r.oldestAgeDays}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {items.length > 0 && (
        <div className={styles.card}>
          <Table size="small" aria-label="Open corrective actions">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Corrective action</TableHeaderCell>
                <TableHeaderCell>Equipment</TableHeaderCell>
                <TableHeaderCell>Opened after</TableHeaderCell>
                <TableHeaderCell>Assigned to</TableHeaderCell>
                <TableHeaderCell>Due</TableHeaderCell>
                <TableHeaderCell>Age (days)</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((i) => (
                <TableRow key={i.id}>
                  <TableCell>{printable ? i.number : <Link href={`#/corrective/${i.id}`}>{i.number}</Link>}</TableCell>
                  <TableCell>{i.assetTag} — {i.modelName}</TableCell>
                  <TableCell>{i.trigger}</TableCell>
                  <TableCell>{i.assignee ?? "—"}</TableCell>
                  <TableCell>{formatDueBy(i.dueAt, i.clock)}{i.overdue ? ", overdue" : ""}</TableCell>
                  <TableCell>{i.ageDays}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
