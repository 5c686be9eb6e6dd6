import { Subtitle1, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ComplianceReport } from "../../../../domain/report/compliance.ts";
import { api } from "../../api/client.ts";
import { FREQUENCIES } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad } from "../../components/useLoad.ts";
import { frequencyLabel } from "../../components/format.ts";
import { BarChart } from "./BarChart.tsx";
import { ExportButtons } from "./ExportButtons.tsx";
import { FREQUENCY_COLORS } from "./palette.ts";
import type { ReportFilters } from "./ReportsPage.tsx";

const useStyles = makeStyles({
  section: { display: "grid", gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL },
  card: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, breakInside: "avoid" },
});

function query(filters: ReportFilters): Record<string, string> {
  const q: Record<string, string> = { from: filters.from, to: filters.to };
  if (filters.labId) q.labId = filters.labId;
  if (filters.frequency) q.frequency = filters.frequency;
  return q;
}

/** PM compliance (% completed on time) by month: one chart per lab, a series per frequency. */
export function ComplianceSection({ filters, printable = false }: { filters: ReportFilters; printable?: boolean }) {
  const styles = useStyles();
  const q = query(filters);
  const { data, error, loading, reload } = useLoad("report-compliance", () => api.get<ComplianceReport>("/api/reports/compliance", q), [JSON.stringify(q)]);
  const rows = data?.rows ?? [];
  const labs = [...new Map(rows.map((r) => [r.labId, r])).values()];
  const months = [...new Set(rows.map((r) => r.month))].sort();

  return (
    <section className={styles.section} aria-labelledby="compliance-title">
      <Subtitle1 as="h2" id="compliance-title">PM compliance by month</Subtitle1>
      {!printable && <ExportButtons name="compliance" query={q} label="PM compliance" />}
      <Loading loading={loading} what="the compliance report" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && rows.length === 0 && <Text>No records were due in this period.</Text>}
      {labs.map((lab) => {
        const labRows = rows.filter((r) => r.labId === lab.labId);
        const frequencies = FREQUENCIES.filter((f) => labRows.some((r) => r.frequency === f));
        return (
          <div key={lab.labId} className={styles.card}>
            <Subtitle2 as="h3">{lab.labCode} — {lab.labName}</Subtitle2>
            <BarChart
              title={`PM compliance, ${lab.labCode}, percent completed on time by month`}
              unit="%"
              max={100}
              series={frequencies.map((f) => ({ label: frequencyLabel(f), color: FREQUENCY_COLORS[f] }))}
              groups={months.map((month) => ({ label: month, values: frequencies.map((f) => labRows.find((r) => r.month === month && r.frequency === f)?.compliancePct ?? null) }))}
            />
            <Table size="small" aria-label={`Compliance figures for ${lab.labCode}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Month</TableHeaderCell>
                  <TableHeaderCell>Frequency</TableHeaderCell>
                  <TableHeaderCell>Due</TableHeaderCell>
                  <TableHeaderCell>On time</TableHeaderCell>
                  <TableHeaderCell>Late</TableHeaderCell>
                  <TableHeaderCell>Overdue</TableHeaderCell>
                  <TableHeaderCell>Open</TableHeaderCell>
                  <TableHeaderCell>Reviewed</TableHeaderCell>
                  <TableHeaderCell>Awaiting review</TableHeaderCell>
                  <TableHeaderCell>Compliance</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {labRows.map((r) => (
                  <TableRow key={`${r.month}-${r.frequency}`}>
                    <TableCell>{r.month}</TableCell>
                    <TableCell>{frequencyLabel(r.frequency)}</TableCell>
                    <TableCell>{r.due}</TableCell>
                    <TableCell>{r.completedOnTime}</TableCell>
                    <TableCell>{r.completedLate}</TableCell>
                    <TableCell>{r.overdue}</TableCell>
                    <TableCell>{r.open}</TableCell>
                    <TableCell>{r.reviewed}</TableCell>
                    <TableCell>{r.unreviewed}</TableCell>
                    <TableCell>{r.compliancePct === null ? "—" : `${r.compliancePct}%`}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        );
      })}
    </section>
  );
}
