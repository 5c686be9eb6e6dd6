import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSubmit } from "../../components/useLoad.ts";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, "@media print": { display: "none" } },
});

/** CSV and Excel downloads of a report (or of `base`, e.g. the equipment list) with the same filters as its JSON route. */
export function ExportButtons({ name, query, label, base = `/api/reports/${name}` }: { name: string; query: Record<string, string | number | boolean | null>; label: string; base?: string }) {
  const styles = useStyles();
  const download = useSubmit();
  const get = (format: "csv" | "xlsx") => void download.run(() => api.download(`${base}.${format}`, query, `labkeep-${name}.${format}`));
  return (
    <>
      <div className={styles.row}>
        <Button size="small" disabled={download.busy} onClick={() => get("csv")} aria-label={`Export ${label} as CSV`}>Export CSV</Button>
        <Button size="small" disabled={download.busy} onClick={() => get("xlsx")} aria-label={`Export ${label} as Excel`}>Export Excel</Button>
      </div>
      {download.error && <ErrorBar message={download.error} />}
    </>
  );
}
