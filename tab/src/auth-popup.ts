import { app, authentication } from "@microsoft/teams-js";

declare const __LABKEEP_CLIENT_ID__: string;

/**
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
    const params = new URLSearchParams({
      client_id: __LABKEEP_CLIENT_ID__,
      response_type: "code",
      response_mode: "fragment",
      redirect_uri: `${window.location.origin}/auth-end.html`,
      scope: `api://${window.location.host}/${__LABKEEP_CLIENT_ID__}/access_as_user openid profile`,
      prompt: "consent",
      state: crypto.randomUUID(),
      login_hint: new URLSearchParams(window.location.search).get("loginHint") ?? context.user?.loginHint ?? "",
    });
    window.location.assign(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?${params}`);
    return;
  }
  const result = new URLSearchParams(window.location.hash.slice(1));
  if (result.get("error")) authentication.notifyFailure(result.get("error_description") ?? result.get("error") ?? "consent failed");
  else authentication.notifySuccess("consented");
}

void run();
