import { Suspense, lazy } from "react";
import { Badge, Button, Field, Select, Spinner, Tab, TabList, Text, makeStyles, tokens } from "@fluentui/react-components";
import { hostCapabilities, type HostInfo } from "../teams.ts";
import { useSession } from "./session.ts";
import { navItems } from "./nav.ts";
import { navigate, useRoute } from "./routes.ts";
import type { ThemeChoice } from "./theme.ts";
import { MaintenancePage } from "../pages/maintenance/MaintenancePage.tsx";

const ReviewsPage = lazy(() => import("../pages/reviews/ReviewsPage.tsx"));
const EquipmentPage = lazy(() => import("../pages/equipment/EquipmentPage.tsx"));
const CorrectiveActionsPage = lazy(() => import("../pages/corrective/CorrectiveActionsPage.tsx"));
const ModelsPage = lazy(() => import("../pages/models/ModelsPage.tsx"));
const UsersPage = lazy(() => import("../pages/users/UsersPage.tsx"));
const AuditPage = lazy(() => import("../pages/audit/AuditPage.tsx"));
const AuditReviewPage = lazy(() => import("../pages/review/AuditReviewPage.tsx"));
const ReportsPage = lazy(() => import("../pages/reports/ReportsPage.tsx"));
const LabsPage = lazy(() => import("../pages/labs/LabsPage.tsx"));
const MyWorkPage = lazy(() => import("../pages/mywork/MyWorkPage.tsx"));
const ImportPage = lazy(() => import("../pages/import/ImportPage.tsx"));
const ConfigPage = lazy(() => import("../pages/config/ConfigPage.tsx"));
const ScanPage = lazy(() => import("../pages/scan/ScanPage.tsx"));

const useStyles = makeStyles({
  header: {
    display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    "@media print": { display: "none" },
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase500, alignSelf: "center" },
  // At phone width the tabs scroll inside their own strip, never the page.
  nav: { alignSelf: "center", maxWidth: "100%", overflowX: "auto" },
  spacer: { flexGrow: 1 },
  user: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, alignSelf: "center" },
  // Wide tables (the audit trail, report tables) scroll sideways inside the content at phone width;
  // the page itself and its header never do.
  main: { padding: tokens.spacingHorizontalL, overflowX: "auto" },
  picker: { maxWidth: "200px" },
  theme: { maxWidth: "130px" },
});

const THEME_OPTIONS: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "default", label: "Light" },
  { value: "dark", label: "Dark" },
  { value: "contrast", label: "High contrast" },
];

export function AppShell({ host, themeChoice, setThemeChoice }: { host: HostInfo; themeChoice: ThemeChoice; setThemeChoice: ((choice: ThemeChoice) => void) | null }) {
  const styles = useStyles();
  const session = useSession();
  const route = useRoute();
  const items = navItems(session.principal);
  // Scanning a label leads to records: offered to whoever may see some (every role).
  const canScanPage = items.some((item) => item.page === "maintenance");
  const allowed = route.page === "config" || (route.page === "scan" && canScanPage) || items.some((item) => item.page === route.page);
  const page = allowed ? route.page : (items.find((item) => item.page === "maintenance") ?? items[0])?.page ?? "maintenance";

  // Teams shows the channel tab's configuration page in its own dialog: no app chrome there.
  if (route.page === "config") {
    return (
      <main className={styles.main}>
        <Suspense fallback={<Spinner label="Loading…" />}><ConfigPage /></Suspense>
      </main>
    );
  }

  return (
    <>
      <header className={styles.header}>
        <span className={styles.brand}>Labkeep</span>
        {host.mode === "browser" && <Badge color="warning" appearance="filled">Development sign-in</Badge>}
        <nav aria-label="Main" className={styles.nav}>
          <TabList size="small" selectedValue={page} onTabSelect={(_, data) => navigate(`#/${String(data.value)}`)}>
            {items.map((item) => <Tab key={item.page} value={item.page}>{item.label}</Tab>)}
          </TabList>
        </nav>
        <span className={styles.spacer} />
        {canScanPage && (
          <Button size="small" appearance={page === "scan" ? "primary" : "secondary"} aria-current={page === "scan" ? "page" : undefined} onClick={() => navigate("#/scan")}>
            Scan
          </Button>
        )}
        {session.labs.length > 0 && (
          <Field label="Current lab" size="small">
            <Select className={styles.picker} size="small" value={session.labId === null ? "" : String(session.labId)} onChange={(_, data) => session.setLabId(Number(data.value))}>
              {session.labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code} — {lab.name}</option>)}
            </Select>
          </Field>
        )}
        {setThemeChoice && (
          <Field label="Theme" size="small">
            <Select className={styles.theme} size="small" value={themeChoice} onChange={(_, data) => setThemeChoice(data.value as ThemeChoice)}>
              {THEME_OPTIONS.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
            </Select>
          </Field>
        )}
        <span className={styles.user}>
          <Text size={200}>{session.me.user.displayName}</Text>
          {session.signOut && <Button size="small" onClick={session.signOut}>Sign out</Button>}
        </span>
      </header>
      <main className={styles.main}>
        <Suspense fallback={<Spinner label="Loading…" />}>
          {page === "maintenance" && <MaintenancePage key={session.labId} rest={route.rest} />}
          {page === "reviews" && <ReviewsPage key={session.labId} />}
          {page === "equipment" && <EquipmentPage key={session.labId} rest={route.rest} />}
          {page === "corrective" && <CorrectiveActionsPage key={session.labId} rest={route.rest} />}
          {page === "models" && <ModelsPage rest={route.rest} />}
          {page === "users" && <UsersPage key={session.labId} rest={route.rest} />}
          {page === "audit" && <AuditPage />}
          {page === "trail" && <AuditReviewPage />}
          {page === "reports" && <ReportsPage rest={route.rest} />}
          {page === "labs" && <LabsPage />}
          {page === "import" && <ImportPage />}
          {page === "scan" && <ScanPage canScan={hostCapabilities().scan} />}
          {page === "mywork" && <MyWorkPage />}
        </Suspense>
      </main>
    </>
  );
}
