import { useState } from "react";
import { Button, Field, Input, Link, Select, Tab, TabList, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { labScope } from "../../../../domain/policy/policy.ts";
import { FREQUENCIES } from "../../api/types.ts";
import { labClock, useSession } from "../../shell/session.ts";
import { navigate } from "../../shell/routes.ts";
import { formatLabDays, formatLabTime, frequencyLabel, isoDay } from "../../components/format.ts";
import { labIsoDay, type LabClock } from "../../../../domain/time/format.ts";
import { ComplianceSection } from "./ComplianceSection.tsx";
import { AgeingSection } from "./AgeingSection.tsx";
import { HistorySection } from "./HistorySection.tsx";
import { CorrectiveSection } from "./CorrectiveSection.tsx";

const useStyles = makeStyles({
  filters: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", margin: `${tokens.spacingVerticalM} 0` },
  print: {
    "@media print": { display: "none" },
  },
  sheet: { display: "grid", gap: tokens.spacingVerticalXL },
});

export interface ReportFilters {
  labId: string;
  frequency: string;
  from: string;
  to: string;
}

/** The last six months up to the lab's today (its own calendar, not UTC's). */
function defaultFilters(labId: number | null, everyLab: boolean, clock: LabClock): ReportFilters {
  const today = labIsoDay(new Date(), clock);
  const [year, month] = today.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 6, 1));
  return { labId: everyLab ? "" : String(labId ?? ""), frequency: "", from: isoDay(start), to: today };
}

/**
 * Reports (loaded lazily, off the initial bundle): compliance by month, overdue ageing, open
 * corrective actions with ageing, equipment history, CSV / Excel exports; `#/reports/print` is a print view for external auditors.
 */
export default function ReportsPage({ rest }: { rest: string[] }) {
  const styles = useStyles();
  const session = useSession();
  const everyLab = labScope(session.principal, "audit", "view") === "all";
  const [filters, setFilters] = useState(() => defaultFilters(session.labId, everyLab, labClock(session, session.labId)));
  const [tab, setTab] = useState<"compliance" | "ageing" | "corrective" | "history">("compliance");
  const printing = rest[0] === "print";
  const set = (change: Partial<ReportFilters>) => setFilters((f) => ({ ...f, ...change }));

  const filterBar = (
    <div className={`${styles.filters} ${styles.print}`} role="search">
      <Field label="Lab">
        <Select value={filters.labId} onChange={(_, d) => set({ labId: d.value })}>
          {everyLab && <option value="">All labs</option>}
          {session.labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
        </Select>
      </Field>
      <Field label="Frequency">
        <Select value={filters.frequency} onChange={(_, d) => set({ frequency: d.value })}>
          <option value="">All frequencies</option>
          {FREQUENCIES.map((f) => <option key={f} value={f}>{frequencyLabel(f)}</option>)}
        </Select>
      </Field>
      <Field label="From"><Input type="date" value={filters.from} onChange={(_, d) => set({ from: d.value })} /></Field>
      <Field label="To"><Input type="date" value={filters.to} onChange={(_, d) => set({ to: d.value })} /></Field>
      {printing
        ? <><Button appearance="primary" onClick={() => window.print()}>Print</Button><Link href="#/reports">Back to reports</Link></>
        : <Button onClick={() => navigate("#/reports/print")}>Print view for auditors</Button>}
    </div>
  );

  if (printing) {
    return (
      <section aria-labelledby="reports-title" className={styles.sheet}>
        <Title2 as="h1" id="reports-title">Labkeep — preventive maintenance report</Title2>
        <p>Prepared {formatLabTime(new Date().toISOString(), labClock(session, session.labId))} by {session.me.user.displayName}. Period {formatLabDays(filters.from, filters.to, filters.labId ? labClock(session, Number(filters.labId)) : null)}{filters.labId ? "" : ", each lab's own days"}.</p>
        {filterBar}
        <ComplianceSection filters={filters} printable />
        <AgeingSection filters={filters} printable />
        <CorrectiveSection filters={filters} printable />
      </section>
    );
  }

  return (
    <section aria-labelledby="reports-title">
      <Title2 as="h1" id="reports-title">Reports</Title2>
      {filterBar}
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as typeof tab)} aria-label="Report">
        <Tab value="compliance">PM compliance</Tab>
        <Tab value="ageing">Overdue ageing</Tab>
        <Tab value="corrective">Open corrective actions</Tab>
        <Tab value="history">Equipment history</Tab>
      </TabList>
      {tab === "compliance" && <ComplianceSection filters={filters} />}
      {tab === "ageing" && <AgeingSection filters={filters} />}
      {tab === "corrective" && <CorrectiveSection filters={filters} />}
      {tab === "history" && <HistorySection labId={filters.labId} />}
    </section>
  );
}
