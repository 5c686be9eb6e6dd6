import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CONVERSATION_WINDOWS, RateLimiter, TENANT_WINDOWS } from "../../bot/sender/rate-limiter.ts";
import { ProactiveSender, retryAfterMs } from "../../bot/sender/sender.ts";
import { startConnector, type ConnectorStandIn } from "../support/connector.ts";

let connector: ConnectorStandIn;
before(async () => {
  connector = await startConnector();
});
after(async () => {
  await connector?.close();
});

/** The most calls inside any window of `ms` among sorted times. */
function busiest(times: number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

test("slots respect every window of every key: 7/s, 60/30 s, 1,800/h per conversation and 30/s per tenant", () => {
  let now = 0;
  const limiter = new RateLimiter(() => now);
  // Simulated time: 2,000 requests 5 ms apart, a third of them to one busy conversation; a
  // request told to wait asks again at its time.
  const queue = Array.from({ length: 2_000 }, (_, i) => ({ at: i * 5, conversation: i % 3 === 0 ? "busy" : `c${i}` }));
  const busy: number[] = [];
  const tenant: number[] = [];
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at);
    const request = queue.shift()!;
    now = request.at;
    const slot = limiter.reserve([
      { key: `c:${request.conversation}`, windows: CONVERSATION_WINDOWS },
      { key: "t:contoso", windows: TENANT_WINDOWS },
    ]);
    if (!slot.reserved) {
      queue.push({ at: now + slot.delay, conversation: request.conversation });
      continue;
    }
    tenant.push(now + slot.delay);
    if (request.conversation === "busy") busy.push(now + slot.delay);
  }
  tenant.sort((a, b) => a - b);
  assert.equal(busiest(tenant, 1_000), 30);
  assert.equal(busiest(busy, 1_000), 7);
  assert.ok(busiest(busy, 30_000) <= 60);
  assert.ok(busiest(busy, 3_600_000) <= 1_800);
  // The busy conversation does not hold up the rest: the others are done at the tenant's pace.
  const others = tenant.length - busy.length;
  assert.ok(tenant[others - 1]! < (tenant.length / 30) * 1_000 + 1_000);
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  assert.equal(retryAfterMs("2"), 2_000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 7_000), 3_000);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs("soon"), null);
});

test("the sender paces one conversation at 7 per second on the wire and returns activity ids", async () => {
  const sender = new ProactiveSender({ tokenSource: async () => "Bearer t" });
  const target = { serviceUrl: connector.url, conversationId: "19:paced@thread.tacv2", tenantId: "contoso" };
  // Node loads its HTTP client on the first fetch, which would delay only the first burst on the wire.
  await Promise.all(Array.from({ length: 7 }, () => fetch(`${connector.url}/v3/conversations/warm-up/members`)));
  const results = await Promise.all(Array.from({ length: 15 }, (_, i) => sender.send(target, { text: `m${i}` })));
  assert.ok(results.every((r) => r.status === "sent" && r.activityId.startsWith("activity-")));
  const times = connector.sent(target.conversationId).map((c) => c.at);
  assert.equal(times.length, 15);
  // Bursts of 7 leave 1.25 s apart; on a loaded machine they reach the wire with up to a few hundred ms of jitter.
  assert.ok(times[14]! - times[0]! >= 2_000, `15 messages take two windows, took ${times[14]! - times[0]!} ms`);
  assert.ok(busiest(times, 700) <= 7, `at most 7 in a burst, saw ${busiest(times, 700)}: ${times.map((t) => t - times[0]!).join(",")}`);
  assert.equal(connector.sent(target.conversationId)[0]!.authorization, "Bearer t");
});

test("403 stops at once; a persistent 502 gives up after the attempts; an update PUTs the same id", async () => {
  const sleeps: number[] = [];
  const sender = new ProactiveSender({ tokenSource: async () => null, maxAttempts: 4, baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms), random: () => 1 });
  const gone = { serviceUrl: connector.url, conversationId: "gone", tenantId: null };
  const flaky = { serviceUrl: connector.url, conversationId: "flaky", tenantId: null };
  connector.failWith((call) => (call.conversationId === "gone" ? { status: 403 } : call.conversationId === "flaky" ? { status: 502 } : undefined));
  assert.deepEqual(await sender.send(gone, { text: "x" }), { status: "gone", httpStatus: 403, retries: 0 });
  assert.deepEqual(await sender.send(flaky, { text: "x" }), { status: "failed", error: "HTTP 502", retries: 3 });
  assert.deepEqual(sleeps.filter((ms) => ms >= 100), [100, 200, 400], "exponential backoff");
  connector.failWith(null);
  const updated = await sender.update(flaky, "activity-7", { text: "y" });
  assert.deepEqual(updated, { status: "sent", activityId: "activity-7", retries: 0 });
  assert.equal(connector.updated("flaky")[0]!.activityId, "activity-7");
});
