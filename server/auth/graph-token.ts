import { ConfidentialClientApplication } from "@azure/msal-node";
import { AppError } from "../../domain/errors.ts";
import type { Config } from "../config.ts";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/**
 * Access tokens for Microsoft Graph with `@azure/msal-node`: On-Behalf-Of the tab user's SSO
 * token (delegated, reads that user's groups), or app-only (client credentials) for the bot's
 * users, who arrive without a token. MSAL caches the tokens it obtains.
 */
export class GraphTokens {
  private readonly apps = new Map<string, ConfidentialClientApplication>();

  constructor(private readonly config: Config) {}

  get configured(): boolean {
    return Boolean(this.config.AUTH_CLIENT_ID && this.config.AUTH_CLIENT_SECRET);
  }

  private app(tenantId: string): ConfidentialClientApplication {
    if (!this.configured) throw new AppError("unavailable", "Labkeep is not configured to read the directory (AUTH_CLIENT_ID / AUTH_CLIENT_SECRET).");
    let app = this.apps.get(tenantId);
    if (!app) {
      const host = this.config.AUTH_AUTHORITY_HOST.replace(/\/$/, "");
      app = new ConfidentialClientApplication({
        auth: {
          clientId: this.config.AUTH_CLIENT_ID!,
          clientSecret: this.config.AUTH_CLIENT_SECRET!,
          authority: `${host}/${tenantId}`,
          knownAuthorities: [new URL(host).host],
        },
      });
      this.apps.set(tenantId, app);
    }
    return app;
  }

  onBehalfOf(tenantId: string, userToken: string): () => Promise<string> {
    return async () => {
      const result = await this.app(tenantId).acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [GRAPH_SCOPE] });
      if (!result?.accessToken) throw new AppError("unavailable", "Labkeep could not obtain a directory token.");
      return result.accessToken;
    };
  }

  appOnly(tenantId: string): () => Promise<string> {
    return async () => {
      const result = await this.app(tenantId).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
      if (!result?.accessToken) throw new AppError("unavailable", "Labkeep could not obtain a directory token.");
      return result.accessToken;
    };
  }
}
