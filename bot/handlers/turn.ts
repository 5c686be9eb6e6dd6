import { systemActor } from "../../domain/audit/events.ts";
import { AppError, isAppError } from "../../domain/errors.ts";
import { findInstallation, saveInstallation, type Installation } from "../../domain/installation/installation.service.ts";
import type { Principal } from "../../domain/policy/policy.ts";
import { messageCard } from "../cards/common.ts";
import type { Card } from "../cards/types.ts";
import type { BotDeps, Turn } from "../context.ts";

export const botActor = systemActor("BOT", "Labkeep bot");

/** A channel thread's id carries `;messageid=`: the installation is the channel itself. */
export function conversationKey(id: string): string {
  return id.split(";messageid=")[0]!;
}

/** The Labkeep user behind a Teams activity, found by `from.aadObjectId`. */
export async function principalOf(deps: BotDeps, turn: Turn): Promise<Principal> {
  if (!turn.from.aadObjectId) throw new AppError("unauthenticated", "Labkeep could not tell who you are in Teams.");
  return deps.resolvePrincipal(turn.from.aadObjectId, turn.tenantId, { name: turn.from.name });
}

/** Stores the conversation (first contact, install, member changes) and returns it. */
export async function rememberConversation(deps: BotDeps, turn: Turn, options: { refreshMembers?: boolean } = {}): Promise<Installation> {
  const existing = await findInstallation(deps.db, turn.conversationKey);
  if (existing?.active && !options.refreshMembers && existing.serviceUrl === turn.serviceUrl) return existing;
  const reference = { ...turn.reference, memberIds: await turn.memberIds() };
  return saveInstallation(deps.db, botActor, deps.clock.now(), reference, turn.channelData);
}

/** Users ids for a card's refresh: the stored members, or this user. */
export function refreshUsers(installation: Installation | null, turn: Turn): string[] {
  const stored = installation?.reference.memberIds ?? [];
  const me = turn.from.id;
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
  return messageCard("Sorry", "Labkeep could not do that just now. Please try again in a minute.");
}
