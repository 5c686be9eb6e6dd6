import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Config } from "../server/config.ts";
import type { BotSettings } from "./context.ts";
import type { TokenSource } from "./sender/sender.ts";

const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com";
const LOGIN = "https://login.microsoftonline.com";

export function botSettings(config: Config): BotSettings {
  const settings: BotSettings = {
    appId: config.BOT_ID,
    password: config.BOT_PASSWORD,
    tenantId: config.BOT_TENANT_ID,
    type: config.BOT_TYPE,
    certThumbprint: config.BOT_CERT_THUMBPRINT,
    certKey: config.BOT_CERT_KEY,
    teamsAppId: config.TEAMS_APP_ID ?? "00000000-0000-0000-0000-000000000000",
    tabEntityId: config.BOT_TAB_ENTITY_ID,
  };
  if (settings.appId) {
    const hasSecret = Boolean(settings.password) || Boolean(settings.certThumbprint && settings.certKey) || settings.type === "UserAssignedMSI";
    if (!hasSecret) throw new Error("BOT_ID is set: also set BOT_PASSWORD, BOT_CERT_THUMBPRINT + BOT_CERT_KEY, or BOT_TYPE=UserAssignedMSI.");
    if (settings.type !== "MultiTenant" && !settings.tenantId) throw new Error(`BOT_TYPE=${settings.type} needs BOT_TENANT_ID.`);
  }
  return settings;
}

function factoryOptions(s: BotSettings) {
  return {
    MicrosoftAppId: s.appId,
    MicrosoftAppPassword: s.password,
    MicrosoftAppType: s.appId ? s.type : undefined,
    MicrosoftAppTenantId: s.tenantId,
    CertificateThumbprint: s.certThumbprint,
    CertificatePrivateKey: s.certKey,
  };
}

/**
 * The CloudAdapter (teams-ai's TeamsAdapter builds it on ConfigurationBotFrameworkAuthentication).
 * With no BOT_ID it accepts unauthenticated requests (local development, the Agents Playground);
 * with one, a request without a valid Bot Framework token is answered 401.
 */
export function createAdapter(settings: BotSettings): TeamsAdapter {
  const options = factoryOptions(settings);
  return new TeamsAdapter(options, new ConfigurationServiceClientCredentialFactory(options));
}

/** Bearer tokens for proactive calls to the connector; none in local development. */
export function tokenSource(settings: BotSettings): TokenSource {
  if (!settings.appId) return async () => null;
  const factory = new ConfigurationServiceClientCredentialFactory(factoryOptions(settings));
  const login = settings.type === "MultiTenant" ? `${LOGIN}/botframework.com` : `${LOGIN}/${settings.tenantId}`;
  const credentials = factory.createCredentials(settings.appId, BOT_FRAMEWORK_SCOPE, login, true);
  return async () => {
    const token = await ((await credentials) as unknown as { getToken(): Promise<string> }).getToken();
    return `Bearer ${token}`;
  };
}
