import { ActivityTypes, CardFactory, MessageFactory, TeamsInfo, TurnContext, type Activity } from "botbuilder";
import { systemActor } from "../../domain/audit/events.ts";
import { AppError, isAppError } from "../../domain/errors.ts";
import type { Principal } from "../../domain/policy/policy.ts";
import { messageCard } from "../cards/common.ts";
import type { Card } from "../cards/types.ts";
import type { BotDeps } from "../context.ts";
import { findInstallation, saveInstallation, type Installation, type StoredReference } from "../store/installations.ts";

export const botActor = systemActor("BOT", "Labkeep bot");

/** A channel thread's id carries `;messageid=`: the installation is the channel itself. */
export function conversationKey(id: string): string {
  return id.split(";messageid=")[0]!;
}

export function tenantOf(activity: Activity): string {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? "";
}

/** The Labkeep user behind a Teams activity, found by `from.aadObjectId`. */
export async function principalOf(deps: BotDeps, context: TurnContext): Promise<Principal> {
  const from = context.activity.from;
  if (!from?.aadObjectId) throw new AppError("unauthenticated", "Labkeep could not tell who you are in Teams.");
  return deps.resolvePrincipal(from.aadObjectId, tenantOf(context.activity), { name: from.name });
}

/** Up to 60 member ids of the conversation, for card refresh; this user alone when the list is unavailable. */
export async function memberIds(context: TurnContext): Promise<string[]> {
  try {
    const page = await TeamsInfo.getPagedMembers(context, 60);
    const ids = page.members.map((m) => m.id).filter(Boolean);
    if (ids.length > 0) return ids.slice(0, 60);
  } catch {
    // Some hosts (and chats the bot just left) do not list members; the user's own id still refreshes their card.
  }
  return context.activity.from?.id ? [context.activity.from.id] : [];
}

/** Stores the conversation (first contact, install, member changes) and returns it. */
export async function rememberConversation(deps: BotDeps, context: TurnContext, options: { refreshMembers?: boolean } = {}): Promise<Installation> {
  const existing = await findInstallation(deps.db, conversationKey(context.activity.conversation.id));
  if (existing?.active && !options.refreshMembers && existing.serviceUrl === context.activity.serviceUrl) return existing;
  const reference: StoredReference = { ...TurnContext.getConversationReference(context.activity) };
  reference.conversation = { ...reference.conversation!, id: conversationKey(reference.conversation!.id) };
  reference.memberIds = await memberIds(context);
  const channelData = context.activity.channelData as { team?: { id?: string }; channel?: { id?: string } } | undefined;
  return saveInstallation(deps.db, botActor, deps.clock.now(), reference, { teamId: channelData?.team?.id, channelId: channelData?.channel?.id });
}

/** Users ids for a card's refresh: the stored members, or this user. */
export function refreshUsers(installation: Installation | null, context: TurnContext): string[] {
  const stored = installation?.reference.memberIds ?? [];
  const me = context.activity.from?.id;
  const ids = me && !stored.includes(me) ? [me, ...stored] : stored;
  return ids.slice(0, 60);
}

/** The one place the bot turns an error into what the user sees. */
export function errorCard(error: unknown, deps: BotDeps): Card {
  if (isAppError(error)) {
    const titles: Partial<Record<AppError["code"], string>> = {
      forbidden: "Not allowed",
      user_disabled: "Account disabled",
      not_found: "Not found",
      unauthenticated: "Who are you?",
      unavailable: "Try again shortly",
    };
    return messageCard(titles[error.code] ?? "Labkeep", error.message);
  }
  deps.log.error({ err: error }, "bot handler failed");
  return messageCard("Something went wrong", "Labkeep could not do that just now. Please try again.");
}

export function cardMessage(card: Card): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** Answers an adaptiveCard/action invoke with a card (the card replaces the one clicked). */
export async function answerInvoke(context: TurnContext, card: Card): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card } },
  });
}
