/**
 * The message extension (search command `lookup`), link unfurling and the inserted card's
 * refresh, as plain functions of a Turn and domain data; bot/app.ts wires them to the invokes
 * `composeExtension/query`, `composeExtension/queryLink`, `composeExtension/anonymousQueryLink`
 * and `adaptiveCard/action` (verb lookup.refresh).
 */
import { z } from "zod";
import { serviceContext, type ServiceContext } from "../../domain/context.ts";
import { isAppError } from "../../domain/errors.ts";
import { parseLabkeepLink } from "../../domain/lookup/lookup.links.ts";
import { instrumentWork, lookup, resolveTarget, workOf, type LookupHit } from "../../domain/lookup/lookup.service.ts";
import { hiddenCard, instrumentCard, previewOf, recordCard, type LookupRef } from "../cards/lookup.ts";
import type { Card } from "../cards/types.ts";
import { links, type BotDeps, type Turn } from "../context.ts";
import { errorCard, principalOf } from "./turn.ts";

export const SEARCH_COMMAND = "lookup";
export const SEARCH_PARAMETER = "query";

const ADAPTIVE = "application/vnd.microsoft.card.adaptive";
const THUMBNAIL = "application/vnd.microsoft.card.thumbnail";

/** A message extension result (Bot Framework MessagingExtensionResult), as plain data. */
export type ExtensionResult =
  | { type: "result"; attachmentLayout: "list"; attachments: { contentType: string; content: Card; preview: { contentType: string; content: { title: string; text: string } } }[] }
  | { type: "message"; text: string };

const message = (text: string): ExtensionResult => ({ type: "message", text });

async function contextOf(deps: BotDeps, turn: Turn): Promise<ServiceContext> {
  return serviceContext(deps.db, await principalOf(deps, turn), "BOT", deps.clock);
}

/** Users whose card refreshes on its own: the one who inserted or pasted it (others use the card's menu, or get it in chats of 60 or fewer). */
const viewers = (turn: Turn) => (turn.from.id ? [turn.from.id] : []);

function attachment(card: Card, preview: { title: string; text: string }) {
  return { contentType: ADAPTIVE, content: card, preview: { contentType: THUMBNAIL, content: preview } };
}

/** The card and preview of each hit, instruments with their open work (one query for all). */
async function attachments(deps: BotDeps, ctx: ServiceContext, turn: Turn, hits: LookupHit[]) {
  const now = deps.clock.now();
  const instruments = hits.flatMap((h) => (h.kind === "equipment" ? [h.equipment] : []));
  const work = new Map((await workOf(ctx, instruments)).map((w) => [w.id, w]));
  const link = links(deps.settings);
  return hits.map((hit) => {
    if (hit.kind === "equipment") {
      const w = work.get(hit.equipment.id)!;
      return attachment(instrumentCard(w, { now, url: link.equipment(w.id), userIds: viewers(turn) }), previewOf({ kind: "equipment", work: w }, now));
    }
    return attachment(recordCard(hit.record, { now, url: link.record(hit.record.id), userIds: viewers(turn) }), previewOf(hit, now));
  });
}

function failure(deps: BotDeps, error: unknown): ExtensionResult {
  if (isAppError(error)) {
    const field = (error.details as { fields?: { message: string }[] } | undefined)?.fields?.[0]?.message;
    return message(field ?? error.message);
  }
  deps.log.error({ err: error }, "message extension failed");
  return message("Labkeep could not search just now. Please try again in a minute.");
}

/** composeExtension/query: what matches the typed text, a window of `count` from `skip`. */
export async function searchExtension(deps: BotDeps, turn: Turn, query: { parameters: Record<string, unknown>; skip: number; count: number }): Promise<ExtensionResult> {
  try {
    const ctx = await contextOf(deps, turn);
    const q = query.parameters[SEARCH_PARAMETER];
    const text = typeof q === "string" ? q : "";
    const found = await lookup(ctx, { q: text, skip: query.skip, count: query.count }, deps.settings.teamsAppId);
    if (found.total === 0) return message(`Nothing in your labs matches “${text.trim()}”.`);
    return { type: "result", attachmentLayout: "list", attachments: await attachments(deps, ctx, turn, found.items) };
  } catch (error) {
    return failure(deps, error);
  }
}

/** composeExtension/queryLink: a pasted Labkeep link becomes the item's card, for this user's rights. */
export async function unfurlLink(deps: BotDeps, turn: Turn, url: string): Promise<ExtensionResult> {
  const target = parseLabkeepLink(url, deps.settings.teamsAppId);
  if (!target || target.kind === "list") return message("This Labkeep link has no preview.");
  try {
    const ctx = await contextOf(deps, turn);
    const hit = await resolveTarget(ctx, target);
    if (!hit) return { type: "result", attachmentLayout: "list", attachments: [hiddenAttachment(deps, target, turn)] };
    return { type: "result", attachmentLayout: "list", attachments: await attachments(deps, ctx, turn, [hit]) };
  } catch (error) {
    return failure(deps, error);
  }
}

function hiddenAttachment(deps: BotDeps, ref: LookupRef, turn: Turn | null) {
  const url = ref.kind === "record" ? links(deps.settings).record(ref.id) : links(deps.settings).equipment(ref.id);
  const reason = turn ? "You cannot see this item in Labkeep." : "Open Labkeep to see this item: what it shows depends on who you are.";
  return attachment(hiddenCard(ref, url, reason, turn ? viewers(turn) : []), { title: "Labkeep", text: reason });
}

/**
 * composeExtension/anonymousQueryLink (zero-install unfurling): Teams does not say who pasted the
 * link, so nothing of the item is shown; the card's refresh draws it for each viewer who has the app.
 */
export function unfurlAnonymous(deps: BotDeps, url: string): ExtensionResult {
  const target = parseLabkeepLink(url, deps.settings.teamsAppId);
  if (!target || target.kind === "list") return message("This Labkeep link has no preview.");
  return { type: "result", attachmentLayout: "list", attachments: [hiddenAttachment(deps, target, null)] };
}

const RefreshData = z.object({ kind: z.enum(["equipment", "record"]), id: z.coerce.number().int().positive().max(2_147_483_647) });

/** adaptiveCard/action lookup.refresh: the inserted or unfurled card drawn again for the user viewing it. */
export async function refreshLookup(deps: BotDeps, turn: Turn, data: unknown): Promise<Card> {
  const parsed = RefreshData.safeParse(data);
  if (!parsed.success) return errorCard(parsed.error, deps);
  const ref = parsed.data;
  const now = deps.clock.now();
  const link = links(deps.settings);
  try {
    const ctx = await contextOf(deps, turn);
    if (ref.kind === "equipment") {
      const work = await instrumentWork(ctx, ref.id);
      return instrumentCard(work, { now, url: link.equipment(ref.id), userIds: viewers(turn) });
    }
    const hit = await resolveTarget(ctx, ref);
    if (hit?.kind === "record") return recordCard(hit.record, { now, url: link.record(ref.id), userIds: viewers(turn) });
    return hiddenAttachment(deps, ref, turn).content;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return hiddenAttachment(deps, ref, turn).content;
    return errorCard(error, deps);
  }
}
