import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";

/**
 * A stand-in for Microsoft Entra ID's token issuer on loopback, following its documented
 * contract: OpenID metadata at `/<tid>/v2.0/.well-known/openid-configuration`, signing keys at
 * `/<tid>/discovery/v2.0/keys`, RS256 access tokens in the v1 (`sts.windows.net`) and v2
 * (`login.microsoftonline.com/<tid>/v2.0`) forms. Served over HTTP: tests point the server's
 * authority host at it.
 */
export interface TokenOptions {
  version?: 1 | 2;
  tenantId?: string;
  claims?: JWTPayload;
  /** Leave a claim out. */
  omit?: string[];
  /** Sign with a key the JWKS does not publish under this kid (bad signature). */
  foreignKey?: boolean;
  /** A kid the JWKS does not list. */
  kid?: string;
  expiresIn?: number;
  notBefore?: number;
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export interface Issuer {
  url: string;
  tenantId: string;
  clientId: string;
  appIdUri: string;
  v1Host: string;
  /** Requests seen, by path. */
  requests: string[];
  token(subject: { oid: string; upn: string; name: string; groups?: string[] }, options?: TokenOptions): Promise<string>;
  /** Sign with a new key that the JWKS publishes from now on (key rotation). */
  rotate(): Promise<string>;
  close(): Promise<void>;
}

async function keyPair(): Promise<{ kid: string; pair: KeyPair; jwk: JWK }> {
  const pair = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  return { kid, pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, use: "sig", kty: "RSA", alg: "RS256" } };
}

export async function startIssuer(options: { tenantId?: string; clientId?: string } = {}): Promise<Issuer> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  let current = await keyPair();
  const published: JWK[] = [current.jwk];
  const foreign = await keyPair();
  const requests: string[] = [];

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(path);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const meta = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (meta) {
      const tid = meta[1];
      return json(200, {
        issuer: `${url}/${tid}/v2.0`,
        authorization_endpoint: `${url}/${tid}/oauth2/v2.0/authorize`,
        token_endpoint: `${url}/${tid}/oauth2/v2.0/token`,
        jwks_uri: `${url}/${tid}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        subject_types_supported: ["pairwise"],
        tenant_region_scope: "EU",
      });
    }
    if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)) return json(200, { keys: published });
    return json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const v1Host = `${url}/sts`;
  const appIdUri = `api://localhost/${clientId}`;

  return {
    url,
    tenantId,
    clientId,
    appIdUri,
    v1Host,
    requests,
    async token(subject, opts = {}) {
      const version = opts.version ?? 2;
      const tid = opts.tenantId ?? tenantId;
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = {
        aud: version === 2 ? clientId : appIdUri,
        iss: version === 2 ? `${url}/${tid}/v2.0` : `${v1Host}/${tid}/`,
        iat: now,
        nbf: now + (opts.notBefore ?? 0),
        exp: now + (opts.expiresIn ?? 3600),
        tid,
        oid: subject.oid,
        sub: subject.oid,
        name: subject.name,
        scp: "access_as_user",
        ver: version === 2 ? "2.0" : "1.0",
        ...(version === 2 ? { preferred_username: subject.upn, azp: clientId } : { upn: subject.upn, unique_name: subject.upn, appid: clientId }),
        ...(subject.groups ? { groups: subject.groups } : {}),
        ...opts.claims,
      };
      for (const name of opts.omit ?? []) delete claims[name];
      const key = opts.foreignKey ? foreign : current;
      return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: opts.kid ?? current.kid }).sign(key.pair.privateKey);
    },
    async rotate() {
      current = await keyPair();
      published.push(current.jwk);
      return current.kid;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An unsigned token (`alg: none`) with the given claims. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

/** A token signed with a shared secret (HS256), which Entra never issues for this API. */
export async function hmacToken(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode("a-shared-secret-of-32-bytes-long!"));
}
