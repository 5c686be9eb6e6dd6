import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Microsoft Graph v1.0 on loopback, following Microsoft's documented responses:
 * - `GET /v1.0/users/{id}/transitiveMemberOf/microsoft.graph.group` answers pages of
 *   `{ "@odata.context", value: [...], "@odata.nextLink" }` with an absolute next link carrying
 *   `$skiptoken`, honouring `$select`;
 * - `GET /v1.0/users?$search=…` requires `ConsistencyLevel: eventual` (else 400);
 * - no bearer token → 401 `InvalidAuthenticationToken`;
 * - injected faults: 429 `TooManyRequests` with `Retry-After`, or 5xx, for the next requests.
 */
export interface GraphGroup {
  id: string;
  displayName: string;
}

export interface GraphStandIn {
  url: string;
  /** Base URL to configure (GRAPH_BASE_URL). */
  baseUrl: string;
  groups: Map<string, GraphGroup[]>;
  users: { id: string; displayName: string; userPrincipalName: string; mail: string | null }[];
  pageSize: number;
  /** Requests seen: method, path + query, authorization header. */
  requests: { method: string; url: string; authorization: string | undefined; at: number }[];
  /** The next `count` requests fail with `status` (and `Retry-After` seconds for 429). */
  fail(count: number, status: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

function graphError(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": crypto.randomUUID(), "client-request-id": crypto.randomUUID() } } };
}

export async function startGraph(options: { pageSize?: number } = {}): Promise<GraphStandIn> {
  const faults: { status: number; retryAfter?: number }[] = [];
  const state: Omit<GraphStandIn, "url" | "baseUrl" | "fail" | "close"> = { groups: new Map(), users: [], pageSize: options.pageSize ?? 100, requests: [] };
  let url = "";

  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? "/", url);
    state.requests.push({ method: req.method ?? "GET", url: target.pathname + target.search, authorization: req.headers.authorization, at: Date.now() });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
    };
    const fault = faults.shift();
    if (fault) {
      if (fault.status === 429) return json(429, graphError("TooManyRequests", "Too many requests."), fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {});
      return json(fault.status, graphError("serviceNotAvailable", "Service unavailable."));
    }
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? "")) return json(401, graphError("InvalidAuthenticationToken", "Access token is empty."));

    const members = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/.exec(target.pathname);
    if (members) {
      const all = state.groups.get(decodeURIComponent(members[1]!)) ?? [];
      const skip = Number(target.searchParams.get("$skiptoken") ?? "0");
      const select = (target.searchParams.get("$select") ?? "").split(",").filter(Boolean);
      const page = all.slice(skip, skip + state.pageSize).map((g) => {
        const full: Record<string, unknown> = { "@odata.type": "#microsoft.graph.group", id: g.id, displayName: g.displayName, securityEnabled: true, mailEnabled: false };
        return select.length ? Object.fromEntries(Object.entries(full).filter(([k]) => k === "@odata.type" || select.includes(k))) : full;
      });
      const body: Record<string, unknown> = { "@odata.context": `${url}/v1.0/$metadata#groups(${select.join(",")})`, value: page };
      if (skip + state.pageSize < all.length) {
        const next = new URL(target.toString());
        next.searchParams.set("$skiptoken", String(skip + state.pageSize));
        body["@odata.nextLink"] = next.toString();
      }
      return json(200, body);
    }
    if (target.pathname === "/v1.0/users" && target.searchParams.has("$search")) {
      if (req.headers.consistencylevel !== "eventual") return json(400, graphError("Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"));
      const terms = [...(target.searchParams.get("$search") ?? "").matchAll(/"(\w+):([^"]*)"/g)].map((m) => [m[1]!, m[2]!.toLowerCase()] as const);
      const value = state.users.filter((u) => terms.some(([prop, term]) => String((u as Record<string, unknown>)[prop] ?? "").toLowerCase().startsWith(term)));
      return json(200, { "@odata.context": `${url}/v1.0/$metadata#users`, value });
    }
    return json(404, graphError("Request_ResourceNotFound", "Resource not found."));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    baseUrl: `${url}/v1.0`,
    fail(count: number, status: number, retryAfterSeconds?: number) {
      for (let i = 0; i < count; i++) faults.push({ status, retryAfter: retryAfterSeconds });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
