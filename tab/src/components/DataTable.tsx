import type { HTMLAttributes, ReactNode } from "react";
import {
  DataGrid, DataGridBody, DataGridCell, DataGridHeader, DataGridHeaderCell, DataGridRow, makeStyles, mergeClasses, tokens,
  type TableColumnDefinition, type TableColumnId, type TableRowId,
} from "@fluentui/react-components";

const useStyles = makeStyles({
  scroll: {
    overflow: "auto", borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  // The header stays in view while the rows scroll under it.
  head: { position: "sticky", top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  empty: { padding: tokens.spacingHorizontalM, margin: 0 },
});

export type SortDirection = "ascending" | "descending";
/** Which column a table is sorted on; a server-sorted list turns it into `sort` and `dir` query parameters. */
export interface TableSort {
  column: string;
  direction: SortDirection;
}

/** `{ sort, dir }` for a list endpoint, or nothing (the server's usual order). */
export function sortQuery(sort: TableSort | null): { sort?: string; dir?: "asc" | "desc" } {
  return sort ? { sort: sort.column, dir: sort.direction === "ascending" ? "asc" : "desc" } : {};
}

/** A column of a DataTable: `sortable` for a server-sorted list, `compare` for a list sorted here. */
export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (item: T) => ReactNode;
  compare?: (a: T, b: T) => number;
  sortable?: boolean;
}

// Fluent sorts a column whose compare declares parameters; a server-sorted column compares equal,
// so the page keeps the server's order (a stable sort) while the header still toggles.
const keepOrder = (_a: unknown, _b: unknown) => 0;
const unsorted = () => 0;

function definitions<T>(columns: Column<T>[]): TableColumnDefinition<T>[] {
  return columns.map((column) => ({
    columnId: column.id,
    compare: column.compare ?? (column.sortable ? keepOrder : unsorted),
    renderHeaderCell: () => column.header,
    renderCell: column.cell,
  }));
}

/**
 * The tab's one table: Fluent's DataGrid with typed columns, sortable headers (aria-sort set by
 * Fluent), a sticky header in a scrolling, focusable region, and an empty-list message. With
 * `sort` and `onSortChange` the sort is controlled (a server-sorted list reloads on a click);
 * without them columns with `compare` sort the rows on screen.
 */
export function DataTable<T>({ items, columns, getRowId, label, sort, onSortChange, rowProps, empty, maxHeight, testId, selection, rowName }: {
  items: T[];
  columns: Column<T>[];
  getRowId: (item: T) => TableRowId;
  /** The table's accessible name. */
  label: string;
  sort?: TableSort | null;
  onSortChange?: (sort: TableSort) => void;
  /** Extra attributes (class, data-*) of a row, e.g. to mark overdue rows. */
  rowProps?: (item: T) => HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string | boolean>;
  empty?: ReactNode;
  maxHeight?: string;
  testId?: string;
  /** Rows picked with checkboxes (e.g. equipment to print labels for). */
  selection?: { selected: ReadonlySet<TableRowId>; onChange: (selected: Set<TableRowId>) => void };
  /** A row's name for its checkbox's label ("Select BOS-INC-001"). */
  rowName?: (item: T) => string;
}) {
  const styles = useStyles();
  const controlled = onSortChange
    ? {
        sortState: sort ? { sortColumn: sort.column as TableColumnId, sortDirection: sort.direction } : { sortColumn: undefined, sortDirection: "ascending" as const },
        onSortChange: (_: unknown, state: { sortColumn: TableColumnId | undefined; sortDirection: SortDirection }) => {
          if (state.sortColumn !== undefined) onSortChange({ column: String(state.sortColumn), direction: state.sortDirection });
        },
      }
    : {};
  const selecting = selection
    ? { selectionMode: "multiselect" as const, selectedItems: selection.selected, onSelectionChange: (_: unknown, d: { selectedItems: Set<TableRowId> }) => selection.onChange(new Set(d.selectedItems)) }
    : {};
  return (
    <div className={styles.scroll} style={maxHeight ? { maxHeight } : undefined} tabIndex={0} role="region" aria-label={`${label} (scrolls)`}>
      <DataGrid items={items} columns={definitions(columns)} sortable getRowId={getRowId} size="small" aria-label={label} data-testid={testId} {...controlled} {...selecting}>
        <DataGridHeader className={styles.head}>
          <DataGridRow selectionCell={selection ? { checkboxIndicator: { "aria-label": "Select all" } } : undefined}>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
        </DataGridHeader>
        <DataGridBody<T>>
          {({ item, rowId }) => {
            const extra = rowProps?.(item) ?? {};
            return (
              <DataGridRow<T> key={rowId} {...extra} className={mergeClasses(extra.className)}
                selectionCell={selection ? { checkboxIndicator: { "aria-label": `Select ${rowName?.(item) ?? String(rowId)}` } } : undefined}>
                {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
              </DataGridRow>
            );
          }}
        </DataGridBody>
      </DataGrid>
      {items.length === 0 && empty && <p className={styles.empty}>{empty}</p>}
    </div>
  );
}
