import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { mountBot } from "../../bot/index.ts";
import { ProactiveSender } from "../../bot/sender/sender.ts";
import { fixedClock } from "../../domain/clock.ts";
import { startConnector, type ConnectorStandIn } from "../support/connector.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const LIMIT = 5;
const spoofed = () => `${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1.${Math.floor(Math.random() * 250)}`;
const statuses = (answers: { status: number }[]) => answers.map((a) => a.status);
const seq = <T>(n: number, f: (i: number) => Promise<T>) => Array.from({ length: n }).reduce<Promise<T[]>>(async (acc, _, i) => [...(await acc), await f(i)], Promise.resolve([]));

// R-SEC: the rate limit cannot be dodged by a forged X-Forwarded-For, by bad tokens, or through the bot.
describe("rate limiting", () => {
  let server: TestServer;
  let connector: ConnectorStandIn;
  before(async () => {
    connector = await startConnector();
    server = await startTestServer({ DEV_SIGN_IN: "true", RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: "1" });
    const identity = server.services.identity;
    mountBot(server.services.app.server, {
      config: server.config,
      db: server.database.prisma,
      clock: fixedClock(new Date()),
      log: pino({ level: "silent" }),
      resolvePrincipal: (id, tenant, profile) => identity.principalForAadObjectId(id, tenant, profile),
      sender: new ProactiveSender({ tokenSource: async () => null, baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 1 }),
      workerId: "rate-limit-test",
    });
  });
  after(async () => {
    await server?.close();
    await connector?.close();
  });

  it("behind one trusted proxy keys on the address the proxy saw, not the hops the client wrote", async () => {
    const from = (client: string) => ({ headers: { "x-forwarded-for": `${spoofed()}, ${spoofed()}, ${client}` } });
    const answers = await seq(LIMIT + 2, () => server.call("GET", "/api/dev/users", from("203.0.113.7")));
    assert.deepEqual(statuses(answers), [...Array<number>(LIMIT).fill(200), 429, 429]);
    assert.ok(Number(answers.at(-1)!.headers.get("retry-after")) >= 1);
    assert.equal(answers.at(-1)!.body.error.code, "rate_limited");
    assert.equal((await server.call("GET", "/api/dev/users", from("203.0.113.8"))).status, 200, "another client has its own budget");
  });

  it("counts requests with invalid tokens against the client address, then stops verifying them", async () => {
    const headers = (token: string) => ({ headers: { "x-forwarded-for": `${spoofed()}, 203.0.113.20`, authorization: `Bearer ${token}` } });
    const answers = await seq(LIMIT + 2, (i) => server.call("GET", "/api/labs", headers(`forged.${i}.token`)));
    assert.deepEqual(statuses(answers), [...Array<number>(LIMIT).fill(401), 429, 429]);
  });

  it("limits the bot endpoint per sender", async () => {
    const activity = (user: string) => ({
      type: "message",
      id: randomUUID(),
      text: "help",
      channelId: "msteams",
      serviceUrl: connector.url,
      from: { id: `29:${user}`, aadObjectId: user },
      recipient: { id: "28:bot", name: "Labkeep" },
      conversation: { id: `a:${user}`, conversationType: "personal" },
    });
    const post = (user: string) => server.call("POST", "/api/messages", { body: activity(user), headers: { "x-forwarded-for": `${spoofed()}, 52.112.0.1` } });
    const flood = await seq(LIMIT + 2, () => post("00000000-0000-4000-8000-0000000000aa"));
    assert.ok(flood.slice(0, LIMIT).every((a) => a.status !== 429), JSON.stringify(statuses(flood)));
    assert.deepEqual(statuses(flood.slice(LIMIT)), [429, 429]);
    assert.notEqual((await post("00000000-0000-4000-8000-0000000000bb")).status, 429, "another Teams user, same connector address");
  });
});

describe("TRUST_PROXY with two proxies", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ DEV_SIGN_IN: "true", RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: "2" });
  });
  after(() => server?.close());

  it("takes the client two hops from the right", async () => {
    const via = (client: string) => ({ headers: { "x-forwarded-for": `${spoofed()}, ${client}, 10.0.0.2` } });
    const answers = await seq(LIMIT + 1, () => server.call("GET", "/api/dev/users", via("198.51.100.1")));
    assert.deepEqual(statuses(answers), [...Array<number>(LIMIT).fill(200), 429]);
    assert.equal((await server.call("GET", "/api/dev/users", via("198.51.100.2"))).status, 200);
  });
});
