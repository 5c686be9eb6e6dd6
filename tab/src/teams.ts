import { app, authentication, barCode, chat, dialog, pages } from "@microsoft/teams-js";

/** Where the tab runs: inside a Teams host, or a plain browser (development). */
export type HostMode = "teams" | "browser";
export type TeamsTheme = "default" | "dark" | "contrast";

export interface HostInfo {
  mode: HostMode;
  theme: TeamsTheme | null;
  /** Deep-link target from the Teams context (`subPageId`), e.g. `record/42`. */
  subPageId: string | null;
  /** `settings` when Teams shows the channel tab's configuration page. */
  frameContext: string | null;
  /** The lab a channel tab was configured for (its `entityId` is `lab-<id>`). */
  entityId: string | null;
  loginHint: string | null;
  /** The Microsoft 365 host (`app.getContext().app.host.name`): Teams, Outlook, Office, …; null in a plain browser. */
  hostName: string | null;
  /** desktop, web, android, ios, …; null in a plain browser. */
  clientType: string | null;
}

const INIT_TIMEOUT_MS = 4000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error); },
    );
  });
}

/**
 * Teams loads the tab framed (web, desktop) or with `?inTeams=1` in the manifest's content URL
 * (mobile webviews). A top-level page without that hint is a plain browser: skip the SDK's
 * handshake, which would only time out.
 */
function mayBeInTeams(): boolean {
  const params = new URLSearchParams(window.location.search);
  if (params.get("inTeams") === "1") return true;
  try {
    return window.parent !== window || window.opener != null;
  } catch {
    return true;
  }
}

let mode: HostMode = "browser";

export async function initializeHost(): Promise<HostInfo> {
  const browser: HostInfo = { mode: "browser", theme: null, subPageId: null, frameContext: null, entityId: null, loginHint: null, hostName: null, clientType: null };
  if (!mayBeInTeams()) return browser;
  try {
    await withTimeout(app.initialize(), INIT_TIMEOUT_MS);
    const context = await withTimeout(app.getContext(), INIT_TIMEOUT_MS);
    mode = "teams";
    void app.notifySuccess();
    return {
      mode,
      theme: (context.app.theme as TeamsTheme) ?? "default",
      subPageId: context.page.subPageId || null,
      frameContext: context.page.frameContext ?? null,
      entityId: context.page.id || null,
      loginHint: context.user?.loginHint ?? context.user?.userPrincipalName ?? null,
      hostName: context.app.host.name ?? null,
      clientType: context.app.host.clientType ?? null,
    };
  } catch {
    return browser;
  }
}

export function hostMode(): HostMode {
  return mode;
}

/**
 * What this host can do, asked of teams-js (each `isSupported()` answers for the host the tab runs
 * in: Teams mobile scans barcodes, Outlook and the Microsoft 365 app have no chats with the bot,
 * and so on). Features a host lacks are hidden, never offered to fail. Nothing in a plain browser.
 */
export interface HostCapabilities {
  scan: boolean;
  dialogs: boolean;
  chat: boolean;
}

function supported(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    // teams-js throws when it is not initialized or the host does not answer: not supported.
    return false;
  }
}

export function hostCapabilities(): HostCapabilities {
  if (mode !== "teams") return { scan: false, dialogs: false, chat: false };
  return { scan: supported(() => barCode.isSupported()), dialogs: supported(() => dialog.isSupported()), chat: supported(() => chat.isSupported()) };
}

/** Opens the device camera (Teams mobile) and answers the text of the barcode or QR code read. */
export async function scanLabel(): Promise<string> {
  if (!(await barCode.hasPermission()) && !(await barCode.requestPermission())) throw new Error("Labkeep may not use the camera: allow it in the device settings.");
  return barCode.scanBarCode({ timeOutIntervalInSec: 30 });
}

export function onTeamsThemeChange(handler: (theme: TeamsTheme) => void): void {
  if (mode === "teams") app.registerOnThemeChangeHandler((theme) => handler(theme as TeamsTheme));
}

/** Errors from getAuthToken that mean the user (or an admin) has not consented yet. */
function needsConsent(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  return /consent|interaction_required|invalid_grant|resourceRequiresMfa/i.test(text);
}

let consentPromise: Promise<void> | null = null;

/** Opens the consent pop-up (auth-start.html → Entra → auth-end.html) once. */
function requestConsent(loginHint: string | null): Promise<void> {
  consentPromise ??= authentication
    .authenticate({
      url: `${window.location.origin}/auth-start.html${loginHint ? `?loginHint=${encodeURIComponent(loginHint)}` : ""}`,
      width: 600,
      height: 535,
    })
    .then(() => undefined)
    .finally(() => { consentPromise = null; });
  return consentPromise;
}

/** The Teams SSO token for our API; asks for consent first when Entra says it is missing. */
export async function teamsToken(loginHint: string | null): Promise<string> {
  try {
    return await authentication.getAuthToken();
  } catch (error) {
    if (!needsConsent(error)) throw error;
    await requestConsent(loginHint);
    return authentication.getAuthToken();
  }
}

/** Channel tab configuration: save the chosen lab as the tab's entity id and content URL. */
export function registerConfigSave(getLab: () => { id: number; code: string } | null): void {
  pages.config.registerOnSaveHandler((event) => {
    const lab = getLab();
    if (!lab) { event.notifyFailure("Pick a lab"); return; }
    const origin = window.location.origin;
    pages.config
      .setConfig({
        entityId: `lab-${lab.id}`,
        contentUrl: `${origin}/?inTeams=1&lab=${lab.id}`,
        websiteUrl: `${origin}/?lab=${lab.id}`,
        suggestedDisplayName: `Labkeep ${lab.code}`,
      })
      .then(() => event.notifySuccess(), (error: unknown) => event.notifyFailure(String(error)));
  });
}

export function setConfigValid(valid: boolean): void {
  pages.config.setValidityState(valid);
}

/**
 * R-SIGN in Teams: a fresh Entra sign-in (`prompt=login`) in the authentication pop-up. The pop-up
 * (auth-start.html?purpose=sign) asks Entra for an access token to our API with the implicit grant
 * and hands it back; the server checks its `auth_time` against SIGNATURE_AUTH_MAX_AGE_SECONDS.
 * Teams SSO (getAuthToken) cannot be used: it never re-prompts, so its auth_time is old.
 */
export async function teamsSigningToken(loginHint: string | null): Promise<string> {
  const query = new URLSearchParams({ purpose: "sign", ...(loginHint ? { loginHint } : {}) });
  return authentication.authenticate({ url: `${window.location.origin}/auth-start.html?${query}`, width: 600, height: 535 });
}
