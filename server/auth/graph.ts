import { Client, HTTPMessageHandler, type Middleware } from "@microsoft/microsoft-graph-client";

type Context = Parameters<Middleware["execute"]>[0];
import { setTimeout as sleep } from "node:timers/promises";
import type { DirectoryUser } from "../../domain/user/directory.ts";

import type { DirectoryGroup } from "../../domain/user/groups.ts";

export type { DirectoryGroup };

export type { DirectoryUser };

interface Page<T> {
  value: T[];
  "@odata.nextLink"?: string;
}

/** Sets the bearer token on every request; the client talks only to the configured Graph base. */
export class BearerMiddleware implements Middleware {
  private next?: Middleware;
  constructor(private readonly token: () => Promise<string>) {}
  async execute(context: Context): Promise<void> {
    const headers = new Headers((context.options?.headers as ConstructorParameters<typeof Headers>[0]) ?? {});
    headers.set("Authorization", `Bearer ${await this.token()}`);
    context.options = { ...context.options, headers: Object.fromEntries(headers) };
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

function retryDelayMs(error: { statusCode?: number; headers?: Headers }, attempt: number): number | null {
  const status = error.statusCode ?? 0;
  if (status !== 429 && status < 500) return null;
  const retryAfter = Number(error.headers?.get("Retry-After"));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter, 30) * 1000;
  return Math.min(250 * 2 ** attempt, 5000);
}

/** A Graph client for the configured base URL (e.g. https://graph.microsoft.com/v1.0) that sends the token on every request. */
export function graphClient(baseUrl: string, token: () => Promise<string>): Client {
  const url = new URL(baseUrl.replace(/\/$/, ""));
  const segments = url.pathname.split("/").filter(Boolean);
  const version = segments.pop() ?? "v1.0";
  const base = new URL(`/${segments.join("/")}`, url);
  const bearer = new BearerMiddleware(token);
  bearer.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: bearer, baseUrl: base.toString().replace(/\/$/, ""), defaultVersion: version });
}

/**
 * Microsoft Graph through `@microsoft/microsoft-graph-client`: follows `@odata.nextLink` paging,
 * retries 429 (honouring `Retry-After`) and 5xx a bounded number of times.
 */
export class GraphReader {
  private readonly base: URL;
  private readonly version: string;
  private readonly maxRetries: number;

  constructor(options: { baseUrl: string; maxRetries: number }) {
    this.maxRetries = options.maxRetries;
    const url = new URL(options.baseUrl.replace(/\/$/, ""));
    const segments = url.pathname.split("/").filter(Boolean);
    this.version = segments.pop() ?? "v1.0";
    this.base = new URL(`/${segments.join("/")}`, url);
  }

  private client(token: () => Promise<string>): Client {
    const bearer = new BearerMiddleware(token);
    bearer.setNext(new HTTPMessageHandler());
    return Client.initWithMiddleware({ middleware: bearer, baseUrl: this.base.toString().replace(/\/$/, ""), defaultVersion: this.version });
  }

  /** A next link is absolute; the client wants it relative to the configured base and version. */
  private relative(link: string): string {
    const prefix = `${this.base.toString().replace(/\/$/, "")}/${this.version}`;
    return link.startsWith(prefix) ? link.slice(prefix.length) : link;
  }

  private async get<T>(client: Client, path: string, headers: Record<string, string>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await client.api(path).headers(headers).get()) as T;
      } catch (error) {
        const delay = retryDelayMs(error as { statusCode?: number; headers?: Headers }, attempt);
        if (delay === null || attempt >= this.maxRetries) throw error;
        await sleep(delay);
      }
    }
  }

  async all<T>(token: () => Promise<string>, path: string, headers: Record<string, string> = {}, limit = 5000): Promise<T[]> {
    const client = this.client(token);
    const items: T[] = [];
    let next: string | undefined = path;
    while (next && items.length < limit) {
      const page: Page<T> = await this.get<Page<T>>(client, next, headers);
      items.push(...page.value);
      next = page["@odata.nextLink"] ? this.relative(page["@odata.nextLink"]) : undefined;
    }
    return items;
  }

  /** Every group the user belongs to, directly or through nested groups. */
  transitiveGroups(token: () => Promise<string>, userObjectId: string): Promise<DirectoryGroup[]> {
    return this.all<DirectoryGroup>(token, `/users/${encodeURIComponent(userObjectId)}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName`);
  }

  /** Users whose name or address starts with `search` (for adding users). */
  async searchUsers(token: () => Promise<string>, search: string): Promise<DirectoryUser[]> {
    const term = search.replace(/"/g, "");
    const query = `$search=${encodeURIComponent(`"displayName:${term}" OR "userPrincipalName:${term}"`)}&$select=id,displayName,userPrincipalName,mail&$top=25`;
    const client = this.client(token);
    const page = await this.get<Page<DirectoryUser>>(client, `/users?${query}`, { ConsistencyLevel: "eventual" });
    return page.value;
  }
}
