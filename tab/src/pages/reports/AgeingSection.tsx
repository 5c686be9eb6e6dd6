import { Link, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { AgeingReport } from "../../../../domain/report/ageing.ts";
import { api } from "../../api/client.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { formatDueBy, frequencyLabel } from "../../components/format.ts";
import { BarChart } from "./BarChart.tsx";
import { ExportButtons } from "./ExportButtons.tsx";
import { AGE_COLORS } from "./palette.ts";
import type { ReportFilters } from "./ReportsPage.tsx";

const useStyles = makeStyles({
  section: { display: "grid", gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL, breakInside: "avoid" },
  card: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium },
});

const BANDS = ["Up to 1 day", "2–7 days", "8–30 days", "Over 30 days"];

/** Open overdue records by age band, per lab and frequency, with the oldest ones listed. */
export function AgeingSection({ filters, printable = false }: { filters: ReportFilters; printable?: boolean }) {
  const styles = useStyles();
  const q: Record<string, string> = filters.labId ? { labId: filters.labId } : {};
  const { data, error, loading, reload } = useLoad("report-ageing", () => api.get<AgeingReport>("/api/reports/overdue-ageing", q), [filters.labId]);
  const rows = (data?.rows ?? []).filter((r) => !filters.frequency || r.frequency === filters.frequency);
  const oldest = rows.flatMap((r) => r.oldest.map((item) => ({ ...item, labCode: r.labCode, timeZone: r.timeZone, frequency: r.frequency }))).sort((a, b) => b.daysOverdue - a.daysOverdue).slice(0, 20);

  return (
    <section className={styles.section} aria-labelledby="ageing-title">
      <Subtitle1 as="h2" id="ageing-title">Overdue ageing</Subtitle1>
      {!printable && <ExportButtons name="overdue-ageing" query={q} label="overdue ageing" />}
      <Loading loading={loading} what="the overdue ageing" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && rows.length === 0 && <Text>Nothing is overdue.</Text>}
      {rows.length > 0 && (
        <div className={styles.card}>
          <BarChart
            title="Overdue records by age, per lab and frequency"
            stacked
            series={BANDS.map((label, i) => ({ label, color: AGE_COLORS[i]! }))}
            groups={rows.map((r) => ({ label: `${r.labCode} ${frequencyLabel(r.frequency)}`, values: [r.upTo1Day, r.days2To7, r.days8To30, r.over30Days] }))}
          />
          <Table size="small" aria-label="Overdue ageing figures">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Lab</TableHeaderCell>
                <TableHeaderCell>Frequency</TableHeaderCell>
                {BANDS.map((b) => <TableHeaderCell key={b}>{b}</TableHeaderCell>)}
                <TableHeaderCell>Total</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={`${r.labId}-${r.frequency}`}>
                  <TableCell>{r.labCode}</TableCell>
                  <TableCell>{frequencyLabel(r.frequency)}</TableCell>
                  <TableCell>{r.upTo1Day}</TableCell>
                  <TableCell>{r.days2To7}</TableCell>
                  <TableCell>{r.days8To30}</TableCell>
                  <TableCell>{r.over30Days}</TableCell>
                  <TableCell>{r.total}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {oldest.length > 0 && (
        <div className={styles.card}>
          <Table size="small" aria-label="Oldest overdue records">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Record</TableHeaderCell>
                <TableHeaderCell>Equipment</TableHeaderCell>
                <TableHeaderCell>Frequency</TableHeaderCell>
                <TableHeaderCell>Due</TableHeaderCell>
                <TableHeaderCell>Days overdue</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {oldest.map((item) => (
                <TableRow key={item.recordId}>
                  <TableCell>{printable ? item.number : <Link href={`#/maintenance/record/${item.recordId}`}>{item.number}</Link>}</TableCell>
                  <TableCell>{item.assetTag} — {item.modelName}</TableCell>
                  <TableCell>{frequencyLabel(item.frequency)}</TableCell>
                  <TableCell>{formatDueBy(item.dueAt, { code: item.labCode, timeZone: item.timeZone })}</TableCell>
                  <TableCell>{item.daysOverdue}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
