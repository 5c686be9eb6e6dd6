import { createRequire } from "node:module";
import type * as AdaptiveCards from "adaptivecards";
import type { Card } from "./types.ts";

// The package's ESM build imports files without extensions, which Node refuses; its UMD bundle loads.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as typeof AdaptiveCards;

/** Parses a card with the `adaptivecards` package; returns every parse and validation warning. */
export function cardProblems(json: Card): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}
