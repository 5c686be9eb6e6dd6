import { app, authentication } from "@microsoft/teams-js";

declare const __LABKEEP_CLIENT_ID__: string;

const SIGN_STATE_KEY = "labkeep.signState";

/**
 * The consent pop-up, and (purpose=sign, R-SIGN) the fresh sign-in to sign: `prompt=login` with the
 * implicit grant of an access token for our API, whose `auth_time` claim the server checks. The
 * app registration must allow that (see docs/compliance.md, "Signing in Teams").
 * The consent pop-up. auth-start.html sends the user to Entra's authorize endpoint asking for the
 * API scope; Entra returns to auth-end.html, which reports back to the tab. Tokens are not taken
 * from the pop-up: once consent exists the tab calls getAuthToken again.
 */
async function run(): Promise<void> {
  await app.initialize();
  const context = await app.getContext();
  const page = window.location.pathname;
  if (page.endsWith("auth-start.html")) {
    const tenant = context.user?.tenant?.id ?? "organizations";
    const search = new URLSearchParams(window.location.search);
    const hint = search.get("loginHint") ?? context.user?.loginHint ?? "";
    if (search.get("purpose") === "sign") {
      // The state comes back on auth-end.html in this same pop-up window: it tells the answer is ours.
      const state = `sign.${crypto.randomUUID()}`;
      sessionStorage.setItem(SIGN_STATE_KEY, state);
      const sign = new URLSearchParams({
        client_id: __LABKEEP_CLIENT_ID__,
        response_type: "token",
        response_mode: "fragment",
        redirect_uri: `${window.location.origin}/auth-end.html`,
        scope: `api://${window.location.host}/${__LABKEEP_CLIENT_ID__}/access_as_user`,
        prompt: "login",
        state,
        login_hint: hint,
      });
      window.location.assign(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?${sign}`);
      return;
    }
    const params = new URLSearchParams({
      client_id: __LABKEEP_CLIENT_ID__,
      response_type: "code",
      response_mode: "fragment",
      redirect_uri: `${window.location.origin}/auth-end.html`,
      scope: `api://${window.location.host}/${__LABKEEP_CLIENT_ID__}/access_as_user openid profile`,
      prompt: "consent",
      state: crypto.randomUUID(),
      login_hint: hint,
    });
    window.location.assign(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?${params}`);
    return;
  }
  const result = new URLSearchParams(window.location.hash.slice(1));
  const expected = sessionStorage.getItem(SIGN_STATE_KEY);
  if (expected && result.get("state") === expected) {
    sessionStorage.removeItem(SIGN_STATE_KEY);
    const token = result.get("access_token");
    // The signing token goes back to the tab only (notifySuccess), never into storage.
    if (token) authentication.notifySuccess(token);
    else authentication.notifyFailure(result.get("error_description") ?? result.get("error") ?? "sign-in to sign failed");
    return;
  }
  if (result.get("error")) authentication.notifyFailure(result.get("error_description") ?? result.get("error") ?? "consent failed");
  else authentication.notifySuccess("consented");
}

void run();
