import { Application, type TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import { ActivityTypes, CardFactory, MessageFactory, TeamsInfo, TurnContext, type Activity, type MessagingExtensionResult } from "botbuilder";
import { deactivateInstallation, findInstallation, type StoredReference } from "../domain/installation/installation.service.ts";
import { helpCard } from "./cards/help.ts";
import type { Card, DigestRef } from "./cards/types.ts";
import { links, type BotDeps, type Turn } from "./context.ts";
import { openRecord, submitRecord } from "./handlers/checklist.ts";
import { quarantineFromCard } from "./handlers/corrective.ts";
import { refreshLookup, searchExtension, SEARCH_COMMAND, unfurlAnonymous, unfurlLink, type ExtensionResult } from "./handlers/lookup.ts";
import { redrawDigest, refreshDigest, runCommand } from "./handlers/commands.ts";
import { decideFromCard, reviewListCard } from "./handlers/review.ts";
import { botActor, conversationKey, errorCard, rememberConversation } from "./handlers/turn.ts";

/**
 * The Teams wiring: routes activities (message, conversationUpdate, installationUpdate, the
 * cards' Universal Actions) to the handlers, which are plain functions of a `Turn`; reads that
 * `Turn` from the SDK's TurnContext and sends their cards back. With bot/hosting.ts, the only
 * file importing the Teams SDKs.
 */

function tenantOf(activity: Activity): string {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? "";
}

/** Up to 60 member ids of the conversation, for card refresh; this user alone when the list is unavailable. */
async function memberIds(context: TurnContext): Promise<string[]> {
  try {
    const page = await TeamsInfo.getPagedMembers(context, 60);
    const ids = page.members.map((m) => m.id).filter(Boolean);
    if (ids.length > 0) return ids.slice(0, 60);
  } catch {
    // Some hosts (and chats the bot just left) do not list members; the user's own id still refreshes their card.
  }
  return context.activity.from?.id ? [context.activity.from.id] : [];
}

export function turnOf(context: TurnContext): Turn {
  const activity = context.activity;
  const key = conversationKey(activity.conversation.id);
  const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as StoredReference;
  reference.conversation = { ...reference.conversation, id: key };
  const channelData = activity.channelData as { team?: { id?: string }; channel?: { id?: string } } | undefined;
  return {
    conversationKey: key,
    tenantId: tenantOf(activity),
    serviceUrl: activity.serviceUrl,
    from: { id: activity.from?.id ?? "", name: activity.from?.name, aadObjectId: activity.from?.aadObjectId },
    text: activity.text,
    replyToId: activity.replyToId,
    reference,
    channelData: { teamId: channelData?.team?.id, channelId: channelData?.channel?.id },
    memberIds: () => memberIds(context),
  };
}

function cardMessage(card: Card): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** Answers an adaptiveCard/action invoke with a card (the card replaces the one clicked). */
async function answerInvoke(context: TurnContext, card: Card): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card } },
  });
}

export function createApplication(deps: BotDeps, adapter: TeamsAdapter): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, botAppId: deps.settings.appId ?? "", removeRecipientMention: true, startTypingTimer: false });
  const welcome = () => cardMessage(helpCard(links(deps.settings).list(null, "open")));
  const deactivate = (context: TurnContext, reason: string) => deactivateInstallation(deps.db, botActor, deps.clock.now(), conversationKey(context.activity.conversation.id), reason);

  app.activity("installationUpdate", async (context) => {
    if (String(context.activity.action ?? "").startsWith("remove")) await deactivate(context, "uninstalled");
    else await rememberConversation(deps, turnOf(context), { refreshMembers: true });
  });

  app.conversationUpdate("membersAdded", async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    const turn = turnOf(context);
    const before = await findInstallation(deps.db, turn.conversationKey);
    await rememberConversation(deps, turn, { refreshMembers: true });
    if (botAdded && !before?.active) await context.sendActivity(welcome());
  });

  app.conversationUpdate("membersRemoved", async (context) => {
    const botId = context.activity.recipient?.id;
    if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) await deactivate(context, "bot removed from the conversation");
    else await rememberConversation(deps, turnOf(context), { refreshMembers: true });
  });

  app.activity("message", async (context) => {
    const turn = turnOf(context);
    try {
      const installation = await rememberConversation(deps, turn);
      const value = context.activity.value as { verb?: unknown } | undefined;
      if (value?.verb === "record.open") {
        // A client without dialogs posted a row's Open button: the checklist comes as a message of its own; the digest stays.
        await context.sendActivity(cardMessage((await openRecord(deps, turn, value, "message")).card));
        return;
      }
      await context.sendActivity(cardMessage(await runCommand(deps, turn, installation)));
    } catch (error) {
      // Even with the database down the user hears back.
      await context.sendActivity(cardMessage(errorCard(error, deps)));
    }
  });

  /** After a completion: the digest the record was opened from, drawn again for everyone (its row marked done, counts now). */
  const updateDigest = async (context: TurnContext, turn: Turn, digest: DigestRef | undefined) => {
    if (!digest?.activityId) return;
    try {
      const card = await redrawDigest(deps, turn, await findInstallation(deps.db, turn.conversationKey), digest);
      await context.updateActivity({ ...cardMessage(card), id: digest.activityId });
    } catch (error) {
      deps.log.warn({ err: error }, "updating the digest after a completion failed");
    }
  };

  // Teams: a row's Open button opens the checklist in a dialog (task/fetch), submitted with task/submit.
  app.taskModules.fetch("record.open", async (context: TurnContext, _state, data) => {
    const { card, title } = await openRecord(deps, turnOf(context), data, "dialog");
    return { title, card: CardFactory.adaptiveCard(card), width: "medium", height: "large" };
  });

  app.taskModules.submit("record.submit", async (context: TurnContext, _state, data) => {
    const turn = turnOf(context);
    const { card, completed } = await submitRecord(deps, turn, data as Record<string, unknown>, "dialog");
    if (!completed) return { title: "Checklist", card: CardFactory.adaptiveCard(card), width: "medium", height: "large" };
    await updateDigest(context, turn, completed.digest);
    // R-SIGN: unsigned, the dialog stays open on the completed card, whose link takes the performer to sign in the tab.
    if (completed.awaitingSignature) return { title: "Checklist completed", card: CardFactory.adaptiveCard(card), width: "medium", height: "large" };
    return completed.line;
  });

  // Universal Action from a card drawn before rows had dialogs: the checklist as its own message, never replacing the digest.
  app.adaptiveCards.actionExecute("record.open", async (context: TurnContext, _state, data) => {
    const { card, title } = await openRecord(deps, turnOf(context), data, "message");
    await context.sendActivity(cardMessage(card));
    return `${title}: below`;
  });

  app.adaptiveCards.actionExecute("record.refresh", async (context: TurnContext, _state, data) => {
    const { card } = await openRecord(deps, turnOf(context), data, "message");
    await answerInvoke(context, card);
    return card;
  });

  // The checklist as its own message: the answer replaces it, for everyone, and the digest's row is marked done.
  app.adaptiveCards.actionExecute("record.submit", async (context: TurnContext, _state, data) => {
    const turn = turnOf(context);
    const { card, completed } = await submitRecord(deps, turn, data, "message");
    await answerInvoke(context, card);
    if (completed) {
      if (context.activity.replyToId) {
        await context.updateActivity({ ...cardMessage(card), id: context.activity.replyToId }).catch((error: unknown) => deps.log.warn({ err: error }, "updating the card for everyone failed"));
      }
      await updateDigest(context, turn, completed.digest);
    }
    return card;
  });

  // R-QUAR: "Take out of service" on a failed check's card; the corrective action's card replaces it.
  app.adaptiveCards.actionExecute("record.quarantine", async (context: TurnContext, _state, data) => {
    const card = await quarantineFromCard(deps, turnOf(context), data);
    await answerInvoke(context, card);
    return card;
  });

  app.adaptiveCards.actionExecute("digest.refresh", async (context: TurnContext, _state, data) => {
    const turn = turnOf(context);
    const card = await refreshDigest(deps, turn, await findInstallation(deps.db, turn.conversationKey), data);
    await answerInvoke(context, card);
    return card;
  });

  // Second-person review (R-REVIEW): the review card's buttons; the answer replaces the card.
  app.adaptiveCards.actionExecute("review.list", async (context: TurnContext) => {
    const card = await reviewListCard(deps, turnOf(context));
    await answerInvoke(context, card);
    return card;
  });
  for (const [verb, decision] of [["review.approve", "review"], ["review.return", "return"]] as const) {
    app.adaptiveCards.actionExecute(verb, async (context: TurnContext, _state, data) => {
      const card = await decideFromCard(deps, turnOf(context), decision, data);
      await answerInvoke(context, card);
      return card;
    });
  }
  // The message extension: search (composeExtension/query) and link unfurling, installed or not.
  const extension = (result: ExtensionResult) => result as MessagingExtensionResult;
  app.messageExtensions.query(SEARCH_COMMAND, async (context: TurnContext, _state, query) =>
    extension(await searchExtension(deps, turnOf(context), { parameters: query.parameters, skip: query.skip, count: query.count })),
  );
  app.messageExtensions.queryLink(async (context: TurnContext, _state, url) => extension(await unfurlLink(deps, turnOf(context), url)));
  app.messageExtensions.anonymousQueryLink(async (_context, _state, url) => extension(unfurlAnonymous(deps, url)));

  // The inserted or unfurled card, drawn again for whoever views it.
  app.adaptiveCards.actionExecute("lookup.refresh", async (context: TurnContext, _state, data) => {
    const card = await refreshLookup(deps, turnOf(context), data);
    await answerInvoke(context, card);
    return card;
  });

  app.error(async (context, error) => {
    deps.log.error({ err: error, activityType: context.activity.type }, "bot turn failed");
  });
  return app;
}
