import { useState } from "react";
import { Button, Select, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSubmit } from "../../components/useLoad.ts";

const useStyles = makeStyles({ row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", "@media print": { display: "none" } } });

/** "Print labels": the selected equipment's calibration status labels as a PDF (10 per A4 or Letter page, QR to the tab). */
export function PrintLabels({ ids }: { ids: number[] }) {
  const styles = useStyles();
  const [paper, setPaper] = useState<"A4" | "LETTER">("A4");
  const download = useSubmit();
  const print = () => void download.run(() => api.download("/api/calibrations/labels.pdf", { ids: ids.join(","), paper }, `labkeep-labels-${paper.toLowerCase()}.pdf`));
  return (
    <>
      <div className={styles.row}>
        <Select aria-label="Label paper size" value={paper} onChange={(_, d) => setPaper(d.value as "A4" | "LETTER")}>
          <option value="A4">A4</option>
          <option value="LETTER">Letter</option>
        </Select>
        <Button disabled={ids.length === 0 || download.busy} onClick={print}>{ids.length ? `Print labels (${ids.length})` : "Print labels"}</Button>
      </div>
      {download.error && <ErrorBar message={download.error} />}
    </>
  );
}
