import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";

/**
 * A stand-in for Microsoft Entra ID's token issuer on loopback, following its documented
 * contract: OpenID metadata at `/<tid>/v2.0/.well-known/openid-configuration`, signing keys at
 * `/<tid>/discovery/v2.0/keys`, RS256 access tokens in the v1 (`sts.windows.net`) and v2
 * (`login.microsoftonline.com/<tid>/v2.0`) forms, and the token endpoint
 * `/<tid>/oauth2/v2.0/token` for the On-Behalf-Of (`urn:ietf:params:oauth:grant-type:jwt-bearer`,
 * `requested_token_use=on_behalf_of`) and client-credentials grants, answering Graph access
 * tokens. HTTP by default; HTTPS with a throw-away self-signed certificate when asked (MSAL only
 * talks to HTTPS authorities).
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
  /** R-SIGN: seconds since the user authenticated (the `auth_time` claim, as after a `prompt=login` sign-in); leave unset for none. */
  authAgeSeconds?: number;
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
  /** Token endpoint calls: the form fields sent. */
  tokenRequests: Record<string, string>[];
  /** The certificate file to trust (NODE_EXTRA_CA_CERTS) when served over HTTPS. */
  certificateFile: string | null;
  clientSecret: string;
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

/** A self-signed certificate for 127.0.0.1, made with the openssl command line. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), "labkeep-issuer-"));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startIssuer(options: { tenantId?: string; clientId?: string; https?: boolean } = {}): Promise<Issuer> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  let current = await keyPair();
  const published: JWK[] = [current.jwk];
  const foreign = await keyPair();
  const requests: string[] = [];
  const tokenRequests: Record<string, string>[] = [];
  const clientSecret = randomUUID();
  const tls = options.https ? selfSignedCertificate() : null;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(path);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (tokenPath && req.method === "POST") {
      const form = await readForm(req);
      tokenRequests.push(form);
      if (form.client_id !== clientId || form.client_secret !== clientSecret) return json(401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
      const obo = form.grant_type === "urn:ietf:params:oauth:grant-type:jwt-bearer" && form.requested_token_use === "on_behalf_of" && Boolean(form.assertion);
      if (!obo && form.grant_type !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
      const now = Math.floor(Date.now() / 1000);
      const accessToken = await new SignJWT({ aud: "https://graph.microsoft.com", tid: tokenPath[1], scp: obo ? "GroupMember.Read.All User.ReadBasic.All" : undefined, roles: obo ? undefined : ["GroupMember.Read.All"] })
        .setProtectedHeader({ alg: "RS256", kid: current.kid })
        .setIssuer(`https://sts.windows.net/${tokenPath[1]}/`)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(current.pair.privateKey);
      return json(200, { token_type: "Bearer", scope: "https://graph.microsoft.com/.default", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }
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
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => void handler(req, res).catch(() => res.writeHead(500).end());
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `${tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const v1Host = `${url}/sts`;
  const appIdUri = `api://localhost/${clientId}`;

  return {
    url,
    tenantId,
    clientId,
    appIdUri,
    v1Host,
    requests,
    tokenRequests,
    certificateFile: tls?.certFile ?? null,
    clientSecret,
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
        ...(opts.authAgeSeconds !== undefined ? { auth_time: now - opts.authAgeSeconds } : {}),
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
