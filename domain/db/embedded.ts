import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  /** Connection string for `pg` / `@prisma/adapter-pg`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts PostgreSQL compiled to WebAssembly (PGlite) and serves it on a loopback port, so the
 * app reaches it through the same `pg` driver and SQL as a PostgreSQL server.
 * `dataDir` undefined keeps the database in memory (tests).
 *
 * The socket server runs one transaction at a time: code must never await a query on another
 * connection while it holds a transaction open, or it waits forever.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number; maxConnections?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await db.waitReady;
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  });
  const notifications = new EventEmitter();
  notifications.setMaxListeners(0);
  keepEachConnectionsQueriesWhole(server, db, notifications);
  await server.start();
  const url = `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  notificationsByAddress.set(addressOf(url), notifications);
  let closed = false;
  return {
    url,
    async close() {
      if (closed) return;
      closed = true;
      notificationsByAddress.delete(addressOf(url));
      await server.stop();
      await db.close();
    },
  };
}

// --- NOTIFY in the embedded database ---------------------------------------------------------
// PGlite is a single session: a notification goes out in the answer to whichever connection
// committed the change, not to the connection that LISTENs. The query loop below reads every
// answer for NotificationResponse messages and re-announces them here, per database address,
// so a listener hears changes made by any connection (domain/db/changes.ts).

const notificationsByAddress = new Map<string, EventEmitter>();

function addressOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port}`;
}

/** Notifications (`{ channel, payload }`) of the embedded database this process hosts at `url`, if it hosts it. */
export function embeddedNotifications(url: string): EventEmitter | undefined {
  return notificationsByAddress.get(addressOf(url));
}

const NOTIFICATION_RESPONSE = "A".charCodeAt(0);

/** Reads one answer's protocol messages as they stream (a message may span two chunks). */
function notificationScanner(events: EventEmitter): (data: Uint8Array) => void {
  let pending: Buffer | null = null;
  return (data) => {
    const buffer: Buffer = pending ? Buffer.concat([pending, data]) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    pending = null;
    let offset = 0;
    while (buffer.length - offset >= 5) {
      const length = buffer.readInt32BE(offset + 1);
      if (buffer.length - offset < 1 + length) break;
      if (buffer[offset] === NOTIFICATION_RESPONSE) {
        const body = buffer.subarray(offset + 9, offset + 1 + length); // after type, length and the sender's pid
        const channelEnd = body.indexOf(0);
        const payloadEnd = body.indexOf(0, channelEnd + 1);
        if (channelEnd >= 0 && payloadEnd >= 0) {
          events.emit("notification", { channel: body.toString("utf8", 0, channelEnd), payload: body.toString("utf8", channelEnd + 1, payloadEnd) });
        }
      }
      offset += 1 + length;
    }
    if (offset < buffer.length) pending = Buffer.from(buffer.subarray(offset));
  };
}

// --- pglite-socket's query queue, corrected --------------------------------------------------
// The socket server (0.2.17, pinned) queues each protocol message on its own. Between two
// messages of one extended query (Parse, Bind, Describe, Execute … Sync) it may run another
// connection's messages, whose unnamed statement then replaces the first one's; and a message
// that fails leaves its queue marked busy forever. This loop keeps a connection's messages
// together until its Sync (as it already does for a whole transaction) and carries on after a
// failure.

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Message types that leave an extended query open until Sync: Parse, Bind, Describe, Execute, Close, Flush. */
const EXTENDED_QUERY_MESSAGES = new Set("PBDECH".split("").map((c) => c.charCodeAt(0)));

function keepEachConnectionsQueriesWhole(server: PGLiteSocketServer, db: PGlite, notifications: EventEmitter): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== "function") {
    throw new Error("@electric-sql/pglite-socket changed its query queue: review keepEachConnectionsQueriesWhole");
  }
  let midQuery = false;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.lastHandlerId !== null && (midQuery || db.isInTransaction()) ? this.lastHandlerId : null;
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        if (index === -1) break; // the owner's next message has not arrived yet
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        this.lastHandlerId = item.handlerId;
        midQuery = EXTENDED_QUERY_MESSAGES.has(item.message[0] ?? 0);
        let bytes = 0;
        const scan = notificationScanner(notifications);
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                scan(data);
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midQuery = false;
          item.reject(error);
          continue;
        }
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (queue.lastHandlerId === handlerId) midQuery = false;
    void queue.processQueue();
  };
}
