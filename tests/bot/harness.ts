import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { fixedClock } from "../../domain/clock.ts";
import { DEMO_TENANT_ID } from "../../domain/seed/identities.ts";
import { mountBot, type MountedBot } from "../../bot/index.ts";
import { ProactiveSender } from "../../bot/sender/sender.ts";
import { startConnector, type ConnectorStandIn } from "../support/connector.ts";
import type { TestDatabase } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { demoFixture, demoUser } from "./fixture.ts";
import type { Wire } from "./wire.ts";

export const BOT = { id: "28:labkeep-bot", name: "Labkeep" };
/** 10:00 in Boston, 07:00 in San Francisco, 15:00 in London: every demo lab's digest hour has come. */
export const NOW = new Date("2026-11-20T15:00:00Z");

export interface Conversation {
  id: string;
  type: "personal" | "groupChat" | "channel";
}

export const channel = (name: string): Conversation => ({ id: `19:${name}@thread.tacv2`, type: "channel" });
export const personal = (handle: string): Conversation => ({ id: `a:personal-${handle}`, type: "personal" });

export interface Harness {
  server: TestServer;
  connector: ConnectorStandIn;
  bot: MountedBot;
  clock: ReturnType<typeof fixedClock>;
  labs: Record<string, number>;
  /** POSTs an activity to /api/messages as a demo user. */
  post(conversation: Conversation, handle: string, activity: Record<string, unknown>): Promise<{ status: number; body: Wire }>;
  message(conversation: Conversation, handle: string, text: string): Promise<{ status: number; body: Wire }>;
  invoke(conversation: Conversation, handle: string, verb: string, data: Record<string, unknown>, replyToId?: string): Promise<{ status: number; body: Wire }>;
  /** Teams opening a dialog from an Action.Submit whose data has msteams.type task/fetch: the action's data as `value.data`. */
  taskFetch(conversation: Conversation, handle: string, data: Record<string, unknown>, replyToId?: string): Promise<{ status: number; body: Wire }>;
  /** The dialog's Action.Submit: its data merged with the inputs, as `value.data`. */
  taskSubmit(conversation: Conversation, handle: string, data: Record<string, unknown>): Promise<{ status: number; body: Wire }>;
  /** A client without dialogs posting an Action.Submit: a message whose `value` is the action's data. */
  submitMessage(conversation: Conversation, handle: string, data: Record<string, unknown>, replyToId?: string): Promise<{ status: number; body: Wire }>;
  /** The bot being added to a conversation (install). */
  install(conversation: Conversation, handle: string): Promise<{ status: number; body: Wire }>;
  close(): Promise<void>;
}

export const teamsUserId = (handle: string) => `29:${demoUser(handle).aadObjectId}`;

export function senderFor(options: { maxAttempts?: number } = {}) {
  return new ProactiveSender({ tokenSource: async () => null, baseDelayMs: 20, maxDelayMs: 200, maxAttempts: options.maxAttempts ?? 6 });
}

/** The real server (buildServices, dev sign-in on) with the bot mounted, and a connector stand-in. */
export async function startHarness(options: { database?: TestDatabase } = {}): Promise<Harness> {
  const connector = await startConnector();
  let labs: Record<string, number> = {};
  const server = await startTestServer({ DEV_SIGN_IN: "true", TEAMS_APP_ID: "11111111-2222-4333-8444-555555555555" }, {
    database: options.database,
    prepare: async (db) => {
      labs = (await demoFixture(db.prisma, NOW)).labs;
    },
  });
  const clock = fixedClock(NOW);
  const identity = server.services.identity;
  const bot = mountBot(server.services.app.server, {
    config: server.config,
    db: server.database.prisma,
    clock,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    resolvePrincipal: (id, tenant, profile) => identity.principalForAadObjectId(id, tenant, profile),
    sender: senderFor(),
    workerId: "server-a",
  });
  const post: Harness["post"] = async (conversation, handle, activity) => {
    const user = demoUser(handle);
    const body = {
      id: randomUUID(),
      channelId: "msteams",
      serviceUrl: connector.url,
      timestamp: clock.now().toISOString(),
      from: { id: teamsUserId(handle), name: user.displayName, aadObjectId: user.aadObjectId },
      recipient: BOT,
      conversation: { id: conversation.id, conversationType: conversation.type, tenantId: DEMO_TENANT_ID, isGroup: conversation.type !== "personal" },
      channelData: { tenant: { id: DEMO_TENANT_ID }, ...(conversation.type === "channel" ? { team: { id: "19:team@thread.tacv2" }, channel: { id: conversation.id } } : {}) },
      ...activity,
    };
    const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    server,
    connector,
    bot,
    clock,
    labs,
    post,
    message: (conversation, handle, text) => post(conversation, handle, { type: "message", text }),
    invoke: (conversation, handle, verb, data, replyToId) =>
      post(conversation, handle, { type: "invoke", name: "adaptiveCard/action", replyToId, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }),
    taskFetch: (conversation, handle, data, replyToId) => post(conversation, handle, { type: "invoke", name: "task/fetch", replyToId, value: { data, context: { theme: "default" } } }),
    taskSubmit: (conversation, handle, data) => post(conversation, handle, { type: "invoke", name: "task/submit", value: { data, context: { theme: "default" } } }),
    submitMessage: (conversation, handle, data, replyToId) => post(conversation, handle, { type: "message", replyToId, value: data }),
    install: (conversation, handle) => post(conversation, handle, { type: "conversationUpdate", membersAdded: [{ id: BOT.id }] }),
    async close() {
      await server.close();
      await connector.close();
    },
  };
}

/** The Adaptive Card of a captured activity. */
export function cardOf(activity: Record<string, unknown> | null | undefined): Wire {
  const attachments = (activity?.attachments ?? []) as { contentType: string; content: unknown }[];
  return attachments.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
}

/** Every TextBlock text of a card, for assertions on what it says. */
export function textsOf(card: Wire): string[] {
  const out: string[] = [];
  const walk = (node: Wire) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      if (node.type === "TextBlock") out.push(node.text);
      if (node.type === "FactSet") for (const f of node.facts) out.push(`${f.title}: ${f.value}`);
      Object.values(node).forEach(walk);
    }
  };
  walk(card?.body);
  return out;
}

/** Answers every task of the checklist card: done, readings inside limits, some text; with the Submit's own data. */
export function goodAnswers(card: Wire, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const submit = card.actions.find((a: Wire) => a.title === "Submit");
  const data: Record<string, unknown> = { ...submit.data, ...extra };
  for (const input of card.body.filter((e: Wire) => e.id?.startsWith("task_"))) {
    if (input.type === "Input.ChoiceSet") data[input.id] = "DONE";
    else if (input.type === "Input.Number") {
      const limits = /limits (-?[\d.]+)–(-?[\d.]+)/.exec(input.label);
      data[input.id] = limits ? String((Number(limits[1]) + Number(limits[2])) / 2) : "5";
    } else data[input.id] = "ok";
  }
  return data;
}
