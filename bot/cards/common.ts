import type { Card } from "./types.ts";

export const SCHEMA_VERSION = "1.5";

type Element = Record<string, unknown>;

export function card(body: Element[], actions: Element[] = [], refresh?: { verb: string; data: Record<string, unknown>; userIds: string[] } | null): Card {
  const result: Card = { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: SCHEMA_VERSION, body };
  if (actions.length > 0) result.actions = actions;
  // Teams refreshes a card automatically for at most 60 listed users.
  if (refresh && refresh.userIds.length > 0) {
    result.refresh = { action: { type: "Action.Execute", title: "Refresh", verb: refresh.verb, data: refresh.data }, userIds: refresh.userIds.slice(0, 60) };
  }
  return result;
}

export const text = (value: string, extra: Element = {}): Element => ({ type: "TextBlock", text: value, wrap: true, ...extra });
export const heading = (value: string): Element => text(value, { size: "Medium", weight: "Bolder", style: "heading" });
export const subtle = (value: string): Element => text(value, { isSubtle: true, spacing: "None", size: "Small" });
export const openUrl = (title: string, url: string): Element => ({ type: "Action.OpenUrl", title, url });

/** Action.Execute: a Universal Action, answered by the bot's adaptiveCard/action invoke. */
export const execute = (title: string, verb: string, data: Record<string, unknown>, extra: Element = {}): Element => ({ type: "Action.Execute", title, verb, data, ...extra });

/** Action.Submit: in a dialog it is answered by task/submit; elsewhere it posts its data as a message. */
export const submit = (title: string, data: Record<string, unknown>, extra: Element = {}): Element => ({ type: "Action.Submit", title, data, ...extra });

/** An Action.Submit that opens a Teams dialog (task/fetch); clients without dialogs post its data as a message. */
export const openDialog = (title: string, data: Record<string, unknown>): Element => submit(title, { msteams: { type: "task/fetch" }, ...data });

/**
 * Text shown as written: TextBlock and FactSet text is markdown, and Teams drops what looks like
 * HTML ("link <LAB>" read "link "), so markdown and HTML characters are escaped.
 */
export function literal(value: string): string {
  return value.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A simple card with a title, a message and optional links. */
export function messageCard(title: string, message: string, links: { title: string; url: string }[] = []): Card {
  return card([heading(title), text(message)], links.map((l) => openUrl(l.title, l.url)));
}
