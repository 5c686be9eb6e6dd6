import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import type { Config } from "../config.ts";
import type { TrustedIssuer } from "./tokens.ts";

/**
 * Entra ID as a trusted issuer. The tenant's signing keys are found through its OpenID metadata
 * (`<authority>/<tid>/v2.0/.well-known/openid-configuration` → `jwks_uri`); jose caches the key
 * set and fetches it again when a token names a `kid` it does not know (key rotation).
 */
export function entraIssuer(config: Config, options: { jwksCooldownMs?: number } = {}): TrustedIssuer | null {
  if (!config.AUTH_CLIENT_ID || config.AUTH_TENANT_IDS.length === 0) return null;
  const authorityHost = config.AUTH_AUTHORITY_HOST.replace(/\/$/, "");
  const keySets = new Map<string, JWTVerifyGetKey>();
  const jwksUris = new Map<string, Promise<URL>>();

  async function jwksUri(tenantId: string): Promise<URL> {
    let uri = jwksUris.get(tenantId);
    if (!uri) {
      uri = (async () => {
        const response = await fetch(`${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`OpenID metadata for tenant ${tenantId}: HTTP ${response.status}`);
        const metadata = (await response.json()) as { jwks_uri?: string };
        if (!metadata.jwks_uri) throw new Error(`OpenID metadata for tenant ${tenantId} has no jwks_uri`);
        return new URL(metadata.jwks_uri);
      })();
      uri.catch(() => jwksUris.delete(tenantId));
      jwksUris.set(tenantId, uri);
    }
    return uri;
  }

  const audiences = [config.AUTH_CLIENT_ID];
  if (config.AUTH_APP_ID_URI) audiences.push(config.AUTH_APP_ID_URI);
  return {
    kind: "entra",
    tenants: config.AUTH_TENANT_IDS,
    authorityHost,
    v1IssuerHost: config.AUTH_V1_ISSUER_HOST,
    audiences,
    keys(tenantId) {
      return async (header, token) => {
        let keySet = keySets.get(tenantId);
        if (!keySet) {
          keySet = createRemoteJWKSet(await jwksUri(tenantId), { cooldownDuration: options.jwksCooldownMs ?? 30_000, cacheMaxAge: 24 * 3600_000 });
          keySets.set(tenantId, keySet);
        }
        return keySet(header, token);
      };
    },
  };
}
