import { useEffect, useState } from "react";
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { api, errorText, setDevToken } from "../api/client.ts";
import type { DevUser, Page } from "../api/types.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { roleLabel } from "../components/format.ts";

const useStyles = makeStyles({
  page: { maxWidth: "760px", margin: "0 auto", padding: tokens.spacingVerticalXXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  list: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(220px, 1fr))", gap: tokens.spacingHorizontalM, listStyle: "none", padding: 0, margin: 0 },
  user: { width: "100%", height: "100%", display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalXXS, padding: tokens.spacingVerticalM, textAlign: "left" },
});

/** Development sign-in: pick a demo user. The server offers it only outside production (R-AUTH-DEV). */
export function DevSignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: () => void }) {
  const styles = useStyles();
  const [users, setUsers] = useState<DevUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = () => {
    setError(null);
    api.get<Page<DevUser>>("/api/dev/users").then(
      (result) => setUsers(result.items),
      (caught: unknown) => setError(`The development sign-in is not available: ${errorText(caught)}`),
    );
  };
  useEffect(load, []);

  const signIn = async (upn: string) => {
    setBusy(upn);
    setError(null);
    try {
      const { token } = await api.post<{ token: string }>("/api/dev/token", { upn });
      setDevToken(token);
      onSignedIn();
    } catch (caught) {
      setError(errorText(caught));
      setBusy(null);
    }
  };

  return (
    <main className={styles.page}>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>Development sign-in</MessageBarTitle>
          For local use without a Microsoft Entra tenant. Inside Teams, Labkeep signs you in with your Microsoft account.
        </MessageBarBody>
      </MessageBar>
      {notice && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Title2 as="h1">Labkeep — choose a demo user</Title2>
      {error && <ErrorBar message={error} onRetry={load} />}
      {!users && !error && <Spinner label="Loading demo users…" />}
      {users && (
        <ul className={styles.list} aria-label="Demo users">
          {users.map((user) => (
            <li key={user.upn}>
              <Button className={styles.user} onClick={() => void signIn(user.upn)} disabled={busy !== null} aria-label={`Sign in as ${user.displayName}`}>
                <Subtitle1 as="span">{user.displayName}</Subtitle1>
                <Caption1 as="span">{user.upn}</Caption1>
                <Caption1 as="span">{describe(user)}</Caption1>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function describe(user: DevUser): string {
  const roles = user.roles.map((role) => roleLabel(role)).join(", ");
  return [roles, user.status === "DISABLED" ? "disabled" : ""].filter(Boolean).join(" · ");
}
