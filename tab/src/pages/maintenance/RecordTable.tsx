import { Badge, Button, Link, Text, Subtitle1, makeStyles, tokens } from "@fluentui/react-components";
import type { Frequency, RecordPage } from "../../api/types.ts";
import { formatDueBy, formatLabTime, frequencyLabel, recordClock } from "../../components/format.ts";
import { DataTable, type Column, type TableSort } from "../../components/DataTable.tsx";
import { isLate } from "./answers.ts";

const useStyles = makeStyles({
  heading: { display: "flex", alignItems: "baseline", gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalS },
  pager: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalS },
  overdue: { backgroundColor: tokens.colorPaletteRedBackground1, boxShadow: `inset 4px 0 0 ${tokens.colorPaletteRedBorder2}` },
  unassigned: { color: tokens.colorNeutralForeground3 },
});

/** A row of the list: the record and who was asked to do it. */
type RecordItem = RecordPage["items"][number];

function StatusBadge({ record }: { record: RecordItem }) {
  if (record.status === "COMPLETED") {
    return record.result === "FAIL"
      ? <Badge color="danger" appearance="tint">Completed · failed</Badge>
      : <Badge color="success" appearance="tint">Completed</Badge>;
  }
  if (record.status === "NOT_REQUIRED") return <Badge color="subtle" appearance="tint">Not required</Badge>;
  return record.overdue ? <Badge color="danger" appearance="filled">Overdue</Badge> : <Badge color="informative" appearance="tint">Due</Badge>;
}

function columns(onOpen: (id: number) => void, showCompleted: boolean, unassignedClass: string): Column<RecordItem>[] {
  const list: Column<RecordItem>[] = [
    { id: "number", header: "Record", sortable: true, cell: (record) => <Link as="button" onClick={() => onOpen(record.id)} aria-label={`Open record ${record.number}`}>{record.number}</Link> },
    { id: "assetTag", header: "Asset tag", sortable: true, cell: (record) => record.equipment.assetTag },
    { id: "model", header: "Model", sortable: true, cell: (record) => record.equipment.modelName },
    { id: "location", header: "Location", sortable: true, cell: (record) => record.equipment.location ?? "" },
    { id: "due", header: "Due", sortable: true, cell: (record) => formatDueBy(record.dueAt, recordClock(record)) },
    { id: "status", header: "Status", sortable: true, cell: (record) => <StatusBadge record={record} /> },
  ];
  if (showCompleted) {
    list.push({
      id: "completed", header: "Completed by", sortable: true,
      cell: (record) => (
        <>
          {record.completedBy && `${record.completedBy.displayName}, ${formatLabTime(record.completedAt, recordClock(record))}`}
          {isLate(record) && <>{" "}<Badge color="warning" appearance="tint">Late</Badge></>}
        </>
      ),
    });
  }
  // Last, so the columns before it read the same with or without completions.
  list.push({
    id: "assignee", header: "Assigned to", sortable: true,
    cell: (record) => record.assignee ? record.assignee.displayName : <span className={unassignedClass}>Unassigned</span>,
  });
  return list;
}

/**
 * One frequency's records, in the server's order: its usual one (open: overdue first by due time;
 * completed: newest period first) or the column the user sorted on (`sort`, `onSort`). `onPage`
 * shows paging controls for a list the server pages.
 */
export function RecordTable({ frequency, page, sort, onSort, onPage, onOpen }: {
  frequency: Frequency; page: RecordPage; sort: TableSort | null; onSort: (sort: TableSort) => void; onPage?: (page: number) => void; onOpen: (id: number) => void;
}) {
  const styles = useStyles();
  const items = page.items;
  const pageCount = Math.max(1, Math.ceil(page.total / page.pageSize));
  // Open records have no completion: the empty column only squeezed the due times onto two lines.
  const showCompleted = items.some((record) => record.status === "COMPLETED");
  const overdue = page.counts[frequency].overdue;
  const headingId = `records-${frequency.toLowerCase()}`;
  const first = (page.page - 1) * page.pageSize + 1;
  return (
    <section aria-labelledby={headingId} data-testid={`table-${frequency}`}>
      <div className={styles.heading}>
        <Subtitle1 as="h2" id={headingId}>{frequencyLabel(frequency)}</Subtitle1>
        <span data-testid="table-count">
          {page.total} record{page.total === 1 ? "" : "s"}{overdue > 0 && !showCompleted ? `, ${overdue} overdue` : ""}
          {page.total > items.length && items.length > 0 ? ` (showing ${first}–${first + items.length - 1})` : ""}
        </span>
      </div>
      <DataTable
        items={items}
        columns={columns(onOpen, showCompleted, styles.unassigned)}
        getRowId={(record) => record.id}
        label={`${frequencyLabel(frequency)} records`}
        sort={sort}
        onSortChange={onSort}
        maxHeight="320px"
        rowProps={(record) => ({ className: record.overdue ? styles.overdue : undefined, "data-overdue": record.overdue, "data-record-id": String(record.id) })}
      />
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
