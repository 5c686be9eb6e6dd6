import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Bot Framework connector stand-in on loopback, following the Connector REST API
 * (/v3/conversations/...). It captures what the bot sends, answers with activity ids, lists
 * members, and can be told to fail calls (429 storms, 403/404 for a conversation that is gone).
 */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown> | null;
  at: number;
  status: number;
  /** The activity id the stand-in answered with. */
  responseId?: string;
  authorization?: string;
}

export interface Failure {
  status: number;
  headers?: Record<string, string>;
}

export interface ConnectorMember {
  id: string;
  name: string;
  aadObjectId: string;
}

export interface ConnectorStandIn {
  url: string;
  calls: ConnectorCall[];
  /** Activities the bot sent (POST, new or in reply), successful only. */
  sent(conversationId?: string): ConnectorCall[];
  /** Activities the bot replaced (PUT), successful only. */
  updated(conversationId?: string): ConnectorCall[];
  /** Decides per call whether to fail it; undefined answers normally. */
  failWith(rule: ((call: ConnectorCall) => Failure | undefined) | null): void;
  setMembers(conversationId: string, members: ConnectorMember[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

export async function startConnector(): Promise<ConnectorStandIn> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, ConnectorMember[]>();
  let rule: ((call: ConnectorCall) => Failure | undefined) | null = null;
  let nextId = 1;

  const server: Server = createServer(async (req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|pagedmembers|members)(?:\/([^/]+))?)?$/.exec(url.pathname);
    const body = await readBody(req).catch(() => null);
    const call: ConnectorCall = {
      method: req.method ?? "GET",
      path: url.pathname,
      conversationId: match ? decodeURIComponent(match[1]!) : "",
      activityId: match?.[3] ? decodeURIComponent(match[3]) : undefined,
      body,
      at,
      status: 200,
      authorization: req.headers.authorization,
    };
    calls.push(call);
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!match) return answer(404, { error: { code: "NotFound", message: "no such route" } });
    const failure = rule?.(call);
    if (failure) return answer(failure.status, { error: { code: `Http${failure.status}`, message: "stand-in failure" } }, failure.headers);
    const kind = match[2];
    if (kind === "activities" && (req.method === "POST" || req.method === "PUT")) {
      const id = req.method === "PUT" ? call.activityId! : `activity-${nextId++}`;
      call.responseId = id;
      return answer(req.method === "POST" ? 201 : 200, { id });
    }
    if (kind === "pagedmembers" && req.method === "GET") {
      const list = members.get(call.conversationId) ?? [];
      const size = Number(url.searchParams.get("pageSize") ?? 200);
      const start = Number(url.searchParams.get("continuationToken") ?? 0);
      const page = list.slice(start, start + size);
      const next = start + size < list.length ? String(start + size) : undefined;
      return answer(200, { members: page, continuationToken: next });
    }
    if (kind === "members" && req.method === "GET") return answer(200, members.get(call.conversationId) ?? []);
    return answer(404, { error: { code: "NotFound", message: "no such route" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const ok = (c: ConnectorCall) => c.status < 300;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent: (id) => calls.filter((c) => c.method === "POST" && c.path.includes("/activities") && ok(c) && (!id || c.conversationId === id)),
    updated: (id) => calls.filter((c) => c.method === "PUT" && ok(c) && (!id || c.conversationId === id)),
    failWith: (next) => {
      rule = next;
    },
    setMembers: (id, list) => members.set(id, list),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
