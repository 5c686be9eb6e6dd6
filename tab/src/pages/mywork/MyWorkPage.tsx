import { Badge, Card, Link, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Page, WorkItem } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { formatDueBy, frequencyLabel, recordClock } from "../../components/format.ts";
import { useLoad } from "../../components/useLoad.ts";
import { NotificationSettingsSection } from "./NotificationSettings.tsx";

const REASON: Record<WorkItem["reason"], string> = { assigned: "Assigned to you", responsible: "You are responsible", deputy: "You stand in as deputy" };

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalS },
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, listStyleType: "none", margin: 0, padding: 0, width: "100%", maxWidth: "720px" },
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  top: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  subtle: { color: tokens.colorNeutralForeground3 },
});

/**
 * "My work" (issue 14 §3): the open records that are mine, earliest due first, as the server
 * orders them (GET /api/me/work). One card per record, so the page reads at phone width (360 px).
 */
export default function MyWorkPage() {
  const styles = useStyles();
  const { data, error, loading, reload } = useLoad("my-work", () => api.get<Page<WorkItem>>("/api/me/work"), []);
  const items = data?.items ?? [];
  return (
    <section aria-labelledby="my-work-title" className={styles.page}>
      <Title2 as="h1" id="my-work-title">My work</Title2>
      {error && <ErrorBar message={error} onRetry={reload} />}
      <Loading loading={loading} what="your work" />
      {data && <Text as="p">{`${data.total} to do · ${items.filter((i) => i.record.overdue).length} overdue`}</Text>}
      {data && items.length === 0 && <Text as="p">Nothing is assigned to you or due on instruments you answer for.</Text>}
      <ul className={styles.list} aria-label="My work">
        {items.map(({ record: r, reason }) => (
          <li key={r.id}>
            <Card className={styles.card} aria-label={`${r.number}, ${r.overdue ? "overdue" : "due"}`}>
              <div className={styles.top}>
                <Link href={`#/maintenance/record/${r.id}`}>{r.number}</Link>
                <Badge appearance="filled" color={r.overdue ? "danger" : "informative"}>{r.overdue ? "Overdue" : "Due"}</Badge>
                <Text>{frequencyLabel(r.frequency)}</Text>
              </div>
              <Text weight="semibold">{`${r.equipment.assetTag} · ${r.equipment.modelName}`}{r.equipment.location ? ` · ${r.equipment.location}` : ""}</Text>
              <Text size={200} className={styles.subtle}>{`Due ${formatDueBy(r.dueAt, recordClock(r))} · ${REASON[reason]}`}</Text>
            </Card>
          </li>
        ))}
      </ul>
      <NotificationSettingsSection />
    </section>
  );
}
