import { Badge, Button, Link, Text, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import type { Frequency, RecordPage, RecordSummary } from "../../api/types.ts";
import { formatDueBy, formatLabTime, frequencyLabel, recordClock } from "../../components/format.ts";
import { isLate } from "./answers.ts";

const useStyles = makeStyles({
  heading: { display: "flex", alignItems: "baseline", gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalS },
  scroll: {
    maxHeight: "320px", overflowY: "auto", borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground1,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  head: { position: "sticky", top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  pager: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalS },
  overdue: { backgroundColor: tokens.colorPaletteRedBackground1, boxShadow: `inset 4px 0 0 ${tokens.colorPaletteRedBorder2}` },
});

/** Overdue first, then by due time: what needs doing now is at the top. */
export function sortRecords(items: RecordSummary[]): RecordSummary[] {
  return [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt) || a.number.localeCompare(b.number));
}

function StatusBadge({ record }: { record: RecordSummary }) {
  if (record.status === "COMPLETED") {
    return record.result === "FAIL"
      ? <Badge color="danger" appearance="tint">Completed · failed</Badge>
      : <Badge color="success" appearance="tint">Completed</Badge>;
  }
  if (record.status === "NOT_REQUIRED") return <Badge color="subtle" appearance="tint">Not required</Badge>;
  return record.overdue ? <Badge color="danger" appearance="filled">Overdue</Badge> : <Badge color="informative" appearance="tint">Due</Badge>;
}

/**
 * One frequency's records. `serverOrder` keeps the server's order (completed: newest period first);
 * `onPage` shows paging controls for a list the server pages.
 */
export function RecordTable({ frequency, page, serverOrder = false, onPage, onOpen }: {
  frequency: Frequency; page: RecordPage; serverOrder?: boolean; onPage?: (page: number) => void; onOpen: (id: number) => void;
}) {
  const styles = useStyles();
  const items = serverOrder ? page.items : sortRecords(page.items);
  const pageCount = Math.max(1, Math.ceil(page.total / page.pageSize));
  // Open records have no completion: the empty column only squeezed the due times onto two lines.
  const showCompleted = items.some((record) => record.status === "COMPLETED");
  const overdue = items.filter((record) => record.overdue).length;
  const headingId = `records-${frequency.toLowerCase()}`;
  return (
    <section aria-labelledby={headingId} data-testid={`table-${frequency}`}>
      <div className={styles.heading}>
        <Subtitle1 as="h2" id={headingId}>{frequencyLabel(frequency)}</Subtitle1>
        <span>{page.total} record{page.total === 1 ? "" : "s"}{overdue > 0 ? `, ${overdue} overdue` : ""}{!onPage && page.total > items.length ? ` (showing ${items.length})` : ""}</span>
      </div>
      <div className={styles.scroll} tabIndex={0} role="region" aria-labelledby={headingId}>
        <Table size="small" aria-labelledby={headingId}>
          <TableHeader className={styles.head}>
            <TableRow>
              <TableHeaderCell>Record</TableHeaderCell>
              <TableHeaderCell>Asset tag</TableHeaderCell>
              <TableHeaderCell>Model</TableHeaderCell>
              <TableHeaderCell>Location</TableHeaderCell>
              <TableHeaderCell>Due</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              {showCompleted && <TableHeaderCell>Completed by</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((record) => (
              <TableRow key={record.id} className={record.overdue ? styles.overdue : undefined} data-overdue={record.overdue}>
                <TableCell>
                  <Link as="button" onClick={() => onOpen(record.id)} aria-label={`Open record ${record.number}`}>{record.number}</Link>
                </TableCell>
                <TableCell>{record.equipment.assetTag}</TableCell>
                <TableCell>{record.equipment.modelName}</TableCell>
                <TableCell>{record.equipment.location ?? ""}</TableCell>
                <TableCell>{formatDueBy(record.dueAt, recordClock(record))}</TableCell>
                <TableCell><StatusBadge record={record} /></TableCell>
                {showCompleted && (
                  <TableCell>
                    {record.completedBy && `${record.completedBy.displayName}, ${formatLabTime(record.completedAt, recordClock(record))}`}
                    {isLate(record) && <>{" "}<Badge color="warning" appearance="tint">Late</Badge></>}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {onPage && pageCount > 1 && (
        <nav className={styles.pager} aria-label={`${frequencyLabel(frequency)} pages`}>
          <Button size="small" disabled={page.page <= 1} onClick={() => onPage(page.page - 1)}>Previous</Button>
          <Text>Page {page.page} of {pageCount}</Text>
          <Button size="small" disabled={page.page >= pageCount} onClick={() => onPage(page.page + 1)}>Next</Button>
        </nav>
      )}
    </section>
  );
}
