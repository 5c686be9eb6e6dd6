import { ConfigurationServiceClientCredentialFactory, type Activity, type TurnContext } from "botbuilder";
import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Request, Response } from "restify";
import { z } from "zod";
import { DEFAULT_TEAMS_APP_ID, type Config } from "../server/config.ts";
import type { BotDeps, BotSettings } from "./context.ts";
import type { TokenSource } from "./sender/sender.ts";

/**
 * The bot's HTTP edge on the Bot Framework SDK: settings, the adapter, the /api/messages handler
 * and tokens for proactive calls. With bot/app.ts, the only files importing botbuilder or
 * @microsoft/teams-ai.
 */

const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com";
const LOGIN = "https://login.microsoftonline.com";
/** Seconds a caller should wait when Microsoft's signing keys cannot be fetched. */
const KEYS_RETRY_AFTER_SECONDS = 30;

export function botSettings(config: Config): BotSettings {
  const settings: BotSettings = {
    appId: config.BOT_ID,
    password: config.BOT_PASSWORD,
    tenantId: config.BOT_TENANT_ID,
    type: config.BOT_TYPE,
    certThumbprint: config.BOT_CERT_THUMBPRINT,
    certKey: config.BOT_CERT_KEY,
    openIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
    teamsAppId: config.TEAMS_APP_ID ?? DEFAULT_TEAMS_APP_ID,
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
    ...(s.openIdMetadataUrl ? publicCloud(s.openIdMetadataUrl) : {}),
  };
}

/**
 * Microsoft's public-cloud endpoints with another OpenID metadata URL. The SDK takes the whole
 * set once any one is given, so the rest restate its defaults (botframework-connector's
 * AuthenticationConstants).
 */
function publicCloud(openIdMetadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: `${LOGIN}/botframework.com`,
    ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
    ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_SCOPE,
    OAuthUrl: BOT_FRAMEWORK_SCOPE,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: `${LOGIN}/common/v2.0/.well-known/openid-configuration`,
    CallerId: "urn:botframework:azure",
  };
}

/**
 * The CloudAdapter (teams-ai's TeamsAdapter builds it on ConfigurationBotFrameworkAuthentication),
 * with authentication and processing split so each failure gets its own HTTP answer.
 */
type AuthenticateRequestResult = Awaited<ReturnType<BotAdapter["authenticate"]>>;

export class BotAdapter extends TeamsAdapter {
  constructor(settings: BotSettings) {
    const options = factoryOptions(settings);
    super(options, new ConfigurationServiceClientCredentialFactory(options));
  }

  authenticate(activity: Activity, authHeader: string) {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  run(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

export function createAdapter(settings: BotSettings): BotAdapter {
  return new BotAdapter(settings);
}

/** An activity time: ISO text on the wire, a Date for the SDK (which keeps the text as raw<Name>). */
const WireTime = z.string().datetime({ offset: true }).optional();

/** What any activity must carry before the SDK sees it. */
const ActivityShape = z
  .object({
    type: z.string().min(1),
    serviceUrl: z.string().url(),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    timestamp: WireTime,
    localTimestamp: WireTime,
    expiration: WireTime,
  })
  .passthrough()
  .transform((activity) => {
    const out: Record<string, unknown> = { ...activity };
    for (const name of ["timestamp", "localTimestamp", "expiration"] as const) {
      const text = activity[name];
      if (text === undefined) continue;
      out[`raw${name[0]!.toUpperCase()}${name.slice(1)}`] = text;
      out[name] = new Date(text);
    }
    return out as unknown as Activity;
  });

/** Microsoft's OpenID metadata or signing keys could not be fetched (network, or their server failed). */
function keysUnreachable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; type?: string; statusCode?: number } | null;
  // The SDK's AuthenticationError carries 500 when the metadata or key list answered an error.
  if (e?.name === "AuthenticationError" || typeof e?.statusCode === "number") return (e?.statusCode ?? 0) >= 500;
  return e?.name === "FetchError" || e?.type === "system" || /^E[A-Z]+$/.test(e?.code ?? "");
}

function problem(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status);
  res.json({ error: { code, message, ...extra } });
}

/**
 * POST /api/messages. With no BOT_ID, requests are not authenticated (local development, the
 * Agents Playground); with one, a request without a valid Bot Framework token is refused. Answers:
 * 400 for an activity the SDK cannot take, 401 for any token problem, 503 (Retry-After) when the
 * signing keys cannot be fetched, and never the SDK's internal messages.
 */
export function messagesHandler(adapter: BotAdapter, log: BotDeps["log"], logic: (context: TurnContext) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = ActivityShape.safeParse(req.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
      return problem(res, 400, "validation_failed", "The request is not a Bot Framework activity.", { details: { fields } });
    }
    const activity = parsed.data;
    let auth: AuthenticateRequestResult;
    try {
      auth = await adapter.authenticate(activity, req.header("authorization") ?? "");
    } catch (error) {
      if (keysUnreachable(error)) {
        log.warn({ err: error }, "Bot Framework signing keys unreachable");
        res.header("Retry-After", String(KEYS_RETRY_AFTER_SECONDS));
        return problem(res, 503, "unavailable", "The bot cannot verify requests just now. Try again shortly.");
      }
      log.info({ reason: (error as Error | null)?.message }, "bot request refused: no valid Bot Framework token");
      res.header("WWW-Authenticate", "Bearer");
      return problem(res, 401, "unauthenticated", "A valid Bot Framework token is required.");
    }
    try {
      const invoke = await adapter.run(auth, activity, logic);
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      else res.end();
    } catch (error) {
      log.error({ err: error, activityType: activity.type }, "bot activity failed");
      problem(res, 500, "internal", "The bot could not handle this activity.");
    }
  };
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
