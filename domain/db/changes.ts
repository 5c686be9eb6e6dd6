import { EventEmitter } from "node:events";
import pg from "pg";
import { embeddedNotifications } from "./embedded.ts";

/**
 * Changes the database announces with NOTIFY, for caches that must forget what changed.
 * `live` is false whenever a notification could have been missed (not yet listening, the
 * listening connection lost): a cache must then not answer from memory. Every time listening
 * (re)starts, `reset` fires, since anything may have changed meanwhile.
 */
export interface ChangeFeed {
  readonly live: boolean;
  onChange(channel: string, listener: (payload: string) => void): () => void;
  onReset(listener: () => void): () => void;
  close(): Promise<void>;
}

const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Listens on `channels` over a connection of its own, re-connecting after a loss. When this
 * process hosts the embedded database, its notifications arrive in other connections' answers
 * and are read there instead (domain/db/embedded.ts); the LISTEN is still what makes it send them.
 */
export async function listenForChanges(url: string, channels: readonly string[], options: { connectMs?: number; onError?: (error: unknown) => void } = {}): Promise<ChangeFeed> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let live = false;
  let closed = false;
  let client: pg.Client | null = null;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;

  const relay = (message: { channel: string; payload?: string }) => {
    if (channels.includes(message.channel)) events.emit(`change:${message.channel}`, message.payload ?? "");
  };
  const embedded = embeddedNotifications(url);
  embedded?.on("notification", relay);

  const lost = (error?: unknown) => {
    if (error) options.onError?.(error);
    live = false;
    const gone = client;
    client = null;
    gone?.removeAllListeners();
    gone?.on("error", () => {});
    void gone?.end().catch(() => {});
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    retry.unref();
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.connectMs ?? 5_000, keepAlive: true });
    if (!embedded) next.on("notification", relay);
    next.on("error", (error) => lost(error));
    next.on("end", () => (client === next ? lost() : undefined));
    try {
      await next.connect();
      for (const channel of channels) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      client = next;
      lost(error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    attempt = 0;
    live = true;
    events.emit("reset");
  };

  await connect();
  return {
    get live() {
      return live;
    },
    onChange(channel, listener) {
      events.on(`change:${channel}`, listener);
      return () => events.off(`change:${channel}`, listener);
    },
    onReset(listener) {
      events.on("reset", listener);
      return () => events.off("reset", listener);
    },
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      embedded?.off("notification", relay);
      const last = client;
      client = null;
      last?.removeAllListeners();
      last?.on("error", () => {});
      await last?.end().catch(() => {});
    },
  };
}
