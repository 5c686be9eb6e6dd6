import { DateTime } from "luxon";
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

/** Local date and time in the lab's zone, e.g. "22 Nov 2026, 07:00". */
export function localTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("d LLL yyyy, HH:mm");
}

export function localDay(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("cccc, d LLLL yyyy");
}

/** A simple card with a title, a message and optional links. */
export function messageCard(title: string, message: string, links: { title: string; url: string }[] = []): Card {
  return card([heading(title), text(message)], links.map((l) => openUrl(l.title, l.url)));
}
