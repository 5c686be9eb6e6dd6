import { useCallback, useEffect, useState } from "react";
import { FluentProvider, Spinner, makeStaticStyles, makeStyles, tokens } from "@fluentui/react-components";
import { useQueryClient } from "@tanstack/react-query";
import type { HostInfo } from "../teams.ts";
import { useTheme, THEMES } from "./theme.ts";
import { ApiError, api, devToken, errorText, onDevTokenRejected, setCurrentLab, setDevToken, setLoginHint } from "../api/client.ts";
import type { Me } from "../api/types.ts";
import { DevSignIn } from "./DevSignIn.tsx";
import { AppShell } from "./AppShell.tsx";
import { SessionContext, principalFromMe, type Session } from "./session.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";

// The browser's default 8px body margin showed as a white frame around the dark and high-contrast themes.
const useGlobalStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  // On a div inside the provider, not on the provider: Fluent copies the provider's class onto every
  // portal (dialogs, dropdown lists), where a full-height opaque box covered the page.
  root: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  centre: { display: "flex", justifyContent: "center", paddingTop: "20vh" },
});

const LAB_KEY = "labkeep.lab";

/** The lab to start with: the channel tab's lab, the URL's, the last picked, the server's choice. */
function initialLab(host: HostInfo, me: Me): number | null {
  const visible = new Set(me.labs.map((lab) => lab.id));
  const candidates = [
    host.entityId?.startsWith("lab-") ? Number(host.entityId.slice(4)) : null,
    Number(new URLSearchParams(window.location.search).get("lab")) || null,
    Number(localStorage.getItem(LAB_KEY)) || null,
    me.currentLabId,
    me.user.primaryLabId,
    me.labs[0]?.id ?? null,
  ];
  return candidates.find((id) => id !== null && visible.has(id)) ?? null;
}

export function Root({ host }: { host: HostInfo }) {
  useGlobalStyles();
  const styles = useStyles();
  const { theme, choice, setChoice } = useTheme(host);
  // color-scheme makes the browser's own parts (number spin buttons, scroll bars, date pickers) follow
  // the theme; on the document, so that dialogs (portals outside the provider's element) follow too.
  useEffect(() => { document.documentElement.style.colorScheme = theme === "default" ? "light" : "dark"; }, [theme]);
  const [me, setMe] = useState<Me | null>(null);
  const [labId, setLab] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const queries = useQueryClient();
  const [needsSignIn, setNeedsSignIn] = useState(host.mode === "browser" && !devToken());
  const [signInNotice, setSignInNotice] = useState<string | null>(null);
  setLoginHint(host.loginHint);

  // A refused development token (the server restarted, or the token ran out) sends the user back to
  // the sign-in page with the reason, from whichever call noticed it.
  useEffect(() => {
    onDevTokenRejected((reason) => {
      queries.clear();
      setMe(null);
      setSignInNotice(reason);
      setNeedsSignIn(true);
    });
    return () => onDevTokenRejected(null);
  }, [queries]);

  const loadMe = useCallback(async () => {
    setError(null);
    try {
      const loaded = await api.get<Me>("/api/me");
      const lab = initialLab(host, loaded);
      setCurrentLab(lab);
      setLab(lab);
      setMe(loaded);
    } catch (caught) {
      if (host.mode === "browser" && caught instanceof ApiError && caught.status === 401) {
        setDevToken(null);
        setNeedsSignIn(true);
      } else setError(errorText(caught));
    }
  }, [host]);

  useEffect(() => {
    if (!needsSignIn) void loadMe();
  }, [needsSignIn, loadMe]);

  const setLabId = (next: number) => {
    localStorage.setItem(LAB_KEY, String(next));
    setCurrentLab(next);
    setLab(next);
  };

  const signOut = host.mode === "browser"
    // The next user must not see the previous user's cached answers.
    ? () => { setDevToken(null); queries.clear(); setMe(null); setNeedsSignIn(true); }
    : null;

  let content;
  if (needsSignIn) content = <DevSignIn notice={signInNotice} onSignedIn={() => { setSignInNotice(null); setNeedsSignIn(false); }} />;
  else if (error) content = <div className={styles.centre}><ErrorBar message={`Could not load your profile: ${error}`} onRetry={loadMe} /></div>;
  else if (!me) content = <div className={styles.centre}><Spinner label="Loading Labkeep…" /></div>;
  else {
    const session: Session = { me, principal: principalFromMe(me), labs: me.labs, labId, setLabId, signOut };
    content = (
      <SessionContext.Provider value={session}>
        <AppShell host={host} themeChoice={choice} setThemeChoice={setChoice} />
      </SessionContext.Provider>
    );
  }
  return (
    <FluentProvider theme={THEMES[theme]} data-theme={theme}>
      <div className={styles.root}>{content}</div>
    </FluentProvider>
  );
}
