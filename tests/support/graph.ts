import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Microsoft Graph v1.0 on loopback, following Microsoft's documented responses:
 * - `GET /v1.0/users/{id}/transitiveMemberOf/microsoft.graph.group` answers pages of
 *   `{ "@odata.context", value: [...], "@odata.nextLink" }` with an absolute next link carrying
 *   `$skiptoken`, honouring `$select`;
 * - `GET /v1.0/users?$search=…` requires `ConsistencyLevel: eventual` (else 400);
 * - no bearer token → 401 `InvalidAuthenticationToken`;
 * - `POST /v1.0/users/{id}/teamwork/sendActivityNotification` answers 204 No Content and keeps the
 *   notification; 400 when the activity type is not declared in the app manifest
 *   (appPackage/manifest.json `activities.activityTypes`), the template parameters differ from the
 *   type's templateText, or the topic or preview text is malformed;
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
  /** Activity-feed notifications received, in order. */
  activities: { userId: string; body: SentActivity; at: number }[];
  /** The next `count` requests fail with `status` (and `Retry-After` seconds for 429). */
  fail(count: number, status: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

export interface SentActivity {
  topic: { source: string; value: string; webUrl?: string };
  activityType: string;
  previewText: { content: string };
  templateParameters: { name: string; value: string }[];
  teamsAppId?: string;
}

/** The manifest's declared activity types: type → template parameter names ({actor} is Teams' own). */
function declaredActivityTypes(): Map<string, string[]> {
  const manifest = JSON.parse(readFileSync(new URL("../../appPackage/manifest.json", import.meta.url), "utf8")) as { activities?: { activityTypes?: { type: string; templateText: string }[] } };
  return new Map((manifest.activities?.activityTypes ?? []).map((t) => [t.type, [...t.templateText.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((n) => n !== "actor")]));
}

/** What Graph would refuse in a sendActivityNotification body, or null. */
function activityProblem(body: SentActivity, declared: Map<string, string[]>): string | null {
  if (!body || typeof body.activityType !== "string") return "activityType is required.";
  const params = declared.get(body.activityType);
  if (!params) return `Activity type '${body.activityType}' is not declared in the app manifest.`;
  const topic = body.topic;
  if (!topic || !["text", "entityUrl"].includes(topic.source) || typeof topic.value !== "string" || !topic.value) return "topic needs a source (text or entityUrl) and a value.";
  if (topic.source === "text" && !/^https:\/\/teams\.microsoft\.com\/l\//.test(topic.webUrl ?? "")) return "A text topic needs a webUrl that is a Teams deep link.";
  if (typeof body.previewText?.content !== "string") return "previewText.content is required.";
  const names = (body.templateParameters ?? []).map((p) => p.name).sort();
  if (JSON.stringify(names) !== JSON.stringify([...params].sort())) return `templateParameters must be ${params.join(", ")}.`;
  return null;
}

function graphError(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": crypto.randomUUID(), "client-request-id": crypto.randomUUID() } } };
}

export async function startGraph(options: { pageSize?: number } = {}): Promise<GraphStandIn> {
  const faults: { status: number; retryAfter?: number }[] = [];
  const state: Omit<GraphStandIn, "url" | "baseUrl" | "fail" | "close"> = { groups: new Map(), users: [], pageSize: options.pageSize ?? 100, requests: [], activities: [] };
  const declared = declaredActivityTypes();
  let url = "";

  const server: Server = createServer((req, res) => {
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
      return;
    }
    handle(req, res, "");
  });
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
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
    const feed = /^\/v1\.0\/users\/([^/]+)\/teamwork\/sendActivityNotification$/.exec(target.pathname);
    if (feed && req.method === "POST") {
      let body: SentActivity;
      try {
        body = JSON.parse(raw) as SentActivity;
      } catch {
        return json(400, graphError("BadRequest", "The request body is not JSON."));
      }
      const problem = activityProblem(body, declared);
      if (problem) return json(400, graphError("BadRequest", problem));
      state.activities.push({ userId: decodeURIComponent(feed[1]!), body, at: Date.now() });
      res.writeHead(204);
      return res.end();
    }
    if (target.pathname === "/v1.0/users" && target.searchParams.has("$search")) {
      if (req.headers.consistencylevel !== "eventual") return json(400, graphError("Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"));
      const terms = [...(target.searchParams.get("$search") ?? "").matchAll(/"(\w+):([^"]*)"/g)].map((m) => [m[1]!, m[2]!.toLowerCase()] as const);
      const value = state.users.filter((u) => terms.some(([prop, term]) => String((u as Record<string, unknown>)[prop] ?? "").toLowerCase().startsWith(term)));
      return json(200, { "@odata.context": `${url}/v1.0/$metadata#users`, value });
    }
    return json(404, graphError("Request_ResourceNotFound", "Resource not found."));
  };
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
