import { useState } from "react";
import {
  Badge, Button, DataGrid, DataGridBody, DataGridCell, DataGridHeader, DataGridHeaderCell, DataGridRow, Tab, TabList, Text, Title2,
  createTableColumn, makeStyles, tokens, type TableColumnDefinition,
} from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Page, ReviewQueueItem } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { ListCount } from "../../components/ListCount.tsx";
import { Loading } from "../../components/Loading.tsx";
import { formatLabTime, frequencyLabel, recordClock } from "../../components/format.ts";
import { useLoad } from "../../components/useLoad.ts";
import { navigate } from "../../shell/routes.ts";
import { useCan, useSession } from "../../shell/session.ts";
import { ReturnDialog, ReviewDialog } from "./ReviewDialogs.tsx";

const PAGE_SIZE = 25;

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "center", marginBottom: tokens.spacingVerticalM },
  grid: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium, maxHeight: "70vh", overflowY: "auto" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  pager: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalM },
});

type View = "awaiting" | "returned";
type Deciding = { item: ReviewQueueItem; kind: "review" | "return" } | null;

function columns(view: View, decide: (d: NonNullable<Deciding>) => void, className: string): TableColumnDefinition<ReviewQueueItem>[] {
  const cols: TableColumnDefinition<ReviewQueueItem>[] = [
    createTableColumn({ columnId: "number", renderHeaderCell: () => "Record", renderCell: (r) => r.number }),
    createTableColumn({ columnId: "equipment", renderHeaderCell: () => "Equipment", renderCell: (r) => `${r.equipment.assetTag} · ${r.equipment.modelName}` }),
    createTableColumn({ columnId: "frequency", renderHeaderCell: () => "Frequency", renderCell: (r) => frequencyLabel(r.frequency) }),
    createTableColumn({ columnId: "performer", renderHeaderCell: () => "Completed by", renderCell: (r) => r.completedBy?.displayName ?? "" }),
    createTableColumn({ columnId: "completedAt", renderHeaderCell: () => "Completed", renderCell: (r) => formatLabTime(r.completedAt, recordClock(r)) }),
    createTableColumn({
      columnId: "result",
      renderHeaderCell: () => "Result",
      renderCell: (r) => (r.result === "FAIL" ? <Badge appearance="tint" color="danger">Fail</Badge> : <Badge appearance="tint" color="success">Pass</Badge>),
    }),
  ];
  if (view === "returned") {
    cols.push(createTableColumn({ columnId: "reason", renderHeaderCell: () => "Returned because", renderCell: (r) => `${r.review.comment ?? ""} (${r.review.by?.displayName ?? ""})` }));
    cols.push(createTableColumn({ columnId: "open", renderHeaderCell: () => "Actions", renderCell: (r) => <Button size="small" aria-label={`Open ${r.number}`} onClick={() => navigate(`#/maintenance/record/${r.id}`)}>Open</Button> }));
    return cols;
  }
  cols.push(
    createTableColumn({ columnId: "why", renderHeaderCell: () => "Note", renderCell: (r) => r.review.reason ?? "" }),
    createTableColumn({
      columnId: "actions",
      renderHeaderCell: () => "Actions",
      renderCell: (r) => (
        <span className={className}>
          <Button size="small" appearance="primary" aria-label={`Review ${r.number}`} onClick={() => decide({ item: r, kind: "review" })}>Review…</Button>
          <Button size="small" aria-label={`Return ${r.number}`} onClick={() => decide({ item: r, kind: "return" })}>Return…</Button>
        </span>
      ),
    }),
  );
  return cols;
}

/**
 * The review queue (R-REVIEW): completed records awaiting the reader's review (someone else
 * performed them), oldest first, paged; and the reader's own records returned to them.
 */
export default function ReviewsPage() {
  const styles = useStyles();
  const can = useCan();
  const { labId } = useSession();
  const reviewer = can("record", "review");
  const [view, setView] = useState<View>(reviewer ? "awaiting" : "returned");
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<Deciding>(null);
  const path = view === "awaiting" ? "/api/reviews" : "/api/reviews/returned";
  const { data, error, loading, reload } = useLoad("reviews", () => api.get<Page<ReviewQueueItem>>(path, { labId, page, pageSize: PAGE_SIZE }), [view, labId, page]);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const done = () => {
    setDeciding(null);
    reload();
  };
  return (
    <section aria-labelledby="reviews-title">
      <Title2 as="h1" id="reviews-title">Reviews</Title2>
      <div className={styles.bar}>
        <TabList selectedValue={view} onTabSelect={(_, d) => { setView(d.value as View); setPage(1); }} aria-label="Review lists">
          {reviewer && <Tab value="awaiting">Awaiting my review</Tab>}
          <Tab value="returned">Returned to me</Tab>
        </TabList>
      </div>
      <Loading loading={loading} what="reviews" />
      {error && <ErrorBar message={error} onRetry={reload} />}
      {data && (
        <>
          <ListCount total={data.total} shown={data.items.length} one={view === "awaiting" ? "record awaits your review" : "record returned to you"} many={view === "awaiting" ? "records await your review" : "records returned to you"} />
          <div className={styles.grid}>
            <DataGrid items={data.items} columns={columns(view, setDeciding, styles.actions)} getRowId={(r: ReviewQueueItem) => r.id} size="small" aria-label={view === "awaiting" ? "Records awaiting my review" : "Records returned to me"} data-testid="reviews-grid">
              <DataGridHeader>
                <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
              </DataGridHeader>
              <DataGridBody<ReviewQueueItem>>
                {({ item, rowId }) => <DataGridRow<ReviewQueueItem> key={rowId}>{({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}</DataGridRow>}
              </DataGridBody>
            </DataGrid>
            {data.items.length === 0 && <Text block>{view === "awaiting" ? "Nothing awaits your review." : "None of your records was returned."}</Text>}
          </div>
          <nav className={styles.pager} aria-label="Review pages">
            <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</Button>
            <Text>Page {page} of {pages}</Text>
            <Button disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</Button>
          </nav>
        </>
      )}
      {deciding?.kind === "review" && <ReviewDialog item={deciding.item} onClose={() => setDeciding(null)} onDone={done} />}
      {deciding?.kind === "return" && <ReturnDialog item={deciding.item} onClose={() => setDeciding(null)} onDone={done} />}
    </section>
  );
}
