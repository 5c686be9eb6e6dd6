import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export interface Relay {
  port(): number;
  /** The connection string of `url` through this relay. */
  url(url: string): string;
  /** Closes the port and every connection: the database is gone (connection refused / reset). */
  cut(): Promise<void>;
  /** Stops passing bytes either way and accepts new connections without forwarding: a network that drops packets silently. */
  stall(): void;
  /** Opens the port again (after cut) or resumes (after stall). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback TCP relay in front of the database, which a test can cut, silence and restore. */
export async function relay(target: URL): Promise<Relay> {
  const sockets = new Set<Socket>();
  let listener: Server | null = null;
  let port = 0;
  let stalled = false;
  const open = async () => {
    listener = createServer((client) => {
      sockets.add(client);
      if (stalled) return; // accepted, never answered
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.add(upstream);
      client.on("data", (chunk) => void (stalled || upstream.write(chunk)));
      upstream.on("data", (chunk) => void (stalled || client.write(chunk)));
      const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
    });
    await new Promise<void>((resolve) => listener!.listen(port, "127.0.0.1", resolve));
    port = (listener.address() as AddressInfo).port;
  };
  const cut = async () => {
    if (!listener?.listening) return;
    const closed = new Promise<void>((resolve) => listener!.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };
  await open();
  return {
    port: () => port,
    url(url) {
      const relayed = new URL(url);
      relayed.hostname = "127.0.0.1";
      relayed.port = String(port);
      return relayed.toString();
    },
    cut,
    stall: () => void (stalled = true),
    async restore() {
      if (stalled) {
        // Connections made while silent never reached the database: drop them.
        stalled = false;
        await cut();
      }
      if (!listener?.listening) await open();
    },
    close: cut,
  };
}
